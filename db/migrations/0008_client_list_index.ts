import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * A covering index for paging the client list by name: deep pages (offset 50,000 of
 * 100,000) are found in the index without reading each client row. Frozen.
 */
export const m0008_client_list_index: Migration = {
  version: 8,
  name: 'client_list_index',
  up({ exec }) {
    exec(sql`create index clients_name_status on clients(name, status)`);
  },
};
