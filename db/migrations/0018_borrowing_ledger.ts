import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * The borrowing ledger: applications and their approval steps, loans against people, in-room
 * reading, incidents found at return, holds. Frozen.
 * - `applications` (借阅申请): a requester (a person), a kind (read 查阅 / loan 外借 / copy 复制摘抄),
 *   purpose, the period wanted, an introduction letter for outside people, and a status; a paper
 *   application signed outside the system records who signed and when. `application_files` names
 *   the files or single items asked for.
 * - `approval_steps` (审批): one row per step the routing rules produced; a decision is written
 *   once (who, when, approved or rejected, comment or reason) and never changed.
 * - `loans` is rebuilt: a borrower is a person (`borrower_id`; `borrower` keeps the name as it was
 *   at the time, and the free-text name of loans made before people existed), an application, a
 *   kind (`read` has no due date), renewals, a return note, and `corrects_id` for a reversing
 *   entry. Entries are never deleted, and a closed entry never changes. The one open entry per
 *   file stays a unique partial index: two clerks lending the same file at once, one wins.
 * - `incidents`: an item missing or damaged at return, against the loan and the borrower, open
 *   until resolved (found, replaced, written off with a reason).
 * - `holds` (预约): a queue per file; the first waiting hold becomes ready at return.
 */
export const m0018_borrowing_ledger: Migration = {
  version: 18,
  name: 'borrowing_ledger',
  up({ exec }) {
    exec(sql`create table applications (
      id text primary key,
      requester_id text not null references people(id),
      kind text not null check (kind in ('read','loan','copy')),
      purpose text not null,
      wanted_from text not null,
      wanted_until text not null,
      letter_no text not null default '',
      status text not null check (status in ('pending','approved','rejected','withdrawn')),
      paper_signed_by text,
      paper_signed_on text,
      created_at text not null,
      created_by text not null references users(id),
      decided_at text,
      check ((paper_signed_by is null) = (paper_signed_on is null))
    )`);
    exec(sql`create index applications_requester on applications(requester_id, created_at)`);
    exec(sql`create index applications_status on applications(status, created_at)`);
    exec(sql`create table application_files (
      id integer primary key autoincrement,
      application_id text not null references applications(id),
      file_id text not null references files(id),
      item_id text references file_items(id)
    )`);
    exec(sql`create unique index application_files_unique on application_files(application_id, file_id, ifnull(item_id, ''))`);
    exec(sql`create index application_files_file on application_files(file_id)`);
    exec(sql`create table approval_steps (
      id text primary key,
      application_id text not null references applications(id),
      seq integer not null,
      rule_id text not null,
      approver text not null check (approver in ('department_head','general_manager','archive_manager')),
      department_id text references departments(id),
      purpose text not null check (purpose in ('access','copy')),
      decision text check (decision in ('approved','rejected')),
      decided_by text references users(id),
      decided_at text,
      comment text not null default '',
      unique (application_id, seq),
      check ((decision is null) = (decided_at is null)),
      check (decision is not 'rejected' or comment <> '')
    )`);
    exec(sql`create index approval_steps_open on approval_steps(approver, department_id) where decision is null`);
    exec(sql`create trigger approval_steps_decided_once before update on approval_steps when old.decision is not null
      begin select raise(abort, 'an approval decision is never changed'); end`);
    exec(sql`create trigger approval_steps_no_delete before delete on approval_steps begin select raise(abort, 'approval steps are never deleted'); end`);
    exec(sql`create trigger applications_no_delete before delete on applications begin select raise(abort, 'applications are never deleted'); end`);

    // Rebuilt under its own name (see 0012): foreign keys deferred while the rows move.
    exec(sql`pragma defer_foreign_keys = on`);
    exec(sql`create temp table loans_copy as select * from loans`);
    exec(sql`create table loans_new (
      id text primary key,
      file_id text not null references files(id),
      kind text not null default 'loan' check (kind in ('loan','read')),
      borrower text not null,
      borrower_id text references people(id),
      application_id text references applications(id),
      purpose text not null default '',
      lent_at text not null,
      lent_by text not null references users(id),
      due_date text,
      returned_at text,
      returned_by text references users(id),
      renewals integer not null default 0,
      return_note text not null default '',
      corrects_id text references loans(id),
      correction_reason text,
      check (kind = 'read' or due_date is not null),
      check ((corrects_id is null) = (correction_reason is null))
    )`);
    exec(sql`drop table loans`);
    exec(sql`alter table loans_new rename to loans`);
    exec(sql`insert into loans (id, file_id, kind, borrower, purpose, lent_at, lent_by, due_date, returned_at, returned_by)
      select id, file_id, 'loan', borrower, purpose, lent_at, lent_by, due_date, returned_at, returned_by from temp.loans_copy`);
    exec(sql`drop table temp.loans_copy`);
    exec(sql`create index loans_file on loans(file_id, lent_at)`);
    // The database itself guarantees a file is never out twice at once (lent or being read).
    exec(sql`create unique index loans_one_open_per_file on loans(file_id) where returned_at is null`);
    exec(sql`create index loans_open_due on loans(due_date) where returned_at is null`);
    exec(sql`create index loans_borrower on loans(borrower_id, lent_at) where borrower_id is not null`);
    exec(sql`create index loans_application on loans(application_id) where application_id is not null`);
    exec(sql`create trigger loans_no_delete before delete on loans begin select raise(abort, 'the ledger is append-only'); end`);
    exec(sql`create trigger loans_closed_frozen before update on loans when old.returned_at is not null
      begin select raise(abort, 'a closed ledger entry never changes; record a correction'); end`);

    exec(sql`create table incidents (
      id text primary key,
      loan_id text not null references loans(id),
      file_id text not null references files(id),
      item_id text references file_items(id),
      person_id text references people(id),
      kind text not null check (kind in ('missing','damaged')),
      note text not null default '',
      status text not null default 'open' check (status in ('open','found','replaced','written_off')),
      resolution_reason text not null default '',
      created_at text not null,
      created_by text not null references users(id),
      resolved_at text,
      resolved_by text references users(id),
      check ((status = 'open') = (resolved_at is null)),
      check (status <> 'written_off' or resolution_reason <> '')
    )`);
    exec(sql`create index incidents_open_file on incidents(file_id) where status = 'open'`);
    exec(sql`create index incidents_person on incidents(person_id, created_at)`);
    exec(sql`create trigger incidents_no_delete before delete on incidents begin select raise(abort, 'incidents are never deleted'); end`);

    exec(sql`create table holds (
      id text primary key,
      file_id text not null references files(id),
      person_id text not null references people(id),
      status text not null default 'waiting' check (status in ('waiting','ready','fulfilled','cancelled')),
      created_at text not null,
      created_by text not null references users(id),
      ready_at text,
      closed_at text
    )`);
    exec(sql`create index holds_queue on holds(file_id, created_at) where status in ('waiting','ready')`);
    exec(sql`create unique index holds_one_per_person on holds(file_id, person_id) where status in ('waiting','ready')`);
  },
};
