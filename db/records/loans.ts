/** Loans as the desk and the file page show them, limited to files the user may see. */
import type { Loan } from '../../shared/contract.js';
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { DEFAULT_LENDING_POLICY } from '../../shared/domain/borrowing.js';
import type { LendingPolicy } from '../../shared/domain/borrowing.js';
import { OperationContext } from '../context.js';
import { readSettings } from './settings.js';

export function loanQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('loans')
    .innerJoin('files', 'files.id', 'loans.fileId')
    .innerJoin('clients', 'clients.id', 'files.clientId')
    .innerJoin('users as lender', 'lender.id', 'loans.lentBy')
    .leftJoin('users as receiver', 'receiver.id', 'loans.returnedBy')
    .select([
      'loans.id',
      'loans.fileId',
      'files.archiveNo',
      'files.title as fileTitle',
      'clients.name as clientName',
      'files.confidentiality',
      'loans.borrower',
      'loans.borrowerId',
      'loans.applicationId',
      'loans.purpose',
      'loans.lentAt',
      'lender.displayName as lentBy',
      // Lending entries always have a due date (a CHECK): only in-room readings have none.
      sql<string>`loans.due_date`.as('dueDate'),
      'loans.returnedAt',
      'receiver.displayName as returnedBy',
    ])
    .where('loans.kind', '=', 'loan')
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

type LoanRow = InferResult<ReturnType<typeof loanQuery>>[number];

/** Whether a loan is overdue depends on today, so it is computed as the loan is read. */
export function toLoan(ctx: OperationContext, row: LoanRow): Loan {
  return { ...row, overdue: row.returnedAt === null && row.dueDate < ctx.today() };
}

export function loanById(ctx: OperationContext, id: string): Loan {
  return toLoan(ctx, ctx.db.one(loanQuery(ctx).where('loans.id', '=', id))!);
}

export function openLoanOf(ctx: OperationContext, fileId: string) {
  return ctx.db.one(loanQuery(ctx).where('loans.fileId', '=', fileId).where('loans.returnedAt', 'is', null));
}

const POLICY_KEY = 'lendingPolicy';

/** The lending policy: the administrator's, else the seeds' (the period from the older `loanDays` setting). */
export function readLendingPolicy(ctx: OperationContext): LendingPolicy {
  const row = ctx.db.one(ctx.db.k.selectFrom('settings').select('value').where('key', '=', POLICY_KEY));
  const fallback: LendingPolicy = { ...DEFAULT_LENDING_POLICY, period: { days: readSettings(ctx.db).loanDays, unit: 'calendar' } };
  return row ? { ...fallback, ...(JSON.parse(row.value) as Partial<LendingPolicy>) } : fallback;
}

export function writeLendingPolicy(ctx: OperationContext, policy: LendingPolicy): void {
  const value = JSON.stringify(policy);
  ctx.db.run(
    ctx.db.k
      .insertInto('settings')
      .values({ key: POLICY_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
}
