import { sql } from 'kysely';
import type { Migration } from './types.js';

const SEALED = `('confidential', 'top_secret')`;
/** Until an administrator's unlock has made the level keys, content is written as before (and sealed then). */
const IN_USE = `exists (select 1 from level_keys)`;
/** A stored value sealed content may take: empty, or a token (db/sealed.ts). */
const ok = (v: string) => `(${v} is null or ${v} = '' or substr(${v}, 1, 6) = char(2) || 'dsk1.')`;

/**
 * Level keys (issue 8, finding 2; README "Level keys"):
 * - `file_keys`: each 机密/绝密 file's content keys, one per generation (a level change makes a
 *   new one), wrapped under the level key (`open`: the file is no longer sealed; kept as is so
 *   older audit entries stay readable).
 * - `level_keys`: each level key's fingerprint signed with the authority key: a key sealed into
 *   an envelope by someone else is not taken.
 * - `file_key_grants`: a grant's file keys sealed to the grantee's X25519 public key.
 * - `sealed_dirty`: sealed files whose level index (an attached database under the level key) is
 *   to be rebuilt; kept by triggers, emptied by the engine after each write.
 * - Guards: a 机密/绝密 file's title, remarks, contents-list text and history values are refused
 *   unless sealed, so no write path can put their plaintext on a page.
 * - The append-only triggers of history and sealed originals let re-encryption through
 *   (`dossier_same` compares what the values say, with the connection's keys).
 * Frozen.
 */
export const m0020_level_keys: Migration = {
  version: 20,
  name: 'level_keys',
  up({ exec }) {
    exec(sql`create table file_keys (
      file_id text not null,
      gen integer not null,
      level text not null check (level in ('open', 'confidential', 'top_secret')),
      wrapped text not null,
      created_at text not null,
      primary key (file_id, gen)
    )`);
    exec(sql`create table level_keys (
      level text primary key check (level in ${sql.raw(SEALED)}),
      fingerprint text not null,
      signature text not null,
      signer_key text not null,
      created_at text not null
    )`);
    exec(sql`create table file_key_grants (
      grant_id text not null,
      file_id text not null,
      gen integer not null,
      user_id text not null,
      sealed text not null,
      primary key (grant_id, gen)
    )`);
    exec(sql`create index file_key_grants_user on file_key_grants(user_id, file_id)`);
    exec(sql`create table sealed_dirty (file_id text primary key, rev integer not null)`);

    const fileLevel = (fileId: string) => `(select f.confidentiality from files f where f.id = ${fileId})`;
    const guard = (name: string, event: string, table: string, when: string) =>
      exec(sql.raw(`create trigger ${name} before ${event} on ${table} when ${IN_USE} and ${when} begin select raise(abort, 'sealed content required'); end`));
    const fileOk = `not (${ok('new.title')} and ${ok('new.remarks')})`;
    guard('files_sealed_insert', 'insert', 'files', `new.confidentiality in ${SEALED} and ${fileOk}`);
    guard('files_sealed_update', 'update', 'files', `new.confidentiality in ${SEALED} and ${fileOk}`);
    const itemOk = `not (${ok('new.title')} and ${ok('new.doc_no')} and ${ok('new.responsible_party')} and ${ok('new.remarks')} and ${ok('new.correction_reason')})`;
    guard('file_items_sealed_insert', 'insert', 'file_items', `${fileLevel('new.file_id')} in ${SEALED} and ${itemOk}`);
    guard('file_items_sealed_update', 'update', 'file_items', `${fileLevel('new.file_id')} in ${SEALED} and ${itemOk}`);
    const historyLevel = `(case new.entity_type when 'file' then ${fileLevel('new.entity_id')}
      when 'item' then (select f.confidentiality from file_items i join files f on f.id = i.file_id where i.origin_id = new.entity_id limit 1) end)`;
    guard('change_log_sealed_insert', 'insert', 'change_log', `${historyLevel} in ${SEALED} and not (${ok('new.old_value')} and ${ok('new.new_value')})`);

    exec(sql`drop trigger change_log_no_update`);
    exec(sql`create trigger change_log_no_update before update on change_log
      when new.id is not old.id or new.at is not old.at or new.user_id is not old.user_id or new.entity_type is not old.entity_type
        or new.entity_id is not old.entity_id or new.field is not old.field or new.reason is not old.reason
        or not dossier_same(old.old_value, new.old_value) or not dossier_same(old.new_value, new.new_value)
      begin select raise(abort, 'change log is append-only'); end`);
    exec(sql`drop trigger file_items_sealed_no_update`);
    exec(sql`create trigger file_items_sealed_no_update before update on file_items
      when old.sealed_at is not null and (
        not dossier_same(new.title, old.title) or not dossier_same(new.doc_no, old.doc_no) or not dossier_same(new.responsible_party, old.responsible_party)
        or new.doc_date is not old.doc_date or new.page_count is not old.page_count or new.doc_kind is not old.doc_kind
        or not dossier_same(new.remarks, old.remarks) or new.file_id is not old.file_id or new.sealed_at is not old.sealed_at)
      begin select raise(abort, 'sealed item is read-only'); end`);

    const mark = (fileId: string) => `insert into sealed_dirty (file_id, rev) values (${fileId}, 1) on conflict (file_id) do update set rev = rev + 1;`;
    exec(sql.raw(`create trigger sealed_dirty_files_ai after insert on files when new.confidentiality in ${SEALED} begin ${mark('new.id')} end`));
    exec(
      sql.raw(`create trigger sealed_dirty_files_au after update of title, archive_no, confidentiality on files
        when old.confidentiality in ${SEALED} or new.confidentiality in ${SEALED} begin ${mark('new.id')} end`),
    );
    exec(sql.raw(`create trigger sealed_dirty_items_ai after insert on file_items when ${fileLevel('new.file_id')} in ${SEALED} begin ${mark('new.file_id')} end`));
    exec(sql.raw(`create trigger sealed_dirty_items_au after update on file_items when ${fileLevel('new.file_id')} in ${SEALED} begin ${mark('new.file_id')} end`));
    exec(sql.raw(`create trigger sealed_dirty_items_ad after delete on file_items when ${fileLevel('old.file_id')} in ${SEALED} begin ${mark('old.file_id')} end`));
  },
};
