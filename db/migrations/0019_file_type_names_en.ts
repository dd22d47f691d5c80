import { sql } from 'kysely';
import type { Migration } from './types.js';

/** English names of the file types 0005 ships (only where none was set). */
const TYPE_EN: [id: string, nameEn: string][] = [
  ['ft-client', 'Client file'],
  ['ft-certificates', 'Title certificates'],
];

/**
 * `file_types.name_en`: the file type's English name, shown in English mode only (null: its
 * Chinese name), like handover kinds' `name_en` (0011); filled for the shipped defaults. Frozen.
 */
export const m0019_file_type_names_en: Migration = {
  version: 19,
  name: 'file_type_names_en',
  up({ schema, exec }) {
    exec(schema.alterTable('file_types').addColumn('name_en', 'text'));
    for (const [id, nameEn] of TYPE_EN) exec(sql`update file_types set name_en = ${nameEn} where id = ${id} and name_en is null`);
  },
};
