import { DossierError } from '../../shared/errors.js';
import type { sessionOps } from '../../shared/ops/session.js';
import { readSettings } from '../records/settings.js';
import { checkNewPassword } from '../records/users.js';
import type { HandlersOf, KeyHandler } from './kit.js';

/** Rewraps this user's slot only; the database is never re-encrypted for a password change. */
export const changePassword: KeyHandler<'session.changePassword'> = async (ctx, keys, input) => {
  if (!(await keys.opensOwnSlot(input.currentPassword))) throw new DossierError('auth.wrongPassword');
  checkNewPassword(input.newPassword, ctx.user.username, readSettings(ctx.db).passwordMinLength);
  const slot = await keys.wrap(ctx.user, input.newPassword);
  keys.putSlot(slot, () => ctx.audit({ action: 'session.changePassword', targetType: 'user', targetId: ctx.user.id, targetLabel: ctx.user.username }));
  return { ok: true };
};

/** The handlers of the `session.*` operations; unlocking and locking run on the archive host. */
export const sessionHandlers = {
  'session.unlock': (host, input) => host.unlock(input.username, input.password),
  'session.lock': (host) => {
    host.lock();
    return { ok: true };
  },
  'session.remember': (host, input) => {
    host.remember(input.place);
    return { ok: true };
  },
  'session.changePassword': changePassword,
} satisfies HandlersOf<typeof sessionOps>;
