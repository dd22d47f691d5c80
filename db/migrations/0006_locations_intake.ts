import { sql } from 'kysely';
import { CHINA_2026 } from '../../shared/domain/workdays.js';
import type { Migration } from './types.js';

/**
 * Storage locations (库房 → 柜 → 架 → 盒), each file's home location and its moves; the
 * handover register (移交登记) with its configurable event kinds and the holiday calendar
 * its working-day deadlines are counted with. Frozen.
 */
export const m0006_locations_intake: Migration = {
  version: 6,
  name: 'locations_intake',
  up({ schema, exec }) {
    exec(
      schema
        .createTable('locations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('parent_id', 'text', (c) => c.references('locations.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('room','cabinet','shelf','box')`))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        // Names and codes of the whole path, kept in step on rename: files show them cheaply.
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('code_path', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity >= 0`))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    exec(sql`create unique index locations_sibling_code on locations(coalesce(parent_id, ''), code collate nocase)`);
    exec(schema.createIndex('locations_parent').on('locations').column('parent_id'));

    exec(schema.alterTable('files').addColumn('location_id', 'text', (c) => c.references('locations.id')));
    exec(schema.createIndex('files_location').on('files').column('location_id'));

    exec(
      schema
        .createTable('file_moves')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        // Ids without foreign keys and the paths as they read then: history outlives a removed box.
        .addColumn('from_location_id', 'text')
        .addColumn('from_path', 'text')
        .addColumn('to_location_id', 'text')
        .addColumn('to_path', 'text')
        .addColumn('reason', 'text', (c) => c.notNull().defaultTo('')),
    );
    exec(schema.createIndex('file_moves_file').on('file_moves').columns(['file_id', 'id']));
    exec(sql`create trigger file_moves_no_update before update on file_moves begin select raise(abort, 'file moves are append-only'); end`);
    exec(sql`create trigger file_moves_no_delete before delete on file_moves begin select raise(abort, 'file moves are append-only'); end`);

    exec(
      schema
        .createTable('calendar_days')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday','workday')`))
        .addColumn('name', 'text', (c) => c.notNull().defaultTo('')),
    );
    for (const day of CHINA_2026) exec(sql`insert into calendar_days (date, kind, name) values (${day.date}, ${day.kind}, ${day.name})`);

    exec(
      schema
        .createTable('intake_event_kinds')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('deadline_days', 'integer', (c) => c.notNull().check(sql`deadline_days >= 0`))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0)),
    );
    // The seeds' deadlines: 3 working days after a sale, 1 after a service job, 5 after first contact.
    const kinds: [string, string, number, number][] = [
      ['sale', '销售', 3, 1],
      ['service', '售后服务', 1, 2],
      ['new_client', '新客户接触', 5, 3],
      ['other', '其他', 5, 9],
    ];
    for (const [code, name, days, order] of kinds) {
      exec(sql`insert into intake_event_kinds (code, name, deadline_days, active, sort_order) values (${code}, ${name}, ${days}, 1, ${order})`);
    }

    exec(
      schema
        .createTable('handovers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('event_kind', 'text', (c) => c.notNull().references('intake_event_kinds.code'))
        .addColumn('event_date', 'text', (c) => c.notNull())
        // The rule as it stood at registration: later changes to the kind do not rewrite history.
        .addColumn('deadline_days', 'integer', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('received_date', 'text', (c) => c.notNull())
        .addColumn('on_time', 'integer', (c) => c.notNull())
        .addColumn('days_late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('client_id', 'text', (c) => c.references('clients.id'))
        .addColumn('file_id', 'text', (c) => c.references('files.id'))
        .addColumn('items', 'text', (c) => c.notNull()) // JSON [{ name, itemId }]
        .addColumn('missing', 'text', (c) => c.notNull()) // JSON [name]
        .addColumn('remarks', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('handed_over_by', 'text', (c) => c.notNull())
        .addColumn('handed_over_at', 'text', (c) => c.notNull())
        .addColumn('received_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('received_at', 'text', (c) => c.notNull()),
    );
    exec(schema.createIndex('handovers_received').on('handovers').columns(['received_date', 'department']));
    exec(schema.createIndex('handovers_file').on('handovers').column('file_id'));
    exec(schema.createIndex('handovers_client').on('handovers').column('client_id'));
  },
};
