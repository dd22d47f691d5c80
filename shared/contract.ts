/**
 * The one API contract of Dossier. Every operation has a name, an input schema and an
 * output schema. The engine (db/) implements it; Electron IPC, the loopback HTTP server,
 * the CLI and the tests all carry exactly these operations.
 */
import { z } from 'zod';
import { searchOps } from './ops/search.js';
import { clientCreateFields, clientDetailFields, clientListFilters, clientRegisterFields, clientRegisterOps } from './ops/clients.js';
import { ChecklistStatus, Item, filesOps } from './ops/files.js';
import { handoversOps } from './ops/handovers.js';
import { locationsOps } from './ops/locations.js';
import { transferOps } from './ops/transfer.js';
import { Confidentiality, DateString, FileStatus, HistoryEntry, Id, Password, Retention, Role, Username, op, optionalText, required, trimmed } from './ops/kit.js';

export { Confidentiality, DateString, FileStatus, Id, Password, Retention, Role, Username };

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  department: z.string(),
  clearance: Confidentiality,
});

export const ArchiveStatus = z.object({
  state: z.enum(['missing', 'locked', 'unlocked']),
  archiveName: z.string().nullable(),
  user: SessionUser.nullable(),
});

export const NewUser = z.object({
  username: Username,
  displayName: required(100),
  password: Password,
  role: Role.default('clerk'),
  department: trimmed(100).default(''),
  clearance: Confidentiality.default('normal'),
});

export const Client = z.object({
  id: Id,
  name: z.string(),
  creditCode: z.string().nullable(),
  category: z.string().nullable(),
  contactPerson: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: z.enum(['prospect', 'active', 'terminated']),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...clientRegisterFields,
});

export const ClientSummary = Client.extend({
  fileCount: z.number().int(),
  onLoanCount: z.number().int(),
});

