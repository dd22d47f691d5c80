import { randomUUID } from 'node:crypto';
import { DossierError } from '../../shared/errors.js';
import type { usersOps } from '../../shared/ops/users.js';
import { readSettings } from '../records/settings.js';
import { checkNewPassword, findUserByName, toSessionUser } from '../records/users.js';
import type { Handler, HandlersOf, KeyHandler } from './kit.js';

export const listUsers: Handler<'users.list'> = (ctx) =>
  ctx.db.all(ctx.db.k.selectFrom('users').selectAll().orderBy('username')).map((row) => ({ ...toSessionUser(row), active: row.active === 1 }));

/** A user is a row and a key slot: both are written, or neither. */
export const createUser: KeyHandler<'users.create'> = async (ctx, keys, input) => {
  checkNewPassword(input.password, input.username, readSettings(ctx.db).passwordMinLength);
  if (findUserByName(ctx.db, input.username)) throw new DossierError('user.duplicate', { username: input.username });
  const row = {
    id: randomUUID(),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    department: input.department ?? '',
    clearance: input.clearance ?? 'normal',
    active: 1,
    createdAt: ctx.now().toISOString(),
  };
  const slot = await keys.wrap({ id: row.id, username: row.username }, input.password);
  try {
    keys.putSlot(slot, () => {
      ctx.db.run(ctx.db.k.insertInto('users').values(row));
      ctx.audit({
        action: 'users.create',
        targetType: 'user',
        targetId: row.id,
        targetLabel: row.username,
        details: { role: row.role, department: row.department, clearance: row.clearance },
      });
    });
  } catch (err) {
    if (err instanceof Error && /UNIQUE/.test(err.message)) throw new DossierError('user.duplicate', { username: input.username });
    throw err;
  }
  return toSessionUser(row);
};

/** The handlers of the `users.*` operations. */
export const usersHandlers = {
  'users.list': listUsers,
  'users.create': createUser,
} satisfies HandlersOf<typeof usersOps>;
