/**
 * The typed shape of the archive database, written by hand (generators cannot open an
 * encrypted file). Keep in step with migrations/.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { Confidentiality, FileStatus, Retention, Role } from '../shared/domain/enums.js';

export interface UsersTable {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  department: string;
  clearance: Confidentiality;
  active: number;
  createdAt: string;
  /** Set when the user was removed (their key slot destroyed); the row keeps their name on their records. */
  removedAt: string | null;
  /** Public keys (base64 of raw 32 bytes): X25519 to seal keys to, Ed25519 to verify signatures; null until a migrated user's first sign-in. */
  encryptionKey: Generated<string | null>;
  signingKey: Generated<string | null>;
}

/** Every signing key a user has had (a password reset gives new key pairs; older signatures keep verifying). */
export interface UserSigningKeysTable {
  keyId: string;
  userId: string;
  addedAt: string;
}

/** The signed authority document, per authority key that signed it (see db/authority.ts). */
export interface AuthorityTable {
  signerKey: string;
  seq: number;
  document: string;
  signature: string;
  signedBy: string;
  signedAt: string;
}

/** One user may see one file above their clearance until a date (inclusive). */
export interface FileGrantsTable {
  id: string;
  fileId: string;
  userId: string;
  until: string;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}

export interface SettingsTable {
  key: string;
  value: string; // JSON
}

export interface ClientsTable {
  id: string;
  name: string;
  creditCode: string | null;
  category: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  status: 'prospect' | 'active' | 'terminated';
  createdAt: string;
  updatedAt: string;
  // Added by the client register: nullable, so optional when a client is inserted.
  shortName: Generated<string | null>;
  enterpriseNature: Generated<string | null>;
  supervisingUnit: Generated<string | null>;
  address: Generated<string | null>;
  legalRepresentative: Generated<string | null>;
  creditStatus: Generated<string | null>;
  accountManager: Generated<string | null>;
  terminationKind: Generated<'withdrawn' | 'deregistered' | null>;
  terminatedOn: Generated<string | null>;
  terminationReason: Generated<string | null>;
  verifiedOn: Generated<string | null>;
  gradeEvaluatedOn: Generated<string | null>;
  /** 备注, and the original registration date (登记日期) of a client registered before the archive. */
  remarks: Generated<string | null>;
  registeredOn: Generated<string | null>;
  /** The pinyin sort key of the name, kept by a trigger (db/sortKey.ts). */
  nameSort: Generated<string>;
}

export interface FilesTable {
  id: string;
  archiveNo: string;
  clientId: string;
  title: string;
  confidentiality: Confidentiality;
  retention: Retention;
  status: FileStatus;
  createdAt: string;
  updatedAt: string;
  /** The file's type (null: the client file type), the main file of a volume, remarks. */
  fileTypeId: Generated<string | null>; // null: treated as the client file type
  parentFileId: Generated<string | null>;
  remarks: Generated<string>;
  /** The file's home location (null: not shelved yet). */
  locationId: Generated<string | null>;
  /** The department the file belongs to, when set by hand (null: its client's account manager's). */
  departmentId: Generated<string | null>;
}

export interface ArchiveNoCountersTable {
  scope: string;
  lastSeq: number;
}

/** The borrowing ledger: append-only (no deletes; a closed entry never changes). */
export interface LoansTable {
  id: string;
  fileId: string;
  /** `read`: in-room reading, no due date. */
  kind: Generated<'loan' | 'read'>;
  /** The borrower's name as it was (and the free text of loans made before people existed). */
  borrower: string;
  borrowerId: Generated<string | null>;
  applicationId: Generated<string | null>;
  purpose: string;
  lentAt: string;
  lentBy: string;
  dueDate: string | null;
  returnedAt: string | null;
  returnedBy: string | null;
  renewals: Generated<number>;
  returnNote: Generated<string>;
  /** A reversing entry names the entry it corrects and why. */
  correctsId: Generated<string | null>;
  correctionReason: Generated<string | null>;
}

