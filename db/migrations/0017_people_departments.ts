import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * People and departments (borrowers are people, not text). Frozen.
 * - `departments`: a name and its head (部门负责人), a user who approves its files' applications.
 * - `people`: staff (department, staff number, the card barcode a scanner reads) and outside people
 *   (organisation, ID or work-card number, introduction letter number). Staff and card numbers are
 *   unique among people; a user account may be linked to its staff person (at most one each).
 * - `files.department_id`: the department a file belongs to, when set by hand; otherwise the
 *   client's account manager's department is used (db/records/departments.ts).
 */
export const m0017_people_departments: Migration = {
  version: 17,
  name: 'people_departments',
  up({ exec }) {
    exec(sql`create table departments (
      id text primary key,
      name text not null unique collate nocase,
      head_user_id text references users(id),
      created_at text not null,
      updated_at text not null
    )`);
    exec(sql`create table people (
      id text primary key,
      kind text not null check (kind in ('staff','outside')),
      name text not null,
      department_id text references departments(id),
      staff_no text collate nocase,
      card_no text collate nocase,
      organisation text not null default '',
      id_no text not null default '',
      letter_no text not null default '',
      user_id text references users(id),
      remarks text not null default '',
      active integer not null default 1,
      created_at text not null,
      updated_at text not null,
      check (kind = 'outside' or department_id is not null),
      check (kind = 'staff' or (organisation <> '' and id_no <> ''))
    )`);
    exec(sql`create unique index people_staff_no on people(staff_no) where staff_no is not null`);
    exec(sql`create unique index people_card_no on people(card_no) where card_no is not null`);
    exec(sql`create unique index people_user on people(user_id) where user_id is not null`);
    exec(sql`create index people_name on people(name)`);
    exec(sql`create index people_department on people(department_id)`);
    exec(sql`alter table files add column department_id text references departments(id)`);
    exec(sql`create index files_department on files(department_id) where department_id is not null`);
  },
};
