import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Full-text search over clients with FTS5's trigram tokenizer, which matches Chinese
 * substrings of three or more characters (shorter queries fall back to LIKE).
 * External-content table kept in step by triggers. Frozen.
 */
export const m0002_client_search: Migration = {
  version: 2,
  name: 'client_search',
  up({ exec }) {
    exec(sql`create virtual table clients_fts using fts5(
      name, credit_code, category, contact_person, contact_phone,
      content='clients', content_rowid='rowid', tokenize='trigram'
    )`);
    exec(sql`create trigger clients_fts_ai after insert on clients begin
      insert into clients_fts(rowid, name, credit_code, category, contact_person, contact_phone)
      values (new.rowid, new.name, new.credit_code, new.category, new.contact_person, new.contact_phone);
    end`);
    exec(sql`create trigger clients_fts_ad after delete on clients begin
      insert into clients_fts(clients_fts, rowid, name, credit_code, category, contact_person, contact_phone)
      values ('delete', old.rowid, old.name, old.credit_code, old.category, old.contact_person, old.contact_phone);
    end`);
    exec(sql`create trigger clients_fts_au after update on clients begin
      insert into clients_fts(clients_fts, rowid, name, credit_code, category, contact_person, contact_phone)
      values ('delete', old.rowid, old.name, old.credit_code, old.category, old.contact_person, old.contact_phone);
      insert into clients_fts(rowid, name, credit_code, category, contact_person, contact_phone)
      values (new.rowid, new.name, new.credit_code, new.category, new.contact_person, new.contact_phone);
    end`);
    exec(sql`insert into clients_fts(clients_fts) values ('rebuild')`);
  },
};
