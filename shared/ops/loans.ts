/**
 * The circulation desk: lending a file out and taking it back (借出 · 归还 · 注销), in-room reading
 * (查阅), renewals (续借), the overdue list (逾期) and reversing entries (冲正). The ledger is
 * append-only: a mistake is corrected by a reversing entry with a reason.
 */
import { z } from 'zod';
import { DAY_UNITS } from '../domain/borrowing.js';
import { PaperApproval } from './applications.js';
import { Hold } from './holds.js';
import { Incident } from './incidents.js';
import { Confidentiality, DateString, Id, op, required, trimmed } from './kit.js';
import { PersonRef } from './people.js';

const LoanPeriod = z.object({ days: z.number().int().min(0).max(366), unit: z.enum(DAY_UNITS) });

export const LendingPolicy = z.object({
  requireApplication: z.boolean(),
  period: LoanPeriod,
  /** Periods for loans of one kind (外借 loan / 复制摘抄 copy) and/or one confidentiality level; the most specific wins. */
  rules: z.array(LoanPeriod.extend({ kind: z.enum(['loan', 'copy']).optional(), level: Confidentiality.optional() })).max(20),
  /** How many times one loan may be renewed (0: never). */
  maxRenewals: z.number().int().min(0).max(20),
  /** Whether a borrower with an overdue file is refused further loans. */
  blockOverdue: z.boolean(),
});

/** A reversing entry (冲正): who reversed the entry, when, and why. */
export const Reversal = z.object({ id: Id, at: z.string(), by: z.string(), reason: z.string() });

export const Loan = z.object({
  id: Id,
  fileId: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  clientName: z.string(),
  confidentiality: Confidentiality,
  /** The borrower as the ledger wrote it ("销售部 李明"); free text on loans made before people existed. */
  borrower: z.string(),
  /** The borrower in the people register (null on loans made before people existed). */
  borrowerId: z.string().nullable(),
  /** The approved application the loan was made against. */
  applicationId: z.string().nullable(),
  purpose: z.string(),
  lentAt: z.string(),
  lentBy: z.string(),
  dueDate: DateString,
  returnedAt: z.string().nullable(),
  returnedBy: z.string().nullable(),
  overdue: z.boolean(),
  renewals: z.number().int(),
  /** What the clerk noted at return. */
  returnNote: z.string(),
  /** Set when the entry was reversed: it no longer counts (nor is it overdue). */
  reversal: Reversal.nullable(),
});

/** An in-room reading (查阅): start and end, no due date. */
export const Reading = z.object({
  id: Id,
  fileId: Id,
  archiveNo: z.string(),
  fileTitle: z.string(),
  clientName: z.string(),
  confidentiality: Confidentiality,
  reader: z.string(),
  readerId: z.string().nullable(),
  applicationId: z.string().nullable(),
  purpose: z.string(),
  startedAt: z.string(),
  startedBy: z.string(),
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
  returnNote: z.string(),
  reversal: Reversal.nullable(),
});

/**
 * The completeness check at return: the items (by sequence number in the contents list) that
 * are missing or damaged, a note, and where the file goes (its home location unless another is
 * confirmed).
 */
const ReturnCheck = {
  archiveNo: required(64),
  missing: z.array(z.number().int().min(1)).max(1000).default([]),
  damaged: z.array(z.number().int().min(1)).max(1000).default([]),
  note: trimmed(500).default(''),
  locationId: Id.optional(),
};

/** What the clerk is told after a return: the incidents recorded, a hold that became ready, where the file goes. */
const AfterReturn = {
  incidents: z.array(Incident),
  holdReady: Hold.nullable(),
  locationPath: z.string().nullable(),
  /** Whether the file went to a location other than its home (a move is recorded). */
  moved: z.boolean(),
};

export const OverdueLoan = Loan.extend({ daysOverdue: z.number().int(), departmentName: z.string().nullable() });
const OverdueGroup = z.object({ key: z.string().nullable(), name: z.string(), count: z.number().int(), maxDaysOverdue: z.number().int(), archiveNos: z.array(z.string()) });

export const loansOps = {
  /**
   * Lends a file to a person (staff number, card number or person id) against their approved
   * application: the one given, or the one that matches. With `paperApproval`, a paper
   * application signed outside the system is recorded with the loan.
   */
  'loans.lend': op(
    z.object({
      archiveNo: required(64),
      borrower: PersonRef,
      applicationId: Id.optional(),
      paperApproval: PaperApproval.optional(),
      purpose: trimmed(300).default(''),
      dueDate: DateString.optional(),
    }),
    Loan,
    { capability: 'loans.circulate', write: true },
  ),
  /**
   * Takes a lent file back and closes its entry (注销) after the completeness check: each missing
   * or damaged item becomes an incident against the loan and the borrower. The first waiting
   * hold becomes ready.
   */
  'loans.return': op(z.object(ReturnCheck), Loan.extend(AfterReturn), { capability: 'loans.circulate', write: true }),
  'loans.list': op(
    z
      .object({
        open: z.boolean().default(false),
        /** One borrower's loans (a staff number, card number or person id). */
        borrower: PersonRef.optional(),
        archiveNo: required(64).optional(),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .default({ open: false, limit: 500 }),
    z.array(Loan),
  ),
  /** Starts an in-room reading against the reader's approved application (any kind), or a signed paper approval. */
  'loans.read': op(
    z.object({ archiveNo: required(64), reader: PersonRef, applicationId: Id.optional(), paperApproval: PaperApproval.optional(), purpose: trimmed(300).default('') }),
    Reading,
    { capability: 'loans.circulate', write: true },
  ),
  /** Ends the file's reading, with the same completeness check as a return. */
  'loans.endReading': op(z.object(ReturnCheck), Reading.extend(AfterReturn), { capability: 'loans.circulate', write: true }),
  'loans.readings': op(
    z.object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(500) }).default({ open: false, limit: 500 }),
    z.array(Reading),
  ),
  /** Renews a loan by the period of its kind and level, counted from its due date (or today, when later). */
  'loans.renew': op(z.object({ archiveNo: required(64) }), Loan, { capability: 'loans.circulate', write: true }),
  /**
   * Corrects a ledger entry recorded by mistake with a reversing entry and a reason; nothing is
   * changed or deleted. An open entry is closed by it and the file is back on the shelf.
   */
  'loans.reverse': op(z.object({ id: Id, reason: required(300) }), z.object({ reversal: Reversal, entryId: Id, archiveNo: z.string(), kind: z.enum(['loan', 'read']) }), {
    capability: 'loans.circulate',
    write: true,
  }),
  /** Open loans past their due date, most overdue first, and grouped per borrower and per department. */
  'loans.overdue': op(
    z.object({}).default({}),
    z.object({ asOf: DateString, loans: z.array(OverdueLoan), byBorrower: z.array(OverdueGroup), byDepartment: z.array(OverdueGroup) }),
  ),
  'loans.policy': op(z.object({}).default({}), LendingPolicy),
  /** Whether a loan needs an approved application, and the loan periods per kind and level. */
  'loans.updatePolicy': op(LendingPolicy.partial(), LendingPolicy, { capability: 'settings.manage', write: true }),
} as const;

export type Loan = z.output<typeof Loan>;
export type Reading = z.output<typeof Reading>;
export type OverdueLoan = z.output<typeof OverdueLoan>;
