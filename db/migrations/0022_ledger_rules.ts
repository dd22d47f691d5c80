import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * The ledger's rules in the database itself (0018 made the tables). Frozen.
 * - An open ledger entry changes only by its transitions (closing it, renewing it: due date,
 *   renewal count up, return note); who, what, when and against which application never change.
 * - A reversing entry (冲正) is born closed, reverses one original entry of the same file, and an
 *   entry is reversed at most once.
 * - An incident changes only by being resolved, once; holds move waiting → ready → fulfilled, or
 *   to cancelled, and are never deleted; a decided application never changes.
 * - Indexes for the desk at a million entries: a borrower's open loans (the overdue block) and
 *   the entry reversing another.
 */
export const m0022_ledger_rules: Migration = {
  version: 22,
  name: 'ledger_rules',
  up({ exec }) {
    exec(sql`create trigger loans_open_transitions before update on loans when old.returned_at is null and (
      new.id is not old.id or new.file_id is not old.file_id or new.kind is not old.kind or new.borrower is not old.borrower
      or new.borrower_id is not old.borrower_id or new.application_id is not old.application_id or new.purpose is not old.purpose
      or new.lent_at is not old.lent_at or new.lent_by is not old.lent_by or new.corrects_id is not old.corrects_id
      or new.correction_reason is not old.correction_reason or new.renewals < old.renewals
      or (new.returned_at is null) <> (new.returned_by is null))
      begin select raise(abort, 'a ledger entry changes only by its transitions; record a correction'); end`);
    exec(sql`create unique index loans_reversed_once on loans(corrects_id) where corrects_id is not null`);
    exec(sql`create trigger loans_reversal_rule before insert on loans when new.corrects_id is not null and (
      new.returned_at is null
      or not exists (select 1 from loans o where o.id = new.corrects_id and o.corrects_id is null and o.file_id = new.file_id))
      begin select raise(abort, 'a reversing entry is closed and reverses one original entry of the same file'); end`);
    exec(sql`create index loans_open_borrower on loans(borrower_id, due_date) where returned_at is null and borrower_id is not null`);

    exec(sql`create trigger incidents_resolved_once before update on incidents when old.status <> 'open' or new.id is not old.id
      or new.loan_id is not old.loan_id or new.file_id is not old.file_id or new.item_id is not old.item_id
      or new.person_id is not old.person_id or new.kind is not old.kind or new.note is not old.note
      or new.created_at is not old.created_at or new.created_by is not old.created_by
      begin select raise(abort, 'an incident changes only by being resolved, once'); end`);

    exec(sql`create trigger holds_no_delete before delete on holds begin select raise(abort, 'holds are never deleted'); end`);
    exec(sql`create trigger holds_transitions before update on holds when not (
      (old.status = 'waiting' and new.status in ('ready', 'cancelled')) or (old.status = 'ready' and new.status in ('fulfilled', 'cancelled')))
      or new.id is not old.id or new.file_id is not old.file_id or new.person_id is not old.person_id
      or new.created_at is not old.created_at or new.created_by is not old.created_by
      begin select raise(abort, 'a hold moves waiting, ready, fulfilled or cancelled, never back'); end`);

    exec(sql`create trigger applications_decided_frozen before update on applications when old.status <> 'pending'
      begin select raise(abort, 'a decided application never changes'); end`);
  },
};
