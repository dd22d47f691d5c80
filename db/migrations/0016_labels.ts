import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Labels: the layouts they print on (A4 sheets and roll printers, each with its printer's
 * calibration offsets), the fields each kind of label shows, and a record of every label
 * printed with what it showed, so a label that no longer matches its client's name can be
 * found and reprinted. Frozen.
 */
export const m0016_labels: Migration = {
  version: 16,
  name: 'labels',
  up({ schema, exec }) {
    exec(
      schema
        .createTable('label_layouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sheet','roll')`))
        .addColumn('page_width', 'real', (c) => c.notNull())
        .addColumn('page_height', 'real', (c) => c.notNull())
        .addColumn('columns', 'integer', (c) => c.notNull().check(sql`columns >= 1`))
        .addColumn('rows', 'integer', (c) => c.notNull().check(sql`rows >= 1`))
        .addColumn('label_width', 'real', (c) => c.notNull())
        .addColumn('label_height', 'real', (c) => c.notNull())
        .addColumn('margin_left', 'real', (c) => c.notNull())
        .addColumn('margin_top', 'real', (c) => c.notNull())
        .addColumn('pitch_x', 'real', (c) => c.notNull())
        .addColumn('pitch_y', 'real', (c) => c.notNull())
        .addColumn('offset_x', 'real', (c) => c.notNull().defaultTo(0))
        .addColumn('offset_y', 'real', (c) => c.notNull().defaultTo(0))
        // Shipped layouts can be calibrated but not removed.
        .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    exec(sql`create unique index label_layouts_name on label_layouts(name collate nocase)`);

    // Common A4 label sheets (their die-cut geometry) and the roll sizes of desktop label printers.
    const now = '2026-01-01T00:00:00.000Z';
    const sheets: [id: string, name: string, cols: number, rows: number, w: number, h: number, left: number, top: number, px: number, py: number][] = [
      ['lay-a4-2x5', 'A4 2×5', 2, 5, 99.1, 57, 4.65, 6, 101.6, 57],
      ['lay-a4-3x7', 'A4 3×7', 3, 7, 63.5, 38.1, 7.25, 15.15, 66.04, 38.1],
      ['lay-a4-3x8', 'A4 3×8', 3, 8, 63.5, 33.9, 7.21, 12.9, 66.04, 33.9],
      ['lay-a4-4x10', 'A4 4×10', 4, 10, 45.7, 25.4, 9.7, 21.5, 48.3, 25.4],
    ];
    sheets.forEach(([id, name, cols, rows, w, h, left, top, px, py], i) => {
      exec(sql`insert into label_layouts (id, name, kind, page_width, page_height, columns, rows, label_width, label_height, margin_left, margin_top, pitch_x, pitch_y, builtin, sort_order, created_at, updated_at)
        values (${id}, ${name}, 'sheet', 210, 297, ${cols}, ${rows}, ${w}, ${h}, ${left}, ${top}, ${px}, ${py}, 1, ${i + 1}, ${now}, ${now})`);
    });
    const rolls: [id: string, name: string, w: number, h: number][] = [
      ['lay-roll-60x40', '60×40', 60, 40],
      ['lay-roll-100x50', '100×50', 100, 50],
      ['lay-roll-40x30', '40×30', 40, 30],
    ];
    rolls.forEach(([id, name, w, h], i) => {
      exec(sql`insert into label_layouts (id, name, kind, page_width, page_height, columns, rows, label_width, label_height, margin_left, margin_top, pitch_x, pitch_y, builtin, sort_order, created_at, updated_at)
        values (${id}, ${name}, 'roll', ${w}, ${h}, 1, 1, ${w}, ${h}, 0, 0, ${w}, ${h}, 1, ${10 + i}, ${now}, ${now})`);
    });

    exec(
      schema
        .createTable('label_templates')
        .addColumn('kind', 'text', (c) => c.primaryKey().check(sql`kind in ('spine','folder','box')`))
        .addColumn('fields', 'text', (c) => c.notNull()) // JSON [field]
        .addColumn('barcode', 'text', (c) => c.notNull().check(sql`barcode in ('code128','qr','both','none')`))
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    const templates: [kind: string, fields: string[], barcode: string][] = [
      ['spine', ['archiveNo', 'clientName', 'year', 'retention', 'confidentiality'], 'code128'],
      ['folder', ['archiveNo', 'clientName', 'title', 'year', 'retention', 'confidentiality', 'location'], 'both'],
      ['box', ['boxNo', 'location', 'archiveNo', 'year', 'retention'], 'code128'],
    ];
    for (const [kind, fields, barcode] of templates) {
      exec(sql`insert into label_templates (kind, fields, barcode, updated_at) values (${kind}, ${JSON.stringify(fields)}, ${barcode}, ${now})`);
    }

    exec(
      schema
        .createTable('label_prints')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('file_id', 'text', (c) => c.references('files.id'))
        // A box label is printed for a location, not a file.
        .addColumn('location_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('spine','folder','box')`))
        .addColumn('printed_at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('layout_name', 'text', (c) => c.notNull())
        // What the label showed: the client's name as printed (null: the label did not show it) and every field.
        .addColumn('client_name', 'text')
        .addColumn('shown', 'text', (c) => c.notNull()), // JSON { field: text }
    );
    exec(schema.createIndex('label_prints_file').on('label_prints').columns(['file_id', 'kind', 'id']));
  },
};
