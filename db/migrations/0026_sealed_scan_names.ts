import { sql } from 'kysely';
import type { Migration } from './types.js';

const SEALED = `('confidential', 'top_secret')`;
/** As in migration 0020: until an administrator's unlock has made the level keys, content is written as before. */
const IN_USE = `exists (select 1 from level_keys)`;
/** A stored value sealed content may take: empty, or a token (db/sealed.ts). */
const ok = (v: string) => `(${v} is null or ${v} = '' or substr(${v}, 1, 6) = char(2) || 'dsk1.')`;
const sealedFile = (fileId: string) => `(select f.confidentiality from files f where f.id = ${fileId}) in ${SEALED}`;

/**
 * Sealed scan names and page text (issue 8 finding 2, issue 13). A 机密/绝密 file's scan keeps
 * its original name (often a client's name or a contract title) sealed under the file's key in
 * `scans.original_name`, and its OCR text and line boxes in `scan_pages`, as tokens in the same
 * columns (like a file's title, migration 0020): these guards refuse plaintext there, so no write
 * path can put it on a page. A scan is sealed in the statement that moves it into such a file
 * (`file_id` and `original_name` set together); rows stored before this migration keep their
 * plaintext until the next unlock of a user holding the file's key seals them
 * (db/records/scans.ts `sealStrayScans`), which these guards do not block (they check new rows and
 * moves, not a blob's re-encryption). Frozen.
 */
export const m0026_sealed_scan_names: Migration = {
  version: 26,
  name: 'sealed_scan_names',
  up({ exec }) {
    const guard = (name: string, event: string, table: string, when: string) =>
      exec(sql.raw(`create trigger ${name} before ${event} on ${table} when ${IN_USE} and ${when} begin select raise(abort, 'sealed content required'); end`));
    guard('scans_sealed_insert', 'insert', 'scans', `${sealedFile('new.file_id')} and not ${ok('new.original_name')}`);
    guard('scans_sealed_update', 'update of file_id, original_name', 'scans', `${sealedFile('new.file_id')} and not ${ok('new.original_name')}`);
    const pageFile = `(select s.file_id from scans s where s.id = new.scan_id)`;
    const pageOk = `(${ok('new.text')} and ${ok('new.lines')})`;
    guard('scan_pages_sealed_insert', 'insert', 'scan_pages', `${sealedFile(pageFile)} and not ${pageOk}`);
    guard('scan_pages_sealed_update', 'update of text, lines', 'scan_pages', `${sealedFile(pageFile)} and not ${pageOk}`);
  },
};
