import { randomUUID } from 'node:crypto';
import type { Loan } from '../../shared/contract.js';
import { addDays, isValidDate } from '../../shared/domain/dates.js';
import type { Confidentiality } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import type { Handler, ServiceContext } from './context.js';
import { findFile } from './files.js';
import { readSettings } from './settings.js';

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

export function loanQuery(ctx: ServiceContext) {
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

export function toLoan(ctx: ServiceContext, row: LoanRow): Loan {
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

function loanById(ctx: ServiceContext, id: string): Loan {
  return toLoan(ctx, ctx.db.one(loanQuery(ctx).where('loans.id', '=', id))!);
}

function openLoanOf(ctx: ServiceContext, fileId: string) {
  return ctx.db.one(loanQuery(ctx).where('loans.file_id', '=', fileId).where('loans.returned_at', 'is', null));
}

function resolveDueDate(ctx: ServiceContext, requested: string | undefined): string {
  const settings = readSettings(ctx.db);
  const today = ctx.today();
  if (requested === undefined) return addDays(today, settings.loanDays);
  if (!isValidDate(requested)) throw new DossierError('loan.badDate', { value: requested });
  if (requested < today) throw new DossierError('loan.dueInPast', { dueDate: requested });
  const latest = addDays(today, settings.loanMaxDays);
  if (requested > latest) throw new DossierError('loan.dueTooLate', { maxDays: settings.loanMaxDays, latest });
  return requested;
}

export const lendFile: Handler<'loans.lend'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const open = openLoanOf(ctx, file.id);
  if (open || file.status === 'on_loan') {
    throw new DossierError('loan.alreadyOnLoan', {
      archiveNo: file.archive_no,
      borrower: open?.borrower ?? '',
      dueDate: open?.due_date ?? '',
    });
  }
  const dueDate = resolveDueDate(ctx, input.dueDate);
  const now = ctx.now().toISOString();
  const id = randomUUID();
  ctx.db.run(
    ctx.db.k.insertInto('loans').values({
      id,
      file_id: file.id,
      borrower: input.borrower,
      purpose: input.purpose,
      lent_at: now,
      lent_by: ctx.user.id,
      due_date: dueDate,
      returned_at: null,
      returned_by: null,
    }),
  );
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'on_loan', updated_at: now }).where('id', '=', file.id));
  ctx.audit({
    action: 'loans.lend',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archive_no,
    details: { loanId: id, borrower: input.borrower, purpose: input.purpose, dueDate },
  });
  return loanById(ctx, id);
};

export const returnFile: Handler<'loans.return'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const open = openLoanOf(ctx, file.id);
  if (!open) throw new DossierError('loan.notOnLoan', { archiveNo: file.archive_no });
  const now = ctx.now().toISOString();
  ctx.db.run(ctx.db.k.updateTable('loans').set({ returned_at: now, returned_by: ctx.user.id }).where('id', '=', open.id));
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'in_stock', updated_at: now }).where('id', '=', file.id));
  ctx.audit({
    action: 'loans.return',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archive_no,
    details: { loanId: open.id, borrower: open.borrower, overdue: open.due_date < ctx.today() },
  });
  return loanById(ctx, open.id);
};

export const listLoans: Handler<'loans.list'> = (ctx, input) => {
  let query = loanQuery(ctx);
  if (input.open) query = query.where('loans.returned_at', 'is', null).orderBy('loans.due_date').orderBy('files.archive_no');
  else query = query.orderBy('loans.lent_at', 'desc');
  return ctx.db.all(query.limit(input.limit)).map((row) => toLoan(ctx, row));
};
