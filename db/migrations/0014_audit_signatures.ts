import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Signed audit entries. Frozen.
 * `signature` is the Ed25519 signature (base64) of the entry's hash by the acting user's key,
 * `signer_key` names that key in the users' table. Entries written before this migration keep
 * both empty and verify as "before signing". The append-only triggers stay as they are: adding
 * columns updates no row.
 */
export const m0014_audit_signatures: Migration = {
  version: 14,
  name: 'audit_signatures',
  up({ exec }) {
    exec(sql`alter table audit_log add column signature text`);
    exec(sql`alter table audit_log add column signer_key text`);
  },
};
