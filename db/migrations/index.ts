/** Ordered, frozen migrations, imported statically (the main process is bundled). */
import { m0001_initial } from './0001_initial.js';
import { m0002_client_search } from './0002_client_search.js';
import { m0003_change_log } from './0003_change_log.js';
import { m0004_client_register } from './0004_client_register.js';
import { m0005_file_contents } from './0005_file_contents.js';
import { m0006_locations_intake } from './0006_locations_intake.js';
import { m0007_search } from './0007_search.js';
import { m0008_client_list_index } from './0008_client_list_index.js';
import { m0009_handover_names } from './0009_handover_names.js';
import { m0010_client_ledger_fields } from './0010_client_ledger_fields.js';
import { m0011_labels_sort_keys } from './0011_labels_sort_keys.js';
import { m0012_users_grants } from './0012_users_grants.js';
import { m0013_keys_authority } from './0013_keys_authority.js';
import { m0014_audit_signatures } from './0014_audit_signatures.js';
import { m0016_labels } from './0016_labels.js';
import { m0017_people_departments } from './0017_people_departments.js';
import { m0018_borrowing_ledger } from './0018_borrowing_ledger.js';
import { m0019_file_type_names_en } from './0019_file_type_names_en.js';
import { m0020_level_keys } from './0020_level_keys.js';
import { m0022_ledger_rules } from './0022_ledger_rules.js';
import { m0024_scans } from './0024_scans.js';
import { m0025_scan_ocr } from './0025_scan_ocr.js';
import { m0026_sealed_scan_names } from './0026_sealed_scan_names.js';
import { m0027_item_page_source } from './0027_item_page_source.js';
import type { Migration } from './types.js';

export const MIGRATIONS: readonly Migration[] = [
  m0001_initial,
  m0002_client_search,
  m0003_change_log,
  m0004_client_register,
  m0005_file_contents,
  m0006_locations_intake,
  m0007_search,
  m0008_client_list_index,
  m0009_handover_names,
  m0010_client_ledger_fields,
  m0011_labels_sort_keys,
  m0012_users_grants,
  m0013_keys_authority,
  m0014_audit_signatures,
  m0016_labels,
  m0017_people_departments,
  m0018_borrowing_ledger,
  m0019_file_type_names_en,
  m0020_level_keys,
  m0022_ledger_rules,
  m0024_scans,
  m0025_scan_ocr,
  m0026_sealed_scan_names,
  m0027_item_page_source,
];
export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
export type { Migration, MigrationContext } from './types.js';
