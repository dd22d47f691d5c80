/**
 * Follow-up and reports of the borrowing ledger (借阅统计): the desk's dashboard, the overdue
 * list by days overdue (per borrower, per department), each file's and each person's history
 * (every loan and reading with its approvals, incidents, holds), and statistics for a period
 * with an .xlsx export. Reads only what the user's clearance shows; counts included.
 */
import { z } from 'zod';
import { PERSON_KINDS } from '../domain/borrowing.js';
import { Application } from './applications.js';
import { ExportFile } from './export.js';
import { Confidentiality, DateString, Id, op, required } from './kit.js';
import { Person, PersonRef } from './people.js';

/** One ledger entry: a loan (外借) or an in-room reading (查阅), as the reports show it. */
export const LedgerEntry = z.object({
  id: Id,
  kind: z.enum(['loan', 'read']),
  fileId: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  confidentiality: Confidentiality,
  /** The borrower as the ledger wrote it; the person (null on loans made before people existed). */
  borrower: z.string(),
  borrowerId: z.string().nullable(),
  borrowerDepartment: z.string().nullable(),
  applicationId: z.string().nullable(),
  purpose: z.string(),
  lentAt: z.string(),
  lentBy: z.string(),
  dueDate: DateString.nullable(),
  returnedAt: z.string().nullable(),
  returnedBy: z.string().nullable(),
  renewals: z.number().int(),
  returnNote: z.string(),
  /** A reversing entry names the entry it corrects and why; `reversed`: a later entry corrects this one. */
  correctsId: z.string().nullable(),
  correctionReason: z.string().nullable(),
  reversed: z.boolean(),
  /** Days past the due date: today for an open loan, the return day for a returned one (0 when on time). */
  daysOverdue: z.number().int(),
});
export type LedgerEntry = z.output<typeof LedgerEntry>;

export const Incident = z.object({
  id: Id,
  loanId: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  itemSeq: z.number().int().nullable(),
  itemTitle: z.string().nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  kind: z.enum(['missing', 'damaged']),
  note: z.string(),
  status: z.enum(['open', 'found', 'replaced', 'written_off']),
  resolutionReason: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  resolvedAt: z.string().nullable(),
});
export type Incident = z.output<typeof Incident>;

export const Hold = z.object({
  id: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  personId: Id,
  personName: z.string(),
  status: z.enum(['waiting', 'ready', 'fulfilled', 'cancelled']),
  createdAt: z.string(),
  readyAt: z.string().nullable(),
});
export type Hold = z.output<typeof Hold>;

const Count = z.object({ loans: z.number().int(), readings: z.number().int() });

export const Statistics = z.object({
  from: DateString,
  to: DateString,
  loans: z.number().int(),
  readings: z.number().int(),
  /** Loans of the period returned after their due date, or still out past it. */
  overdueLoans: z.number().int(),
  /** overdueLoans / loans (0 without loans). */
  overdueRate: z.number(),
  /** Days between lending and return, over the period's returned loans; null when none came back. */
  averageLoanDays: z.number().nullable(),
  returnedLoans: z.number().int(),
  /** By the borrower's department (null: outside people and loans made before people existed). */
  byDepartment: z.array(Count.extend({ department: z.string().nullable() })),
  /** By what was applied for (查阅 / 外借 / 复制摘抄; null: no application). */
  byKind: z.array(Count.extend({ kind: z.enum(['read', 'loan', 'copy']).nullable() })),
  /** By the purpose written down (the most frequent first; '' when none was given). */
  byPurpose: z.array(Count.extend({ purpose: z.string() })),
  /** By the client's category (客户类别; null: none set). */
  byCategory: z.array(Count.extend({ category: z.string().nullable(), categoryEn: z.string().nullable() })),
  /** By the borrower's kind: staff or outside (null: loans made before people existed). */
  byBorrowerKind: z.array(Count.extend({ borrowerKind: z.enum(PERSON_KINDS).nullable() })),
});
export type Statistics = z.output<typeof Statistics>;

const Period = z.object({ from: DateString, to: DateString });

export const reportsOps = {
  /** The desk's dashboard: out now, due today, overdue, applications waiting for me, holds ready. */
  'reports.desk': op(
    z.object({}).default({}),
    z.object({
      today: DateString,
      outNow: z.number().int(),
      readingNow: z.number().int(),
      dueToday: z.array(LedgerEntry),
      overdueCount: z.number().int(),
      /** The longest overdue first (at most 20; `overdueCount` counts them all). */
      overdue: z.array(LedgerEntry),
      waitingForMe: z.array(Application),
      holdsReady: z.array(Hold),
      openIncidents: z.number().int(),
    }),
  ),
  /** Open loans past their due date, the longest overdue first, with totals per borrower and per department. */
  'reports.overdue': op(
    z.object({ departmentId: Id.optional(), personId: Id.optional() }).default({}),
    z.object({
      today: DateString,
      rows: z.array(LedgerEntry),
      byBorrower: z.array(
        z.object({ borrowerId: z.string().nullable(), borrower: z.string(), department: z.string().nullable(), files: z.number().int(), maxDays: z.number().int() }),
      ),
      byDepartment: z.array(
        z.object({ departmentId: z.string().nullable(), department: z.string().nullable(), files: z.number().int(), borrowers: z.number().int(), maxDays: z.number().int() }),
      ),
    }),
  ),
  /** Every loan and reading of a file with the approvals it was made against, its applications, incidents and holds. */
  'reports.fileHistory': op(
    z.object({ archiveNo: required(64) }),
    z.object({
      archiveNo: z.string(),
      title: z.string(),
      entries: z.array(LedgerEntry),
      applications: z.array(Application),
      incidents: z.array(Incident),
      holds: z.array(Hold),
    }),
  ),
  /** What a person has now and has had: loans and readings, applications, incidents, holds. */
  'reports.personHistory': op(
    z.object({ person: PersonRef }),
    z.object({
      person: Person,
      current: z.array(LedgerEntry),
      past: z.array(LedgerEntry),
      applications: z.array(Application),
      incidents: z.array(Incident),
      holds: z.array(Hold),
    }),
  ),
  /** Statistics of the loans and readings begun in a period (local calendar days, both included). */
  'reports.statistics': op(Period, Statistics),
  /** The statistics as an .xlsx workbook (a summary sheet and one per breakdown); audited like an export. */
  'reports.exportStatistics': op(Period.extend({ language: z.enum(['zh-CN', 'en']).default('zh-CN') }), ExportFile, { capability: 'archive.read', write: true }),
} as const;
