/** Users as stored (key slots live in archive.json; these rows say who a slot belongs to). */
import type { SessionUser } from '../../shared/contract.js';
import { MIN_PASSWORD_LENGTH, passwordTooShort } from '../../shared/domain/passwords.js';
import { DossierError } from '../../shared/errors.js';
import type { ArchiveDb } from '../connection.js';
import { usernameKey } from '../keys.js';
import type { UsersRow } from '../schema.js';

export function toSessionUser(row: Omit<UsersRow, 'encryptionKey' | 'signingKey'> & Partial<UsersRow>): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    department: row.department,
    clearance: row.clearance,
  };
}

/** The user whose name equals `username` under case folding and Unicode normalisation. */
export function findUserByName(db: ArchiveDb, username: string): UsersRow | undefined {
  const wanted = usernameKey(username);
  return db.all(db.k.selectFrom('users').selectAll()).find((u) => usernameKey(u.username) === wanted);
}

/** Administrators who can still sign in. */
export function activeAdminCount(db: ArchiveDb): number {
  const row = db.one(
    db.k
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .where('removedAt', 'is', null),
  );
  return row?.n ?? 0;
}

export function findUserById(db: ArchiveDb, id: string): UsersRow | undefined {
  return db.one(db.k.selectFrom('users').selectAll().where('id', '=', id));
}

/** The password policy of every new key slot: long enough, not only spaces, not the user's own name. */
export function checkNewPassword(password: string, username: string, minLength = MIN_PASSWORD_LENGTH): void {
  if (passwordTooShort(password) || [...password].length < minLength) throw new DossierError('auth.weakPassword', { min: Math.max(minLength, MIN_PASSWORD_LENGTH) });
  if (password.trim() === '') throw new DossierError('auth.blankPassword');
  if (usernameKey(password) === usernameKey(username)) throw new DossierError('auth.passwordIsUsername');
}
