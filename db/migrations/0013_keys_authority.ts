import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Users' public keys (X25519 to receive keys, Ed25519 to sign) and their history of signing
 * keys, and the signed authority document, one row per authority key that signed it (two
 * only during a rekey). Frozen.
 */
export const m0013_keys_authority: Migration = {
  version: 13,
  name: 'keys_authority',
  up({ exec }) {
    exec(sql`alter table users add column encryption_key text`);
    exec(sql`alter table users add column signing_key text`);
    exec(sql`create table user_signing_keys (
      key_id text primary key,
      user_id text not null references users(id),
      added_at text not null
    )`);
    exec(sql`create index user_signing_keys_user on user_signing_keys(user_id)`);
    exec(sql`create table authority (
      signer_key text primary key,
      seq integer not null,
      document text not null,
      signature text not null,
      signed_by text not null,
      signed_at text not null
    )`);
  },
};
