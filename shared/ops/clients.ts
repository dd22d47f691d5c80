/**
 * The client register (客户信息): the client fields of DOMAIN.md beyond the first version,
 * contact persons with their history, classifications as configuration, the lifecycle
 * (prospect → active → terminated: 退租/注销), periodic re-verification and the
 * reassignment of a leaving account manager's clients.
 */
import { z } from 'zod';
import { roleCan } from '../domain/permissions.js';
import { DateString, HistoryEntry, Id, op, optionalText, required, text, trimmed } from './kit.js';
import { ClassificationCode } from './classifications.js';
import { FileRecord } from './files.js';
import { Loan } from './loans.js';

export const CLIENT_STATUS = ['prospect', 'active', 'terminated'] as const;
export const ClientStatus = z.enum(CLIENT_STATUS);
export type ClientStatus = z.output<typeof ClientStatus>;

/** 退租 (the client moved out / ended the contract) or 注销 (the company was deregistered). */
export const TERMINATION_KINDS = ['withdrawn', 'deregistered'] as const;
export const TerminationKind = z.enum(TERMINATION_KINDS);
export type TerminationKind = z.output<typeof TerminationKind>;

/** 日常联系人 · 紧急联系人 · 其他联系人. */
export const CONTACT_ROLES = ['daily', 'emergency', 'other'] as const;
export const ContactRole = z.enum(CONTACT_ROLES);
export type ContactRole = z.output<typeof ContactRole>;

/** Fields core to a client's identity: changing them needs a reason (信息变更记录). */
export const CLIENT_CORE_FIELDS = ['name', 'creditCode', 'legalRepresentative'] as const;

/** Client register fields every client record carries. */
export const clientRegisterFields = {
  shortName: z.string().nullable(),
  enterpriseNature: z.string().nullable(),
  supervisingUnit: z.string().nullable(),
  address: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  creditStatus: z.string().nullable(),
  /** Free text: the staff member's name (not necessarily a Dossier user), e.g. 销售部 张伟. */
  accountManager: z.string().nullable(),
  /** Scheme code → value code, e.g. { category: 'strategic', grade: 'A' }. */
  classifications: z.record(z.string(), z.string()),
  terminationKind: TerminationKind.nullable(),
  terminatedOn: DateString.nullable(),
  terminationReason: z.string().nullable(),
  /** Last re-verification of the client's information (null: never since registration). */
  verifiedOn: DateString.nullable(),
  /** A grade was given but not yet evaluated (new clients: evaluated after six months). */
  gradeProvisional: z.boolean(),
  gradeEvaluatedOn: DateString.nullable(),
  /** When the grade is next due: six months after registration while provisional, else a year after evaluation. */
  gradeReviewDue: DateString.nullable(),
  /** 备注. */
  remarks: z.string().nullable(),
  /** The original registration date (登记日期), for clients registered before they came into the archive. */
  registeredOn: DateString.nullable(),
};

export const Contact = z.object({
  id: Id,
  role: ContactRole,
  name: z.string(),
  phone: z.string().nullable(),
  position: z.string().nullable(),
  remarks: z.string().nullable(),
  validFrom: DateString,
  /** null while the person is the current contact. */
  validTo: DateString.nullable(),
});
export type Contact = z.output<typeof Contact>;

export const ContactInput = z.object({
  name: required(100),
  phone: optionalText(50),
  position: optionalText(100),
  remarks: optionalText(300),
});
export type ContactInput = z.output<typeof ContactInput>;

export const ClientClassification = z.object({
  schemeId: Id,
  schemeCode: z.string(),
  schemeLabel: z.string(),
  schemeLabelEn: z.string().nullable(),
  valueId: Id,
  valueCode: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  active: z.boolean(),
});
export type ClientClassification = z.output<typeof ClientClassification>;

/** What a client's page shows beyond the record. */
export const clientDetailFields = {
  /** Current contacts (daily, emergency, others). */
  contacts: z.array(Contact),
  /** Replaced or ended contacts, newest first. */
  formerContacts: z.array(Contact),
  classificationDetails: z.array(ClientClassification),
  history: z.array(HistoryEntry),
};

/** Optional text that may also be cleared: undefined = unchanged, null or '' = cleared. */
const patchText = (max: number) => text(max, { lines: true }).nullable().optional();

/** Optional fields of `clients.create`. */
export const clientCreateFields = {
  shortName: optionalText(100),
  enterpriseNature: optionalText(100),
  supervisingUnit: optionalText(200),
  address: optionalText(300),
  legalRepresentative: optionalText(100),
  creditStatus: optionalText(200),
  accountManager: optionalText(100),
  remarks: optionalText(1000),
  registeredOn: DateString.optional(),
  /** A new client is a prospect or active (default). */
  status: z.enum(['prospect', 'active']).optional(),
  /** Scheme code → value code. A category value also fills the legacy `category` text. */
  classifications: z.record(ClassificationCode, ClassificationCode).optional(),
  dailyContact: ContactInput.optional(),
  emergencyContact: ContactInput.optional(),
  otherContacts: z.array(ContactInput).max(20).optional(),
};

