/**
 * The typed shape of the archive database, written by hand (generators cannot open an
 * encrypted file). Keep in step with migrations/.
 */
import type { Generated } from 'kysely';
import type { Confidentiality, FileStatus, Retention, Role } from '../shared/domain/enums.js';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department: string;
  clearance: Confidentiality;
  active: number;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string; // JSON
}

export interface ClientsTable {
  id: string;
  name: string;
  credit_code: string | null;
  category: string | null;
  contact_person: string | null;
  contact_phone: string | null;
  status: 'prospect' | 'active' | 'terminated';
  created_at: string;
  updated_at: string;
  // Migration 4 (client register): all nullable.
  short_name?: string | null;
  enterprise_nature?: string | null;
  supervising_unit?: string | null;
  address?: string | null;
  legal_representative?: string | null;
  credit_status?: string | null;
  account_manager?: string | null;
  termination_kind?: 'withdrawn' | 'deregistered' | null;
  terminated_on?: string | null;
  termination_reason?: string | null;
  verified_on?: string | null;
  grade_evaluated_on?: string | null;
}

export interface FilesTable {
  id: string;
  archive_no: string;
  client_id: string;
  title: string;
  confidentiality: Confidentiality;
  retention: Retention;
  status: FileStatus;
  created_at: string;
  updated_at: string;
  /** Migration 5: the file's type, the main file of a volume, remarks. */
  file_type_id: Generated<string | null>; // null: treated as the client file type
  parent_file_id: Generated<string | null>;
  remarks: Generated<string>;
  /** Migration 6: the file's home location (null: not shelved yet). */
  location_id: Generated<string | null>;
}

export interface ArchiveNoCountersTable {
  scope: string;
  last_seq: number;
}

export interface LoansTable {
  id: string;
  file_id: string;
  borrower: string;
  purpose: string;
  lent_at: string;
  lent_by: string;
  due_date: string;
  returned_at: string | null;
  returned_by: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  user_id: string | null;
  username: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  details: string; // JSON
  prev_hash: string;
  hash: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface ChangeLogTable {
  id: Generated<number>;
  at: string;
  user_id: string;
  entity_type: 'client' | 'file' | 'item' | 'contact';
  entity_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  reason: string;
}

export interface ClientContactsTable {
  id: string;
  client_id: string;
  role: 'daily' | 'emergency' | 'other';
  name: string;
  phone: string | null;
  position: string | null;
  remarks: string | null;
  valid_from: string;
  valid_to: string | null;
  created_at: string;
}

export interface ClassificationSchemesTable {
  id: string;
  code: string;
  label: string;
  label_en: string | null;
  active: number;
  sort_order: number;
}

export interface ClassificationValuesTable {
  id: string;
  scheme_id: string;
  code: string;
  label: string;
  label_en: string | null;
  active: number;
  sort_order: number;
}

export interface ClientClassificationsTable {
  client_id: string;
  scheme_id: string;
  value_id: string;
}

export interface FileTypesTable {
  id: string;
  code: string;
  name: string;
  archive_no_pattern: string | null;
  default_confidentiality: Confidentiality;
  default_retention: Retention;
  checklist: string; // JSON [{ kind, label }]
  description: string;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface FileItemsTable {
  id: string;
  file_id: string;
  origin_id: string;
  version: number;
  seq: number;
  doc_no: string | null;
  responsible_party: string | null;
  title: string;
  doc_date: string | null;
  page_count: number;
  doc_kind: string | null;
  remarks: string;
  sealed_at: string | null;
  sealed_by: string | null;
  supersedes_id: string | null;
  superseded_by_id: string | null;
  superseded_at: string | null;
  correction_reason: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** Migration 6: storage locations, file moves, the handover register. */
export interface LocationsTable {
  id: string;
  parent_id: string | null;
  kind: 'room' | 'cabinet' | 'shelf' | 'box';
  code: string;
  name: string;
  path: string;
  code_path: string;
  capacity: number | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface FileMovesTable {
  id: Generated<number>;
  file_id: string;
  at: string;
  user_id: string;
  from_location_id: string | null;
  from_path: string | null;
  to_location_id: string | null;
  to_path: string | null;
  reason: string;
}

export interface CalendarDaysTable {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface HandoverEventKindsTable {
  code: string;
  name: string;
  deadline_days: number;
  active: number;
  sort_order: number;
}

export interface HandoversTable {
  id: string;
  department: string;
  event_kind: string;
  event_date: string;
  deadline_days: number;
  deadline: string;
  received_date: string;
  on_time: number;
  days_late: number;
  client_id: string | null;
  file_id: string | null;
  items: string; // JSON [{ name, itemId }]
  missing: string; // JSON [name]
  remarks: string;
  handed_over_by: string;
  handed_over_at: string;
  received_by: string;
  received_at: string;
}

export interface Database {
  users: UsersTable;
  settings: SettingsTable;
  clients: ClientsTable;
  files: FilesTable;
  archive_no_counters: ArchiveNoCountersTable;
  loans: LoansTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
  change_log: ChangeLogTable;
  file_types: FileTypesTable;
  file_items: FileItemsTable;
  locations: LocationsTable;
  file_moves: FileMovesTable;
  calendar_days: CalendarDaysTable;
  handover_event_kinds: HandoverEventKindsTable;
  handovers: HandoversTable;
  client_contacts: ClientContactsTable;
  classification_schemes: ClassificationSchemesTable;
  classification_values: ClassificationValuesTable;
  client_classifications: ClientClassificationsTable;
}
