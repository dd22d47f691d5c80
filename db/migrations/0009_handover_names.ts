import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * The handover register has one name from the table to the screen (DOMAIN glossary:
 * 移交 handover). SQLite rewrites the foreign key in `handovers` with the rename. Frozen.
 */
export const m0009_handover_names: Migration = {
  version: 9,
  name: 'handover_names',
  up({ exec }) {
    exec(sql`alter table intake_event_kinds rename to handover_event_kinds`);
  },
};
