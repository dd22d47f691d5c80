import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * One search index over clients, files and items (issue: "one search box"):
 * - `search_docs`: one row per searchable record with its normalized text (Traditional →
 *   Simplified, full-width → half-width, lower case; see db/search/normalize.ts) and the
 *   columns search filters on (kind, client, confidentiality, status, date).
 * - `search_trigram`: FTS5 trigram index over that text (substrings of 3+ characters).
 * - `search_grams`: FTS5 over the text's 1- and 2-character grams (shorter queries).
 * Triggers on the source tables keep `search_docs` current; triggers on `search_docs` keep
 * both FTS tables current. `dossier_norm`/`dossier_grams` are registered on every connection.
 * Replaces the client-only index of migration 2. Frozen.
 */
export const m0007_search: Migration = {
  version: 7,
  name: 'search',
  up({ exec }) {
    for (const name of ['clients_fts_ai', 'clients_fts_ad', 'clients_fts_au']) exec(sql`drop trigger if exists ${sql.raw(name)}`);
    exec(sql`drop table if exists clients_fts`);

    exec(sql`create table search_docs (
      id integer primary key,
      kind text not null check (kind in ('client', 'file', 'item')),
      ref_id text not null,
      client_id text not null,
      file_id text,
      confidentiality text,
      status text,
      doc_date text,
      label text not null,
      text text not null,
      unique (kind, ref_id)
    )`);
    exec(sql`create index search_docs_client on search_docs(client_id)`);
    exec(sql`create virtual table search_trigram using fts5(text, content='search_docs', content_rowid='id', tokenize='trigram')`);
    exec(sql`create virtual table search_grams using fts5(grams, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`);
    exec(sql`create trigger search_docs_ai after insert on search_docs begin
      insert into search_trigram(rowid, text) values (new.id, new.text);
      insert into search_grams(rowid, grams) values (new.id, dossier_grams(new.text));
    end`);
    exec(sql`create trigger search_docs_ad after delete on search_docs begin
      insert into search_trigram(search_trigram, rowid, text) values ('delete', old.id, old.text);
      delete from search_grams where rowid = old.id;
    end`);
    // Status changes (every loan and return) leave the text, and so the FTS tables, alone.
    exec(sql`create trigger search_docs_au after update of text on search_docs when old.text is not new.text begin
      insert into search_trigram(search_trigram, rowid, text) values ('delete', old.id, old.text);
      insert into search_trigram(rowid, text) values (new.id, new.text);
      delete from search_grams where rowid = old.id;
      insert into search_grams(rowid, grams) values (new.id, dossier_grams(new.text));
    end`);

    // Clients.
    const clientText = (r: string) =>
      sql.raw(
      `dossier_norm(concat_ws(' ', ${r}.name, ${r}.short_name, ${r}.credit_code, ${r}.category, ${r}.contact_person, ${r}.contact_phone, ${r}.legal_representative, ${r}.address))`,
    );
    exec(sql`create trigger search_clients_ai after insert on clients begin
      insert into search_docs (kind, ref_id, client_id, status, doc_date, label, text)
      values ('client', new.id, new.id, new.status, substr(new.created_at, 1, 10), new.name, ${clientText('new')});
    end`);
    exec(sql`create trigger search_clients_au after update on clients begin
      update search_docs set status = new.status, label = new.name, text = ${clientText('new')}
      where kind = 'client' and ref_id = new.id;
    end`);
    exec(sql`create trigger search_clients_ad after delete on clients begin
      delete from search_docs where kind = 'client' and ref_id = old.id;
    end`);

    // Files.
    const fileText = (r: string) => sql.raw(`dossier_norm(concat_ws(' ', ${r}.archive_no, ${r}.title))`);
    exec(sql`create trigger search_files_ai after insert on files begin
      insert into search_docs (kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text)
      values ('file', new.id, new.client_id, new.id, new.confidentiality, new.status, substr(new.created_at, 1, 10), new.title, ${fileText('new')});
    end`);
    exec(sql`create trigger search_files_au after update on files begin
      update search_docs set client_id = new.client_id, confidentiality = new.confidentiality, status = new.status,
        label = new.title, text = ${fileText('new')}
      where kind = 'file' and ref_id = new.id;
      update search_docs set confidentiality = new.confidentiality where kind = 'item' and file_id = new.id;
    end`);
    exec(sql`create trigger search_files_ad after delete on files begin
      delete from search_docs where kind = 'file' and ref_id = old.id;
    end`);

    // Contents-list items: only the current version of an item is searchable.
    const itemText = (r: string) => sql.raw(`dossier_norm(concat_ws(' ', ${r}.title, ${r}.doc_no, ${r}.responsible_party))`);
    exec(sql`create trigger search_items_ai after insert on file_items when new.superseded_by_id is null begin
      insert into search_docs (kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text)
      select 'item', new.id, f.client_id, f.id, f.confidentiality, null, new.doc_date, new.title, ${itemText('new')}
      from files f where f.id = new.file_id;
    end`);
    exec(sql`create trigger search_items_au after update on file_items begin
      delete from search_docs where kind = 'item' and ref_id = old.id and new.superseded_by_id is not null;
      update search_docs set doc_date = new.doc_date, label = new.title, text = ${itemText('new')}
      where kind = 'item' and ref_id = new.id and new.superseded_by_id is null;
    end`);
    exec(sql`create trigger search_items_ad after delete on file_items begin
      delete from search_docs where kind = 'item' and ref_id = old.id;
    end`);

    // Existing rows.
    exec(sql`insert into search_docs (kind, ref_id, client_id, status, doc_date, label, text)
      select 'client', id, id, status, substr(created_at, 1, 10), name, ${clientText('clients')} from clients`);
    exec(sql`insert into search_docs (kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text)
      select 'file', id, client_id, id, confidentiality, status, substr(created_at, 1, 10), title, ${fileText('files')} from files`);
    exec(sql`insert into search_docs (kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text)
      select 'item', i.id, f.client_id, f.id, f.confidentiality, null, i.doc_date, i.title, ${itemText('i')}
      from file_items i join files f on f.id = i.file_id where i.superseded_by_id is null`);
  },
};
