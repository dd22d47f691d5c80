import { sql } from 'kysely';
import type { Migration } from './types.js';

/** Frozen: the first schema. Never edit; add a new migration instead. */
export const m0001_initial: Migration = {
  version: 1,
  name: 'initial',
  up({ schema, exec }) {
    exec(
      schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','clerk','approver','reader')`))
        .addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('clearance', 'text', (c) =>
          c.notNull().check(sql`clearance in ('normal','restricted','confidential','top_secret')`),
        )
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull()),
    );
    exec(
      schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull()),
    );
    exec(
      schema
        .createTable('clients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('credit_code', 'text', (c) => c.unique())
        .addColumn('category', 'text')
        .addColumn('contact_person', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    exec(schema.createIndex('clients_name').on('clients').column('name'));
    exec(
      schema
        .createTable('files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('archive_no', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
        .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('confidentiality', 'text', (c) =>
          c.notNull().check(sql`confidentiality in ('normal','restricted','confidential','top_secret')`),
        )
        .addColumn('retention', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('in_stock','on_loan')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    exec(schema.createIndex('files_client').on('files').column('client_id'));
    exec(
      schema
        .createTable('archive_no_counters')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('last_seq', 'integer', (c) => c.notNull()),
    );
    exec(
      schema
        .createTable('loans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('borrower', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('lent_at', 'text', (c) => c.notNull())
        .addColumn('lent_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('returned_at', 'text')
        .addColumn('returned_by', 'text', (c) => c.references('users.id')),
    );
    exec(schema.createIndex('loans_file').on('loans').columns(['file_id', 'lent_at']));
    // The database itself guarantees a file is never lent twice at once.
    exec(sql`create unique index loans_one_open_per_file on loans(file_id) where returned_at is null`);
    exec(sql`create index loans_open_due on loans(due_date) where returned_at is null`);
    exec(
      schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('target_label', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull()),
    );
    // The audit trail is append-only at the database level too.
    exec(sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit log is append-only'); end`);
    exec(sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit log is append-only'); end`);
  },
};
