import type { SessionUser } from '../../shared/contract.js';
import type { ArchiveDb } from '../connection.js';
import type { UsersTable } from '../schema.js';
import type { Handler } from './context.js';

export function toSessionUser(row: UsersTable): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    department: row.department,
    clearance: row.clearance,
  };
}

export function findUserByName(db: ArchiveDb, username: string): UsersTable | undefined {
  return db.one(db.k.selectFrom('users').selectAll().where('username', '=', username));
}

export function findUserById(db: ArchiveDb, id: string): UsersTable | undefined {
  return db.one(db.k.selectFrom('users').selectAll().where('id', '=', id));
}

export const listUsers: Handler<'users.list'> = (ctx) =>
  ctx.db
    .all(ctx.db.k.selectFrom('users').selectAll().orderBy('username'))
    .map((row) => ({ ...toSessionUser(row), active: row.active === 1 }));
