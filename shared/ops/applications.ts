/**
 * Access applications (借阅申请) and their approval (审批): a requester (a person), the files or
 * single items, purpose, kind (查阅 / 外借 / 复制摘抄), the period wanted, the introduction letter
 * of an outside person. Steps come from the routing rules an administrator edits; each records
 * who decided, when, the decision and a comment (a rejection's reason).
 */
import { z } from 'zod';
import { APPLICATION_KINDS, APPLICATION_STATUSES, APPROVER_KINDS, DECISIONS, RULE_DEPARTMENTS, STEP_PURPOSES } from '../domain/borrowing.js';
import { Confidentiality, DateString, Id, op, required, trimmed } from './kit.js';
import { PersonKind, PersonRef } from './people.js';

export const ApplicationKind = z.enum(APPLICATION_KINDS);
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);

export const ApprovalStep = z.object({
  id: Id,
  seq: z.number().int(),
  ruleId: z.string(),
  approver: z.enum(APPROVER_KINDS),
  /** For a department head's step: the department (and its head, who decides). */
  departmentName: z.string().nullable(),
  headDisplayName: z.string().nullable(),
  purpose: z.enum(STEP_PURPOSES),
  decision: z.enum(DECISIONS).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string(),
  /** Whether the signed-in user may decide this step now. */
  mine: z.boolean(),
});

export const Application = z.object({
  id: Id,
  status: ApplicationStatus,
  kind: ApplicationKind,
  purpose: z.string(),
  wantedFrom: DateString,
  wantedUntil: DateString,
  letterNo: z.string(),
  requester: z.object({
    id: Id,
    kind: PersonKind,
    name: z.string(),
    departmentName: z.string().nullable(),
    organisation: z.string(),
    staffNo: z.string().nullable(),
  }),
  files: z.array(
    z.object({
      archiveNo: z.string(),
      title: z.string(),
      confidentiality: Confidentiality,
      /** A single item asked for, or null for the whole file. */
      itemId: z.string().nullable(),
      itemTitle: z.string().nullable(),
    }),
  ),
  steps: z.array(ApprovalStep),
  /** A paper application signed outside the system. */
  paper: z.object({ signedBy: z.string(), signedOn: DateString }).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  decidedAt: z.string().nullable(),
});

export const ApprovalRule = z.object({
  id: required(40).regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and - only'),
  department: z.enum(RULE_DEPARTMENTS),
  levels: z.array(Confidentiality).max(4).default([]),
  kinds: z.array(ApplicationKind).max(3).default([]),
  approver: z.enum(APPROVER_KINDS),
  purpose: z.enum(STEP_PURPOSES).default('access'),
});

export const PaperApproval = z.object({ signedBy: required(100), signedOn: DateString });

export const applicationsOps = {
  /**
   * Records an application for the requester (a clerk for anyone; others for their own linked
   * person). With `paper`, it is a paper application already signed outside the system (clerks only).
   */
  'applications.create': op(
    z.object({
      requester: PersonRef,
      files: z
        .array(z.object({ archiveNo: required(64), itemId: Id.optional() }))
        .min(1)
        .max(50),
      kind: ApplicationKind,
      purpose: required(300),
      /** The period wanted: from (default today) until, or for a number of days. */
      wantedFrom: DateString.optional(),
      wantedUntil: DateString.optional(),
      days: z.number().int().min(1).max(366).optional(),
      /** An outside person's introduction letter (介绍信) number; default: the one on their record. */
      letterNo: trimmed(64).optional(),
      paper: PaperApproval.optional(),
    }),
    Application,
    { capability: 'applications.create', write: true },
  ),
  'applications.list': op(
    z
      .object({
        status: ApplicationStatus.optional(),
        /** Only applications with a step the signed-in user may decide now. */
        forMe: z.boolean().default(false),
        /** Only applications the signed-in user made or is the requester of. */
        mine: z.boolean().default(false),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .default({ forMe: false, mine: false, limit: 200 }),
    z.array(Application),
  ),
  'applications.get': op(z.object({ id: Id }), Application),
  /** Approves every step of the application the signed-in user may decide. */
  'applications.approve': op(z.object({ id: Id, comment: trimmed(500).default('') }), Application, { capability: 'approvals.decide', write: true }),
  /** Rejects it, with the reason; the application is closed. */
  'applications.reject': op(z.object({ id: Id, /** Required: an empty reason is refused with approval.reasonRequired. */ reason: trimmed(500) }), Application, {
    capability: 'approvals.decide',
    write: true,
  }),
  /** The requester (or a clerk) takes back a pending application. */
  'applications.withdraw': op(z.object({ id: Id }), Application, { capability: 'applications.create', write: true }),
  'applications.rules': op(z.object({}).default({}), z.object({ rules: z.array(ApprovalRule), defaults: z.boolean() })),
  /** Replaces the routing rule set; `reset` goes back to the seeds' defaults. */
  'applications.updateRules': op(
    z.object({ rules: z.array(ApprovalRule).min(1).max(50).optional(), reset: z.boolean().default(false) }),
    z.object({ rules: z.array(ApprovalRule), defaults: z.boolean() }),
    {
      capability: 'settings.manage',
      write: true,
    },
  ),
} as const;

export type Application = z.output<typeof Application>;
