import { sql } from 'kysely';
import type { Migration } from './types.js';

/** English names of the handover kinds 0006 ships (only where none was set). */
const KIND_EN: [code: string, nameEn: string][] = [
  ['sale', 'Sale'],
  ['service', 'After-sales service'],
  ['new_client', 'First contact with a new client'],
  ['other', 'Other'],
];

/** English labels of the client file's checklist 0005 ships. */
const CHECKLIST_EN: [kind: string, labelEn: string][] = [
  ['business_licence', 'Business licence'],
  ['tax_registration', 'Tax registration certificate'],
  ['organisation_code', 'Organisation code certificate'],
  ['bank_account_licence', 'Bank account licence'],
  ['vat_taxpayer', 'VAT general taxpayer certificate'],
  ['invoicing_details', 'Invoicing details'],
  ['legal_rep_id', "Legal representative's ID or power of attorney"],
  ['contract', 'Contract'],
];

/**
 * English names for configured values and pinyin sort keys:
 * - `handover_event_kinds.name_en`, and `labelEn` inside file types' checklist JSON, filled for
 *   the shipped defaults (English mode shows them; Chinese mode never does);
 * - `clients.name_sort`: the pinyin key of the name (db/sortKey.ts, SQL `dossier_sort_key`),
 *   backfilled here, written with a new client and kept by a trigger when the name changes,
 *   indexed with the status for paging the client list.
 * Frozen.
 */
export const m0011_labels_sort_keys: Migration = {
  version: 11,
  name: 'labels_sort_keys',
  up({ schema, exec }) {
    exec(schema.alterTable('handover_event_kinds').addColumn('name_en', 'text'));
    for (const [code, nameEn] of KIND_EN) exec(sql`update handover_event_kinds set name_en = ${nameEn} where code = ${code} and name_en is null`);
    const english = JSON.stringify(Object.fromEntries(CHECKLIST_EN));
    exec(sql`update file_types set checklist = (
               select json_group_array(json(
                 case when json_extract(e.value, '$.labelEn') is null and json_extract(${english}, '$.' || json_extract(e.value, '$.kind')) is not null
                      then json_set(e.value, '$.labelEn', json_extract(${english}, '$.' || json_extract(e.value, '$.kind')))
                      else e.value end))
               from (select value from json_each(file_types.checklist) order by key) e)
             where id = 'ft-client'`);

    exec(schema.alterTable('clients').addColumn('name_sort', 'text', (c) => c.notNull().defaultTo('')));
    exec(sql`update clients set name_sort = dossier_sort_key(name)`);
    exec(sql`create trigger clients_name_sort_update after update of name on clients begin
               update clients set name_sort = dossier_sort_key(new.name) where rowid = new.rowid; end`);
    exec(sql`create index clients_name_sort_status on clients(name_sort, status)`);
  },
};