/** Access applications (借阅申请), the files or items they name, their approval steps (审批). */
export interface ApplicationsTable {
  id: string;
  requesterId: string;
  kind: 'read' | 'loan' | 'copy';
  purpose: string;
  wantedFrom: string;
  wantedUntil: string;
  letterNo: Generated<string>;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  paperSignedBy: string | null;
  paperSignedOn: string | null;
  createdAt: string;
  createdBy: string;
  decidedAt: string | null;
}

export interface ApplicationFilesTable {
  id: Generated<number>;
  applicationId: string;
  fileId: string;
  itemId: string | null;
}

export interface ApprovalStepsTable {
  id: string;
  applicationId: string;
  seq: number;
  ruleId: string;
  approver: 'department_head' | 'general_manager' | 'archive_manager';
  departmentId: string | null;
  purpose: 'access' | 'copy';
  decision: 'approved' | 'rejected' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: Generated<string>;
}

/** Items missing or damaged at return, against the loan and the borrower, open until resolved. */
export interface IncidentsTable {
  id: string;
  loanId: string;
  fileId: string;
  itemId: string | null;
  personId: string | null;
  kind: 'missing' | 'damaged';
  note: Generated<string>;
  status: Generated<'open' | 'found' | 'replaced' | 'written_off'>;
  resolutionReason: Generated<string>;
  createdAt: string;
  createdBy: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

/** Holds (预约): a queue per file. */
export interface HoldsTable {
  id: string;
  fileId: string;
  personId: string;
  status: Generated<'waiting' | 'ready' | 'fulfilled' | 'cancelled'>;
  createdAt: string;
  createdBy: string;
  readyAt: string | null;
  closedAt: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  userId: string | null;
  username: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  details: string; // JSON
  prevHash: string;
  hash: string;
  /** Ed25519 signature (base64) of the hash by the acting user's key; null before signing began. */
  signature: Generated<string | null>;
  /** The signing key's id in the users' table. */
  signerKey: Generated<string | null>;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  appliedAt: string;
}

export interface ChangeLogTable {
  id: Generated<number>;
  at: string;
  userId: string;
  entityType: 'client' | 'file' | 'item' | 'contact';
  entityId: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
}

export interface ClientContactsTable {
  id: string;
  clientId: string;
  role: 'daily' | 'emergency' | 'other';
  name: string;
  phone: string | null;
  position: string | null;
  remarks: string | null;
  validFrom: string;
  validTo: string | null;
  createdAt: string;
}

export interface ClassificationSchemesTable {
  id: string;
  code: string;
  label: string;
  labelEn: string | null;
  active: number;
  sortOrder: number;
}

export interface ClassificationValuesTable {
  id: string;
  schemeId: string;
  code: string;
  label: string;
  labelEn: string | null;
  active: number;
  sortOrder: number;
}

export interface ClientClassificationsTable {
  clientId: string;
  schemeId: string;
  valueId: string;
}

export interface FileTypesTable {
  id: string;
  code: string;
  name: string;
  /** Shown in English mode (null: the Chinese name). */
  nameEn: string | null;
  archiveNoPattern: string | null;
  defaultConfidentiality: Confidentiality;
  defaultRetention: Retention;
  checklist: string; // JSON [{ kind, label, labelEn? }]
  description: string;
  active: number;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface FileItemsTable {
  id: string;
  fileId: string;
  originId: string;
  version: number;
  seq: number;
  docNo: string | null;
  responsibleParty: string | null;
  title: string;
  docDate: string | null;
  pageCount: number;
  /** Who set the page count: typed by a clerk, the default of an item added without one, or filled from its scans. */
  pageCountSource: 'typed' | 'default' | 'scans';
  docKind: string | null;
  remarks: string;
  sealedAt: string | null;
  sealedBy: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  supersededAt: string | null;
  correctionReason: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** Storage locations, file moves, the working-day calendar and the handover register. */
export interface LocationsTable {
  id: string;
  parentId: string | null;
  kind: 'room' | 'cabinet' | 'shelf' | 'box';
  code: string;
  name: string;
  path: string;
  codePath: string;
  capacity: number | null;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface FileMovesTable {
  id: Generated<number>;
  fileId: string;
  at: string;
  userId: string;
  fromLocationId: string | null;
  fromPath: string | null;
  toLocationId: string | null;
  toPath: string | null;
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
  nameEn: Generated<string | null>;
  deadlineDays: number;
  active: number;
  sortOrder: number;
}

export interface HandoversTable {
  id: string;
  department: string;
  eventKind: string;
  eventDate: string;
  deadlineDays: number;
  deadline: string;
  receivedDate: string;
  onTime: number;
  daysLate: number;
  clientId: string | null;
  fileId: string | null;
  items: string; // JSON [{ name, itemId }]
  missing: string; // JSON [name]
  remarks: string;
  handedOverBy: string;
  handedOverAt: string;
  receivedBy: string;
  receivedAt: string;
}

/** Label layouts (A4 sheets, rolls) with their printer offsets, what each kind of label shows, every label printed. */
export interface LabelLayoutsTable {
  id: string;
  name: string;
  kind: 'sheet' | 'roll';
  pageWidth: number;
  pageHeight: number;
  columns: number;
  rows: number;
  labelWidth: number;
  labelHeight: number;
  marginLeft: number;
  marginTop: number;
  pitchX: number;
  pitchY: number;
  offsetX: number;
  offsetY: number;
  builtin: number;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface LabelTemplatesTable {
  kind: 'spine' | 'folder' | 'box';
  fields: string; // JSON [field]
  barcode: 'code128' | 'qr' | 'both' | 'none';
  updatedAt: string;
}

export interface LabelPrintsTable {
  id: Generated<number>;
  fileId: string | null;
  locationId: string | null;
  kind: 'spine' | 'folder' | 'box';
  printedAt: string;
  userId: string;
  layoutName: string;
  clientName: string | null;
  shown: string; // JSON { language, fields, lines }
}

/** Departments and the people register (borrowers, requesters). */
export interface DepartmentsTable {
  id: string;
  name: string;
  headUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PeopleTable {
  id: string;
  kind: 'staff' | 'outside';
  name: string;
  departmentId: string | null;
  staffNo: string | null;
  cardNo: string | null;
  organisation: Generated<string>;
  idNo: Generated<string>;
  letterNo: Generated<string>;
  userId: string | null;
  remarks: Generated<string>;
  active: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

/** Scanned documents (migration 0024): encrypted blobs in blobs/, scans attached to files and items. */
export interface BlobSecretsTable {
  scope: string;
  wrapped: string;
}

export interface BlobsTable {
  id: string;
  keyScope: string;
  address: string;
  wrappedKey: string;
  size: number;
  kind: 'pdf' | 'jpeg' | 'png' | 'tiff';
  pageCount: number;
  createdAt: string;
}

export interface ScansTable {
  id: string;
  blobId: string;
  /** null: in the inbox. */
  fileId: string | null;
  itemId: string | null;
  originalName: string;
  source: 'upload' | 'cli' | 'watch';
  createdAt: string;
  createdBy: string;
}

/** OCR of scans (migration 0025): per scan its state, per page its text and line boxes (JSON). */
export interface ScanOcrTable {
  scanId: string;
  status: 'done' | 'failed';
  engine: string;
  pages: number;
  error: string | null;
  seconds: number;
  finishedAt: string;
}

export interface ScanPagesTable {
  scanId: string;
  pageNo: number;
  width: number;
  height: number;
  source: 'ocr' | 'pdf_text';
  text: string;
  /** JSON: OcrLine[] (shared/domain/ocr.ts). */
  lines: string;
}

/** Level keys (migration 0020, db/levelKeys.ts): each sealed file's key generations, wrapped under its level key. */
export interface FileKeysTable {
  fileId: string;
  gen: number;
  level: 'open' | 'confidential' | 'top_secret';
  wrapped: string;
  createdAt: string;
}

/** Each level key's fingerprint, signed with the authority key. */
export interface LevelKeysTable {
  level: 'confidential' | 'top_secret';
  fingerprint: string;
  signature: string;
  signerKey: string;
  createdAt: string;
}

/** A grant's file keys sealed to the grantee's X25519 public key (JSON SealedKey). */
export interface FileKeyGrantsTable {
  grantId: string;
  fileId: string;
  gen: number;
  userId: string;
  sealed: string;
}

/** Sealed files whose level index is to be rebuilt. */
export interface SealedDirtyTable {
  fileId: string;
  rev: number;
}

export interface Database {
  file_keys: FileKeysTable;
  level_keys: LevelKeysTable;
  file_key_grants: FileKeyGrantsTable;
  sealed_dirty: SealedDirtyTable;
  users: UsersTable;
  file_grants: FileGrantsTable;
  user_signing_keys: UserSigningKeysTable;
  authority: AuthorityTable;
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
  departments: DepartmentsTable;
  people: PeopleTable;
  applications: ApplicationsTable;
  application_files: ApplicationFilesTable;
  approval_steps: ApprovalStepsTable;
  incidents: IncidentsTable;
  holds: HoldsTable;
  label_layouts: LabelLayoutsTable;
  label_templates: LabelTemplatesTable;
  label_prints: LabelPrintsTable;
  client_contacts: ClientContactsTable;
  classification_schemes: ClassificationSchemesTable;
  classification_values: ClassificationValuesTable;
  client_classifications: ClientClassificationsTable;
  blob_secrets: BlobSecretsTable;
  blobs: BlobsTable;
  scans: ScansTable;
  scan_ocr: ScanOcrTable;
  scan_pages: ScanPagesTable;
}

/** Rows as read (every column present) and as inserted (generated and defaulted columns optional). */
export type UsersRow = Selectable<UsersTable>;
export type NewUsersRow = Insertable<UsersTable>;
export type FileGrantsRow = Selectable<FileGrantsTable>;
export type SettingsRow = Selectable<SettingsTable>;
export type NewSettingsRow = Insertable<SettingsTable>;
export type ClientsRow = Selectable<ClientsTable>;
export type NewClientsRow = Insertable<ClientsTable>;
export type FilesRow = Selectable<FilesTable>;
export type NewFilesRow = Insertable<FilesTable>;
export type ArchiveNoCountersRow = Selectable<ArchiveNoCountersTable>;
export type NewArchiveNoCountersRow = Insertable<ArchiveNoCountersTable>;
export type LoansRow = Selectable<LoansTable>;
export type NewLoansRow = Insertable<LoansTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;
export type SchemaMigrationsRow = Selectable<SchemaMigrationsTable>;
export type NewSchemaMigrationsRow = Insertable<SchemaMigrationsTable>;
export type ChangeLogRow = Selectable<ChangeLogTable>;
export type NewChangeLogRow = Insertable<ChangeLogTable>;
export type ClientContactsRow = Selectable<ClientContactsTable>;
export type NewClientContactsRow = Insertable<ClientContactsTable>;
export type ClassificationSchemesRow = Selectable<ClassificationSchemesTable>;
export type NewClassificationSchemesRow = Insertable<ClassificationSchemesTable>;
export type ClassificationValuesRow = Selectable<ClassificationValuesTable>;
export type NewClassificationValuesRow = Insertable<ClassificationValuesTable>;
export type ClientClassificationsRow = Selectable<ClientClassificationsTable>;
export type NewClientClassificationsRow = Insertable<ClientClassificationsTable>;
export type FileTypesRow = Selectable<FileTypesTable>;
export type NewFileTypesRow = Insertable<FileTypesTable>;
export type FileItemsRow = Selectable<FileItemsTable>;
export type NewFileItemsRow = Insertable<FileItemsTable>;
export type LocationsRow = Selectable<LocationsTable>;
export type NewLocationsRow = Insertable<LocationsTable>;
export type FileMovesRow = Selectable<FileMovesTable>;
export type NewFileMovesRow = Insertable<FileMovesTable>;
export type CalendarDaysRow = Selectable<CalendarDaysTable>;
export type NewCalendarDaysRow = Insertable<CalendarDaysTable>;
export type HandoverEventKindsRow = Selectable<HandoverEventKindsTable>;
export type NewHandoverEventKindsRow = Insertable<HandoverEventKindsTable>;
export type HandoversRow = Selectable<HandoversTable>;
export type NewHandoversRow = Insertable<HandoversTable>;
export type DepartmentsRow = Selectable<DepartmentsTable>;
export type PeopleRow = Selectable<PeopleTable>;
export type BlobsRow = Selectable<BlobsTable>;
export type ScansRow = Selectable<ScansTable>;
