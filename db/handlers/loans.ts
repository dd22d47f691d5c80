import { randomUUID } from 'node:crypto';
import { looksLikeArchiveNo, normalizeArchiveNo } from '../../shared/domain/archiveNo.js';
import { addDays, isValidDate } from '../../shared/domain/dates.js';
import { DossierError } from '../../shared/errors.js';
import { OperationContext } from '../context.js';
import { findFile } from '../records/files.js';
import { loanById, loanQuery, openLoanOf, toLoan } from '../records/loans.js';
import { readSettings } from '../records/settings.js';
import type { Handler } from './kit.js';
import type { loansOps } from '../../shared/ops/loans.js';
import type { HandlersOf } from './kit.js';

function resolveDueDate(ctx: OperationContext, requested: string | undefined): string {
  const settings = readSettings(ctx.db);
  const today = ctx.today();
  if (requested === undefined) return addDays(today, settings.loanDays);
  if (!isValidDate(requested)) throw new DossierError('loan.badDate', { value: requested });
  if (requested < today) throw new DossierError('loan.dueInPast', { dueDate: requested });
  const latest = addDays(today, settings.loanMaxDays);
  if (requested > latest) throw new DossierError('loan.dueTooLate', { maxDays: settings.loanMaxDays, latest });
  return requested;
}

/** The archive's number patterns: the default and every file type's own. */
function archiveNoPatterns(ctx: OperationContext): string[] {
  const own = ctx.db.all(ctx.db.k.selectFrom('file_types').select('archiveNoPattern').where('archiveNoPattern', 'is not', null));
  return [readSettings(ctx.db).archiveNoPattern, ...own.map((r) => r.archiveNoPattern!).filter(Boolean)];
}

/** A scan that landed in the borrower field is never a borrower. */
function refuseArchiveNoAsBorrower(ctx: OperationContext, borrower: string): void {
  const isNumber =
    looksLikeArchiveNo(borrower, archiveNoPatterns(ctx)) || !!ctx.db.one(ctx.db.k.selectFrom('files').select('id').where('archiveNo', '=', normalizeArchiveNo(borrower)));
  if (isNumber) throw new DossierError('loan.borrowerIsArchiveNo', { borrower });
}

export const lendFile: Handler<'loans.lend'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  refuseArchiveNoAsBorrower(ctx, input.borrower);
  const open = openLoanOf(ctx, file.id);
  if (open || file.status === 'on_loan') {
    throw new DossierError('loan.alreadyOnLoan', {
      archiveNo: file.archiveNo,
      borrower: open?.borrower ?? '',
      dueDate: open?.dueDate ?? '',
    });
  }
  const dueDate = resolveDueDate(ctx, input.dueDate);
  const now = ctx.now().toISOString();
  const id = randomUUID();
  ctx.db.run(
    ctx.db.k.insertInto('loans').values({
      id,
      fileId: file.id,
      borrower: input.borrower,
      purpose: input.purpose,
      lentAt: now,
      lentBy: ctx.user.id,
      dueDate: dueDate,
      returnedAt: null,
      returnedBy: null,
    }),
  );
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'on_loan', updatedAt: now }).where('id', '=', file.id));
  ctx.audit({
    action: 'loans.lend',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { loanId: id, borrower: input.borrower, purpose: input.purpose, dueDate },
  });
  return loanById(ctx, id);
};

export const returnFile: Handler<'loans.return'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const open = openLoanOf(ctx, file.id);
  if (!open) throw new DossierError('loan.notOnLoan', { archiveNo: file.archiveNo });
  const now = ctx.now().toISOString();
  ctx.db.run(ctx.db.k.updateTable('loans').set({ returnedAt: now, returnedBy: ctx.user.id }).where('id', '=', open.id));
  ctx.db.run(ctx.db.k.updateTable('files').set({ status: 'in_stock', updatedAt: now }).where('id', '=', file.id));
  ctx.audit({
    action: 'loans.return',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { loanId: open.id, borrower: open.borrower, overdue: open.dueDate < ctx.today() },
  });
  return loanById(ctx, open.id);
};

export const listLoans: Handler<'loans.list'> = (ctx, input) => {
  let query = loanQuery(ctx);
  if (input.open) query = query.where('loans.returnedAt', 'is', null).orderBy('loans.dueDate').orderBy('files.archiveNo');
  else query = query.orderBy('loans.lentAt', 'desc');
  return ctx.db.all(query.limit(input.limit)).map((row) => toLoan(ctx, row));
};

/** The handlers of the `loans.*` operations. */
export const loansHandlers = {
  'loans.lend': lendFile,
  'loans.return': returnFile,
  'loans.list': listLoans,
} satisfies HandlersOf<typeof loansOps>;
