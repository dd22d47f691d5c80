/** The circulation desk: lending a file out and taking it back (借出 · 归还). */
import { z } from 'zod';
import { Confidentiality, DateString, Id, op, required, trimmed } from './kit.js';

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

export const loansOps = {
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
  'loans.list': op(z.object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(500) }).default({ open: false, limit: 500 }), z.array(Loan)),
} as const;

export type Loan = z.output<typeof Loan>;
