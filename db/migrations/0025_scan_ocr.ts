import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * OCR text of scans, and scans in the one search index. Frozen.
 * - `scan_ocr`: per scan, whether its text was read (`done`) or could not be (`failed`, with
 *   the error code), by which engine, how many pages, when.
 * - `scan_pages`: per page, the size of the page image the boxes refer to, where the text came
 *   from (`ocr`, or `pdf_text` for a PDF page that carries its own text layer), the text as
 *   read, and its lines with their boxes (JSON) so the viewer can highlight a phrase.
 * - `search_docs` is rebuilt to take `kind = 'scan'` (one row per scan attached to a file: its
 *   name and the text of all its pages, normalised like every other row). The rebuild copies
 *   the rows with their ids (the FTS tables point at them) and re-creates search_docs' own
 *   index and triggers as migration 0007 made them. The rename runs with legacy_alter_table on: the other tables' triggers name
 *   search_docs and must not be checked while it is briefly missing.
 * - Triggers keep a scan's row current: added, moved (file, item, name), removed, read by OCR;
 *   a file's confidentiality or client change reaches its scans' rows, so clearance filtering
 *   (db/search/query.ts) applies to OCR text exactly as to the file's other rows.
 * - A 机密/绝密 file's scan text is stored sealed under the file's key (db/records/scanOcr.ts);
 *   its search text lives in the level index like the file's other rows: these triggers mark
 *   the file in `sealed_dirty` when its scans or their text change.
 */
export const m0025_scan_ocr: Migration = {
  version: 25,
  name: 'scan_ocr',
  up({ exec }) {
    exec(sql`create table scan_ocr (
      scan_id text primary key references scans(id) on delete cascade,
      status text not null check (status in ('done','failed')),
      engine text not null,
      pages integer not null,
      error text,
      seconds real not null,
      finished_at text not null
    )`);
    exec(sql`create table scan_pages (
      scan_id text not null references scans(id) on delete cascade,
      page_no integer not null check (page_no >= 1),
      width integer not null,
      height integer not null,
      source text not null check (source in ('ocr','pdf_text')),
      text text not null,
      lines text not null,
      primary key (scan_id, page_no)
    )`);

    // search_docs with 'scan' among the kinds.
    exec(sql`pragma legacy_alter_table = on`);
    exec(sql`create table search_docs_new (
      id integer primary key,
      kind text not null check (kind in ('client', 'file', 'item', 'scan')),
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
    exec(sql`insert into search_docs_new (id, kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text)
      select id, kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text from search_docs`);
    exec(sql`drop table search_docs`);
    exec(sql`alter table search_docs_new rename to search_docs`);
    exec(sql`pragma legacy_alter_table = off`);
    // search_docs' own index and triggers, as migration 0007 made them (dropped with the old table).
    exec(sql`create index search_docs_client on search_docs(client_id)`);
    exec(sql`create trigger search_docs_ai after insert on search_docs begin
      insert into search_trigram(rowid, text) values (new.id, new.text);
      insert into search_grams(rowid, grams) values (new.id, dossier_grams(new.text));
    end`);
    exec(sql`create trigger search_docs_ad after delete on search_docs begin
      insert into search_trigram(search_trigram, rowid, text) values ('delete', old.id, old.text);
      delete from search_grams where rowid = old.id;
    end`);
    exec(sql`create trigger search_docs_au after update of text on search_docs when old.text is not new.text begin
      insert into search_trigram(search_trigram, rowid, text) values ('delete', old.id, old.text);
      insert into search_trigram(rowid, text) values (new.id, new.text);
      delete from search_grams where rowid = old.id;
      insert into search_grams(rowid, grams) values (new.id, dossier_grams(new.text));
    end`);

    const refresh = (scanId: string) =>
      sql.raw(`delete from search_docs where kind = 'scan' and ref_id = ${scanId};
      insert into search_docs (kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text)
      select 'scan', s.id, f.client_id, f.id, f.confidentiality, null, substr(s.created_at, 1, 10), s.original_name,
        dossier_norm(concat_ws(' ', s.original_name,
          (select group_concat(p.text, ' ') from (select text from scan_pages where scan_id = s.id order by page_no) p)))
      from scans s join files f on f.id = s.file_id where s.id = ${scanId};`);
    exec(sql`create trigger search_scans_ai after insert on scans begin ${refresh('new.id')} end`);
    exec(sql`create trigger search_scans_au after update of file_id, item_id, original_name on scans begin ${refresh('new.id')} end`);
    exec(sql`create trigger search_scans_ad after delete on scans begin
      delete from search_docs where kind = 'scan' and ref_id = old.id;
    end`);
    exec(sql`create trigger search_scan_ocr_ai after insert on scan_ocr begin ${refresh('new.scan_id')} end`);
    exec(sql`create trigger search_scan_ocr_au after update on scan_ocr begin ${refresh('new.scan_id')} end`);
    exec(sql`create trigger search_files_scans_au after update of confidentiality, client_id on files begin
      update search_docs set confidentiality = new.confidentiality, client_id = new.client_id where kind = 'scan' and file_id = new.id;
    end`);
    // A 机密/绝密 file's scans are searched in its level index (migration 0020): mark the file when its scans or their text change.
    const sealedFile = (fileId: string) => `(select f.confidentiality from files f where f.id = ${fileId}) in ('confidential', 'top_secret')`;
    const mark = (fileId: string) => `insert into sealed_dirty (file_id, rev) values (${fileId}, 1) on conflict (file_id) do update set rev = rev + 1;`;
    exec(sql.raw(`create trigger sealed_dirty_scans_ai after insert on scans when ${sealedFile('new.file_id')} begin ${mark('new.file_id')} end`));
    exec(sql.raw(`create trigger sealed_dirty_scans_au_new after update of file_id, original_name on scans when ${sealedFile('new.file_id')} begin ${mark('new.file_id')} end`));
    exec(sql.raw(`create trigger sealed_dirty_scans_au_old after update of file_id on scans when ${sealedFile('old.file_id')} begin ${mark('old.file_id')} end`));
    exec(sql.raw(`create trigger sealed_dirty_scans_ad after delete on scans when ${sealedFile('old.file_id')} begin ${mark('old.file_id')} end`));
    const ocrFile = `(select s.file_id from scans s where s.id = new.scan_id)`;
    exec(sql.raw(`create trigger sealed_dirty_scan_ocr_ai after insert on scan_ocr when ${sealedFile(ocrFile)} begin ${mark(ocrFile)} end`));
    exec(sql.raw(`create trigger sealed_dirty_scan_ocr_au after update on scan_ocr when ${sealedFile(ocrFile)} begin ${mark(ocrFile)} end`));

    exec(sql`insert into search_docs (kind, ref_id, client_id, file_id, confidentiality, status, doc_date, label, text)
      select 'scan', s.id, f.client_id, f.id, f.confidentiality, null, substr(s.created_at, 1, 10), s.original_name, dossier_norm(s.original_name)
      from scans s join files f on f.id = s.file_id`);
  },
};
