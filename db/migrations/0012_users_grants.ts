import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Users' lifecycle and per-file grants. Frozen.
 * - `users` is rebuilt without the CHECK on `role`: the contract validates roles, and a new
 *   role (auditor now, more later) must not need a table rebuild each time. `removed_at`
 *   marks a user whose key slot was destroyed; the row stays so the records they made keep
 *   their name (loans, items, moves reference users.id).
 * - `file_grants`: an administrator lets one user see one file above their clearance until a
 *   date (inclusive, the archive's local date).
 * The new table is renamed into place (never the old one away: a renamed parent takes the
 * other tables' foreign keys with it).
 */
export const m0012_users_grants: Migration = {
  version: 12,
  name: 'users_grants',
  up({ exec }) {
    // Foreign keys cannot be switched off inside the migrations' transaction: they are deferred
    // instead. Dropping `users` leaves the other tables' rows without a parent for a moment;
    // inserting the rows into the new `users` gives them back before the commit checks.
    exec(sql`pragma defer_foreign_keys = on`);
    exec(sql`create temp table users_copy as select * from users`);
    exec(sql`create table users_new (
      id text primary key,
      username text not null unique collate nocase,
      display_name text not null,
      role text not null,
      department text not null default '',
      clearance text not null check (clearance in ('normal','restricted','confidential','top_secret')),
      active integer not null default 1,
      created_at text not null,
      removed_at text
    )`);
    exec(sql`drop table users`);
    exec(sql`alter table users_new rename to users`);
    exec(sql`insert into users (id, username, display_name, role, department, clearance, active, created_at)
      select id, username, display_name, role, department, clearance, active, created_at from temp.users_copy`);
    exec(sql`drop table temp.users_copy`);

    exec(sql`create table file_grants (
      id text primary key,
      file_id text not null references files(id) on delete cascade,
      user_id text not null references users(id),
      until text not null,
      reason text not null default '',
      granted_by text not null references users(id),
      granted_at text not null
    )`);
    exec(sql`create index file_grants_user on file_grants(user_id, until)`);
    exec(sql`create index file_grants_file on file_grants(file_id)`);
  },
};