export const FileRecord = z.object({
  id: Id,
  archiveNo: z.string(),
  clientId: Id,
  clientName: z.string(),
  title: z.string(),
  confidentiality: Confidentiality,
  retention: Retention,
  status: FileStatus,
  createdAt: z.string(),
  // Files and their contents (migration 5).
  fileTypeId: z.string().nullable(),
  fileTypeCode: z.string().nullable(),
  fileTypeName: z.string().nullable(),
  /** A volume (e.g. certificates kept in the safe) shares its main file's number; this is the main file's. */
  parentArchiveNo: z.string().nullable(),
  remarks: z.string(),
  /** For the file catalog (案卷目录): current items, their pages and date range. */
  itemCount: z.number().int(),
  pageCount: z.number().int(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  /** The file's home location (migration 6), e.g. 一号库房 / A柜 / 3架 / 12盒; null: not shelved yet. */
  locationPath: z.string().nullable().optional(),
});

export const Loan = z.object({
  id: Id,
  fileId: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  clientName: z.string(),
  confidentiality: Confidentiality,
  borrower: z.string(),
  purpose: z.string(),
  lentAt: z.string(),
  lentBy: z.string(),
  dueDate: DateString,
  returnedAt: z.string().nullable(),
  returnedBy: z.string().nullable(),
  overdue: z.boolean(),
});

export const FileDetail = FileRecord.extend({
  currentLoan: Loan.nullable(),
  loans: z.array(Loan),
  /** The contents list (卷内目录): current versions in sequence order, with page ranges. */
  items: z.array(Item),
  checklist: z.array(ChecklistStatus),
  complete: z.boolean(),
  /** Kinds of checklist documents not in the file (labels: `checklist`). */
  missing: z.array(z.string()),
  /** The other files sharing this file's number (main file and volumes) that the user may see. */
  volumes: z.array(FileRecord),
  history: z.array(HistoryEntry),
});

export const ClientDetail = Client.extend({
  files: z.array(FileRecord),
  ...clientDetailFields,
});

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  username: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const Settings = z.object({
  archiveName: z.string(),
  archiveNoPattern: z.string(),
  loanDays: z.number().int(),
  loanMaxDays: z.number().int(),
  /** Clients are re-verified every this many days (clients.dueForVerification). */
  verifyIntervalDays: z.number().int(),
});

export const contract = {
  // Archive lifecycle and session (public: callable while locked).
  'archive.status': op(z.object({}).default({}), ArchiveStatus, { public: true }),
  'archive.create': op(
    z.object({
      archiveName: required(100),
      admin: NewUser.omit({ role: true, clearance: true }),
      demo: z.boolean().default(false),
    }),
    SessionUser,
    { public: true },
  ),
  'session.unlock': op(z.object({ username: Username, password: Password }), SessionUser, { public: true }),
  'session.lock': op(z.object({}).default({}), z.object({ ok: z.literal(true) }), { public: true }),
  'session.changePassword': op(
    z.object({ currentPassword: Password, newPassword: Password }),
    z.object({ ok: z.literal(true) }),
  ),

  'users.list': op(z.object({}).default({}), z.array(SessionUser.extend({ active: z.boolean() })), { capability: 'users.manage' }),
  'users.create': op(NewUser, SessionUser, { capability: 'users.manage', write: true }),

  'settings.get': op(z.object({}).default({}), Settings),

  'clients.list': op(
    z
      .object({
        search: trimmed(200).optional(),
        ...clientListFilters,
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .default({ limit: 200, offset: 0 }),
    z.object({ rows: z.array(ClientSummary), total: z.number().int(), /** More matches than a search returns (refine the search). */ capped: z.boolean().default(false) }),
  ),
  'clients.get': op(z.object({ id: Id }), ClientDetail),
  'clients.create': op(
    z.object({
      name: required(200),
      creditCode: optionalText(18 + 8),
      category: optionalText(100),
      contactPerson: optionalText(100),
      contactPhone: optionalText(50),
      ...clientCreateFields,
    }),
    Client,
    { capability: 'clients.write', write: true },
  ),

  'files.create': op(
    z.object({
      clientId: Id,
      title: required(300),
      /** Absent: the file type's default. */
      confidentiality: Confidentiality.optional(),
      retention: Retention.optional(),
      /** The file type (id or code); absent: the client file (客户档案). */
      fileTypeId: Id.optional(),
      fileTypeCode: trimmed(32).optional(),
      /** Makes a volume of this main file: same number plus a suffix (see files.addVolume). */
      parentArchiveNo: required(64).optional(),
      volumeSuffix: z.string().trim().regex(/^[\p{L}\p{N}]{1,8}$/u, '1-8 letters or digits').optional(),
      remarks: trimmed(1000).optional(),
    }),
    FileRecord,
    { capability: 'files.write', write: true },
  ),
  'files.addVolume': op(
    z.object({
      /** The main file's archive number. */
      archiveNo: required(64),
      title: trimmed(300).optional(),
      fileTypeId: Id.optional(),
      fileTypeCode: trimmed(32).optional(),
      confidentiality: Confidentiality.optional(),
      retention: Retention.optional(),
      /** Absent: the next volume number (1, 2, ...; never reused). */
      suffix: z.string().trim().regex(/^[\p{L}\p{N}]{1,8}$/u, '1-8 letters or digits').optional(),
      remarks: trimmed(1000).optional(),
    }),
    FileRecord,
    { capability: 'files.write', write: true },
  ),
  'files.update': op(
    z.object({
      archiveNo: required(64),
      title: required(300).optional(),
      confidentiality: Confidentiality.optional(),
      retention: Retention.optional(),
      remarks: trimmed(1000).optional(),
      /** Required when the confidentiality changes. */
      reason: trimmed(500).optional(),
    }),
    FileDetail,
    { capability: 'files.write', write: true },
  ),
  'files.get': op(z.object({ archiveNo: required(64) }), FileDetail),

  'loans.lend': op(
    z.object({
      archiveNo: required(64),
      borrower: required(100),
      purpose: trimmed(300).default(''),
      dueDate: DateString.optional(),
    }),
    Loan,
    { capability: 'loans.circulate', write: true },
  ),
  'loans.return': op(z.object({ archiveNo: required(64) }), Loan, { capability: 'loans.circulate', write: true }),
  'loans.list': op(
    z.object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(500) }).default({ open: false, limit: 500 }),
    z.array(Loan),
  ),

  'audit.list': op(
    z
      .object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().optional() })
      .default({ limit: 200 }),
    z.array(AuditEntry),
    { capability: 'audit.read' },
  ),
  'audit.verify': op(
    z.object({}).default({}),
    z.object({ ok: z.boolean(), entries: z.number().int(), brokenAtSeq: z.number().int().nullable() }),
    { capability: 'audit.read' },
  ),
  ...searchOps,
  ...clientRegisterOps({ Client, Loan }),
  ...filesOps,
  ...locationsOps,
  ...handoversOps,
  ...transferOps,
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export type OpInput<N extends OperationName> = z.input<Contract[N]['input']>;
export type OpParsedInput<N extends OperationName> = z.output<Contract[N]['input']>;
export type OpOutput<N extends OperationName> = z.output<Contract[N]['output']>;

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export type SessionUser = z.output<typeof SessionUser>;
export type ArchiveStatus = z.output<typeof ArchiveStatus>;
export type Client = z.output<typeof Client>;
export type ClientSummary = z.output<typeof ClientSummary>;
export type ClientDetail = z.output<typeof ClientDetail>;
export type FileRecord = z.output<typeof FileRecord>;
export type FileDetail = z.output<typeof FileDetail>;
export type Loan = z.output<typeof Loan>;
export type AuditEntry = z.output<typeof AuditEntry>;
export type Settings = z.output<typeof Settings>;