export const ClientUpdate = z.object({
  id: Id,
  /** Why (信息变更原因); required when a core field changes (name, credit code, legal representative). */
  reason: trimmed(500).optional(),
  name: required(200).optional(),
  creditCode: patchText(18 + 8),
  shortName: patchText(100),
  enterpriseNature: patchText(100),
  supervisingUnit: patchText(200),
  address: patchText(300),
  legalRepresentative: patchText(100),
  creditStatus: patchText(200),
  accountManager: patchText(100),
  remarks: patchText(1000),
  registeredOn: DateString.nullable().optional(),
  /** Scheme code → value code, or null to remove the client's value of that scheme. */
  classifications: z.record(ClassificationCode, ClassificationCode.nullable()).optional(),
  /** Marks the (current) grade as formally evaluated today: no longer provisional. */
  gradeEvaluated: z.boolean().optional(),
  /** Replaces the current daily contact (another person: the old one becomes a former contact); null ends it. */
  dailyContact: ContactInput.nullable().optional(),
  emergencyContact: ContactInput.nullable().optional(),
  /** New further contacts (其他联系人). */
  addContacts: z.array(ContactInput).max(20).optional(),
  /** Current contacts (by id) that are no longer contacts: kept as former contacts. */
  endContacts: z.array(Id).max(50).optional(),
});

/** `clients.list` filters. */
/** Columns the client list sorts by in the engine (names by pinyin); the direction; empty values last. */
export const CLIENT_SORTS = ['name', 'creditCode', 'status'] as const;
export const clientListOrder = {
  sort: z.enum(CLIENT_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
};

export const clientListFilters = {
  /** Default: prospects and active clients; terminated clients are listed apart through this filter. */
  status: z.union([ClientStatus, z.array(ClientStatus).min(1).max(3)]).optional(),
  /** Scheme code → value code (or codes): the client must carry one of them in every scheme named. */
  classifications: z.record(ClassificationCode, z.union([ClassificationCode, z.array(ClassificationCode).min(1).max(50)])).optional(),
  /** Classification value ids: the client must carry every one. */
  classificationValueIds: z.array(Id).max(20).optional(),
  accountManager: trimmed(100).optional(),
};

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

export const ClientDetail = Client.extend({
  files: z.array(FileRecord),
  ...clientDetailFields,
});

const DueClient = Client.extend({ lastVerifiedOn: DateString, daysSince: z.number().int() });

export const clientsOps = {
  'clients.list': op(
    z
      .object({
        search: trimmed(200).optional(),
        ...clientListFilters,
        ...clientListOrder,
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .default({ limit: 200, offset: 0, sort: 'name', dir: 'asc' }),
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

  'clients.update': op(ClientUpdate, Client, { capability: 'clients.write', write: true }),
  /**
   * prospect → active · prospect/active → terminated (kind, date and reason required) ·
   * terminated → active (reactivation: administrators only, reason required).
   */
  'clients.setStatus': op(
    z.object({
      id: Id,
      status: ClientStatus,
      terminationKind: TerminationKind.optional(),
      terminatedOn: DateString.optional(),
      reason: trimmed(500).optional(),
    }),
    Client,
    {
      capability: 'clients.write',
      write: true,
      target: { kind: 'client', id: (input) => input.id },
      policy: (user, input, target) =>
        target?.status === 'terminated' && input.status === 'active' && !roleCan(user.role, 'settings.manage') ? { code: 'client.reactivationAdminOnly' } : null,
    },
  ),
  /** The client's information was checked today (定期复核). */
  'clients.verify': op(z.object({ id: Id, remarks: trimmed(500).optional() }), Client, { capability: 'clients.write', write: true }),
  /** Prospects and active clients not verified for `days` (default: setting `verifyIntervalDays`). */
  'clients.dueForVerification': op(
    z.object({ days: z.number().int().min(1).max(3650).optional(), limit: z.number().int().min(1).max(5000).default(500) }).default({ limit: 500 }),
    z.object({ days: z.number().int(), total: z.number().int(), rows: z.array(DueClient) }),
  ),
  /** Account managers named on clients, with how many clients each has. */
  /** `personId`: the staff person the name designates in the people register (null: nobody registered by that name). */
  'clients.accountManagers': op(
    z.object({}).default({}),
    z.array(z.object({ name: z.string(), personId: z.string().nullable(), clients: z.number().int(), terminated: z.number().int() })),
  ),
  /**
   * What reassigning a leaver's clients involves: their clients (those whose account manager
   * designates the person), and the person's open loans and readings, by person id (these must
   * come back first). A namesake's loans never count.
   */
  'clients.reassignPreview': op(
    z.object({ fromPerson: Id }),
    z.object({
      /** The leaver as the register names them ("销售部 张伟"). */
      fromManager: z.string(),
      clients: z.number().int(),
      clientNames: z.array(z.string()),
      /** Open loans the user may see; `openLoanCount` counts all, including files above the user's clearance. */
      openLoans: z.array(Loan),
      openLoanCount: z.number().int(),
    }),
  ),
  /** Reassigns every client of a leaving staff member to another (person ids); refused while the leaver has files out. */
  'clients.reassign': op(z.object({ fromPerson: Id, toPerson: Id, reason: required(500) }), z.object({ reassigned: z.number().int() }), {
    capability: 'clients.write',
    write: 'bulk',
  }),
} as const;

export type Client = z.output<typeof Client>;
export type ClientSummary = z.output<typeof ClientSummary>;
export type ClientDetail = z.output<typeof ClientDetail>;
