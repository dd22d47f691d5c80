/** Loans as the desk and the file page show them, limited to files the user may see. */
import type { Loan } from '../../shared/contract.js';
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { OperationContext } from '../context.js';

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
