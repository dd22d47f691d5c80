import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Scanned documents. Frozen.
 * - `blob_secrets`: per key scope, the random secret the addresses are keyed with, wrapped.
 * - `blobs`: one row per stored blob (`blobs/<id>.blob`): its scope, its address (HMAC-SHA-256
 *   of the plaintext, unique per scope: the same document is stored once), its own key
 *   wrapped under the scope's key, size, type and page count. Deleting the row destroys the
 *   key, so the file is noise afterwards.
 * - `scans`: a document attached to a file and optionally a contents-list item (`file_id`
 *   null: in the inbox, waiting to be assigned), with its original name as given and how it
 *   arrived. Many scans may share a blob.
 */
export const m0024_scans: Migration = {
  version: 24,
  name: 'scans',
  up({ exec }) {
    exec(sql`create table blob_secrets (
      scope text primary key,
      wrapped text not null
    )`);
    exec(sql`create table blobs (
      id text primary key check (length(id) = 32),
      key_scope text not null,
      address text not null,
      wrapped_key text not null,
      size integer not null check (size > 0),
      kind text not null check (kind in ('pdf','jpeg','png','tiff')),
      page_count integer not null check (page_count > 0),
      created_at text not null
    )`);
    exec(sql`create unique index blobs_address on blobs(key_scope, address)`);
    exec(sql`create table scans (
      id text primary key,
      blob_id text not null references blobs(id),
      file_id text references files(id),
      item_id text references file_items(id),
      original_name text not null,
      source text not null check (source in ('upload','cli','watch')),
      created_at text not null,
      created_by text not null references users(id),
      check (item_id is null or file_id is not null)
    )`);
    exec(sql`create index scans_file on scans(file_id, item_id, created_at)`);
    exec(sql`create index scans_blob on scans(blob_id)`);
    exec(sql`create index scans_inbox on scans(created_at) where file_id is null`);
  },
};
