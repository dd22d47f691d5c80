/** Loans as the desk and the file page show them, limited to files the user may see. */
import type { Loan } from '../../shared/contract.js';
import type { Confidentiality } from '../../shared/domain/enums.js';
import { OperationContext } from '../context.js';

interface LoanRow {
  id: string;
  file_id: string;
  archive_no: string;
  file_title: string;
  client_name: string;
  confidentiality: Confidentiality;
  borrower: string;
  purpose: string;
  lent_at: string;
  lent_by_name: string;
  due_date: string;
  returned_at: string | null;
  returned_by_name: string | null;
}

export function loanQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('loans')
    .innerJoin('files', 'files.id', 'loans.file_id')
    .innerJoin('clients', 'clients.id', 'files.client_id')
    .innerJoin('users as lender', 'lender.id', 'loans.lent_by')
    .leftJoin('users as receiver', 'receiver.id', 'loans.returned_by')
    .select([
      'loans.id',
      'loans.file_id',
      'files.archive_no',
      'files.title as file_title',
      'clients.name as client_name',
      'files.confidentiality',
      'loans.borrower',
      'loans.purpose',
      'loans.lent_at',
      'lender.display_name as lent_by_name',
      'loans.due_date',
      'loans.returned_at',
      'receiver.display_name as returned_by_name',
    ])
    .where('files.confidentiality', 'in', ctx.visibleLevels());
}

export function toLoan(ctx: OperationContext, row: LoanRow): Loan {
  return {
    id: row.id,
    fileId: row.file_id,
    archiveNo: row.archive_no,
    fileTitle: row.file_title,
    clientName: row.client_name,
    confidentiality: row.confidentiality,
    borrower: row.borrower,
    purpose: row.purpose,
    lentAt: row.lent_at,
    lentBy: row.lent_by_name,
    dueDate: row.due_date,
    returnedAt: row.returned_at,
    returnedBy: row.returned_by_name,
    overdue: row.returned_at === null && row.due_date < ctx.today(),
  };
}

export function loanById(ctx: OperationContext, id: string): Loan {
  return toLoan(ctx, ctx.db.one(loanQuery(ctx).where('loans.id', '=', id))!);
}

export function openLoanOf(ctx: OperationContext, fileId: string) {
  return ctx.db.one(loanQuery(ctx).where('loans.file_id', '=', fileId).where('loans.returned_at', 'is', null));
}
