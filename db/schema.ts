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
}
