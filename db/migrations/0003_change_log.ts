import { sql } from 'kysely';
import type { Migration } from './types.js';

/** Field-level change history (信息变更记录) for clients, files and items. Frozen. */
export const m0003_change_log: Migration = {
  version: 3,
  name: 'change_log',
  up({ schema, exec }) {
    exec(
      schema
        .createTable('change_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .addColumn('reason', 'text', (c) => c.notNull().defaultTo('')),
    );
    exec(schema.createIndex('change_log_entity').on('change_log').columns(['entity_type', 'entity_id', 'at']));
    exec(sql`create trigger change_log_no_update before update on change_log begin select raise(abort, 'change log is append-only'); end`);
    exec(sql`create trigger change_log_no_delete before delete on change_log begin select raise(abort, 'change log is append-only'); end`);
  },
};
