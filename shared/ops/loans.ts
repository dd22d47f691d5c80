/** The circulation desk: lending a file out and taking it back (借出 · 归还). */
import { z } from 'zod';
import { DAY_UNITS } from '../domain/borrowing.js';
import { PaperApproval } from './applications.js';
import { Confidentiality, DateString, Id, op, required, trimmed } from './kit.js';
import { PersonRef } from './people.js';

const LoanPeriod = z.object({ days: z.number().int().min(0).max(366), unit: z.enum(DAY_UNITS) });

export const LendingPolicy = z.object({
  requireApplication: z.boolean(),
  period: LoanPeriod,
  /** Periods for loans of one kind (外借 loan / 复制摘抄 copy) and/or one confidentiality level; the most specific wins. */
  rules: z.array(LoanPeriod.extend({ kind: z.enum(['loan', 'copy']).optional(), level: Confidentiality.optional() })).max(20),
});

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
});

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
  'loans.return': op(z.object({ archiveNo: required(64) }), Loan, { capability: 'loans.circulate', write: true }),
  'loans.list': op(z.object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(500) }).default({ open: false, limit: 500 }), z.array(Loan)),
  'loans.policy': op(z.object({}).default({}), LendingPolicy),
  /** Whether a loan needs an approved application, and the loan periods per kind and level. */
  'loans.updatePolicy': op(LendingPolicy.partial(), LendingPolicy, { capability: 'settings.manage', write: true }),
} as const;

export type Loan = z.output<typeof Loan>;
