import { randomUUID } from 'node:crypto';
import { DossierError } from '../../shared/errors.js';
import type { UserRecord, usersOps } from '../../shared/ops/users.js';
import type { OperationContext } from '../context.js';
import type { UsersRow } from '../schema.js';
import { readSettings } from '../records/settings.js';
import { activeAdminCount, checkNewPassword, findUserByName, toSessionUser } from '../records/users.js';
import type { Handler, HandlersOf, KeyHandler } from './kit.js';

const toRecord = (row: UsersRow): UserRecord => ({ ...toSessionUser(row), active: row.active === 1 });

export const listUsers: Handler<'users.list'> = (ctx) => ctx.db.all(ctx.db.k.selectFrom('users').selectAll().where('removedAt', 'is', null).orderBy('username')).map(toRecord);

/** A user is a row and a key slot: both are written, or neither. */
export const createUser: KeyHandler<'users.create'> = async (ctx, keys, input) => {
  checkNewPassword(input.password, input.username, readSettings(ctx.db).passwordMinLength);
  // A removed user's name stays taken: the audit trail never names two people alike.
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
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, department: row.department, clearance: row.clearance };
};

/** A user who still has a key slot (not removed), by name under case folding. */
function existingUser(ctx: OperationContext, username: string): UsersRow {
  const row = findUserByName(ctx.db, username);
  if (!row || row.removedAt) throw new DossierError('user.notFound', { username });
  return row;
}

/** An administrator does not lock themselves out: another administrator disables, removes, demotes or resets them. */
function notSelf(ctx: OperationContext, row: UsersRow): void {
  if (row.id === ctx.user.id) throw new DossierError('user.self', { username: row.username });
}

/** The archive always keeps one active administrator, or nobody could manage users again. */
function keepsAnAdmin(ctx: OperationContext, row: UsersRow, after: { role: string; active: boolean }): void {
  const losesAdmin = row.role === 'admin' && row.active === 1 && (after.role !== 'admin' || !after.active);
  if (losesAdmin && activeAdminCount(ctx.db) <= 1) throw new DossierError('user.lastAdmin', { username: row.username });
}

export const updateUser: Handler<'users.update'> = (ctx, input) => {
  const row = existingUser(ctx, input.username);
  const wanted = { displayName: input.displayName, department: input.department, role: input.role, clearance: input.clearance };
  const changes: Record<string, [string, string]> = {};
  for (const [field, value] of Object.entries(wanted) as [keyof typeof wanted, string | undefined][]) {
    if (value !== undefined && value !== row[field]) changes[field] = [row[field], value];
  }
  if (Object.keys(changes).length === 0) throw new DossierError('user.noChanges', { username: row.username });
  if (changes.role) {
    notSelf(ctx, row);
    keepsAnAdmin(ctx, row, { role: changes.role[1], active: row.active === 1 });
  }
  const set = Object.fromEntries(Object.entries(changes).map(([field, [, value]]) => [field, value]));
  ctx.db.run(ctx.db.k.updateTable('users').set(set).where('id', '=', row.id));
  ctx.audit({
    action: 'users.update',
    targetType: 'user',
    targetId: row.id,
    targetLabel: row.username,
    // The shape the audit log renders as `field: old → new` (db/records/auditLog.ts).
    details: { changes: Object.entries(changes).map(([field, [from, to]]) => ({ field, from, to })) },
  });
  return toRecord({ ...row, ...set });
};

function setActive(ctx: OperationContext, username: string, active: boolean, action: 'users.disable' | 'users.enable', reason?: string): UserRecord {
  const row = existingUser(ctx, username);
  if ((row.active === 1) === active) throw new DossierError('user.noChanges', { username: row.username });
  if (!active) {
    notSelf(ctx, row);
    keepsAnAdmin(ctx, row, { role: row.role, active });
  }
  ctx.db.run(
    ctx.db.k
      .updateTable('users')
      .set({ active: active ? 1 : 0 })
      .where('id', '=', row.id),
  );
  ctx.audit({ action, targetType: 'user', targetId: row.id, targetLabel: row.username, details: reason ? { reason } : {} });
  return toRecord({ ...row, active: active ? 1 : 0 });
}

export const disableUser: Handler<'users.disable'> = (ctx, input) => setActive(ctx, input.username, false, 'users.disable', input.reason);
export const enableUser: Handler<'users.enable'> = (ctx, input) => setActive(ctx, input.username, true, 'users.enable');

/** Destroys the slot; the row stays (marked removed) so loans, items and moves keep naming who made them. */
export const removeUser: KeyHandler<'users.remove'> = async (ctx, keys, input) => {
  const row = existingUser(ctx, input.username);
  notSelf(ctx, row);
  keepsAnAdmin(ctx, row, { role: row.role, active: false });
  keys.dropSlot(row.id, () => {
    const grants = ctx.db.run(ctx.db.k.deleteFrom('file_grants').where('userId', '=', row.id)).changes;
    ctx.db.run(ctx.db.k.updateTable('users').set({ active: 0, removedAt: ctx.now().toISOString() }).where('id', '=', row.id));
    ctx.audit({
      action: 'users.remove',
      targetType: 'user',
      targetId: row.id,
      targetLabel: row.username,
      details: { role: row.role, clearance: row.clearance, grantsEnded: grants, ...(input.reason ? { reason: input.reason } : {}) },
    });
  });
  return { ok: true };
};

/** A new slot for another user; their old password no longer opens anything. */
export const resetPassword: KeyHandler<'users.resetPassword'> = async (ctx, keys, input) => {
  const row = existingUser(ctx, input.username);
  notSelf(ctx, row);
  checkNewPassword(input.password, row.username, readSettings(ctx.db).passwordMinLength);
  const slot = await keys.wrap({ id: row.id, username: row.username }, input.password);
  keys.putSlot(slot, () => ctx.audit({ action: 'users.resetPassword', targetType: 'user', targetId: row.id, targetLabel: row.username }));
  return { ok: true };
};

/** The handlers of the `users.*` operations. */
export const usersHandlers = {
  'users.list': listUsers,
  'users.create': createUser,
  'users.update': updateUser,
  'users.disable': disableUser,
  'users.enable': enableUser,
  'users.remove': removeUser,
  'users.resetPassword': resetPassword,
} satisfies HandlersOf<typeof usersOps>;
