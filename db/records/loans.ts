/** Loans as the desk and the file page show them, limited to files the user may see. */
import type { Loan, Reading } from '../../shared/contract.js';
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { DEFAULT_LENDING_POLICY } from '../../shared/domain/borrowing.js';
import type { LedgerState, LendingPolicy } from '../../shared/domain/borrowing.js';
import { OperationContext } from '../context.js';
import { readSettings } from './settings.js';

/** Ledger entries of one kind, with the entry reversing each (if any); reversing entries themselves are not listed. */
function entryQuery(ctx: OperationContext, kind: 'loan' | 'read') {
  return ctx.db.k
    .selectFrom('loans')
    .innerJoin('files', 'files.id', 'loans.fileId')
    .innerJoin('clients', 'clients.id', 'files.clientId')
    .innerJoin('users as lender', 'lender.id', 'loans.lentBy')
    .leftJoin('users as receiver', 'receiver.id', 'loans.returnedBy')
    .leftJoin('loans as rev', 'rev.correctsId', 'loans.id')
    .leftJoin('users as reverser', 'reverser.id', 'rev.lentBy')
    .where('loans.kind', '=', kind)
    .where('loans.correctsId', 'is', null)
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

export function loanQuery(ctx: OperationContext) {
  return entryQuery(ctx, 'loan').select([
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
    'loans.renewals',
    'loans.returnNote',
    'rev.id as revId',
    'rev.lentAt as revAt',
    'reverser.displayName as revBy',
    'rev.correctionReason as revReason',
  ]);
}

type LoanRow = InferResult<ReturnType<typeof loanQuery>>[number];

function reversalOf(row: { revId: string | null; revAt: string | null; revBy: string | null; revReason: string | null }) {
  return row.revId ? { id: row.revId, at: row.revAt!, by: row.revBy ?? '', reason: row.revReason ?? '' } : null;
}

/** Whether a loan is overdue depends on today, so it is computed as the loan is read. */
export function toLoan(ctx: OperationContext, row: LoanRow): Loan {
  const { revId, revAt, revBy, revReason, ...rest } = row;
  const reversal = reversalOf({ revId, revAt, revBy, revReason });
  return { ...rest, reversal, overdue: reversal === null && row.returnedAt === null && row.dueDate < ctx.today() };
}

export function loanById(ctx: OperationContext, id: string): Loan {
  return toLoan(ctx, ctx.db.one(loanQuery(ctx).where('loans.id', '=', id))!);
}

export function openLoanOf(ctx: OperationContext, fileId: string) {
  return ctx.db.one(loanQuery(ctx).where('loans.fileId', '=', fileId).where('loans.returnedAt', 'is', null));
}

export function readingQuery(ctx: OperationContext) {
  return entryQuery(ctx, 'read').select([
    'loans.id',
    'loans.fileId',
    'files.archiveNo',
    'files.title as fileTitle',
    'clients.name as clientName',
    'files.confidentiality',
    'loans.borrower as reader',
    'loans.borrowerId as readerId',
    'loans.applicationId',
    'loans.purpose',
    'loans.lentAt as startedAt',
    'lender.displayName as startedBy',
    'loans.returnedAt as endedAt',
    'receiver.displayName as endedBy',
    'loans.returnNote',
    'rev.id as revId',
    'rev.lentAt as revAt',
    'reverser.displayName as revBy',
    'rev.correctionReason as revReason',
  ]);
}

type ReadingRow = InferResult<ReturnType<typeof readingQuery>>[number];

export function toReading(row: ReadingRow): Reading {
  const { revId, revAt, revBy, revReason, ...rest } = row;
  return { ...rest, reversal: reversalOf({ revId, revAt, revBy, revReason }) };
}

export function readingById(ctx: OperationContext, id: string): Reading {
  return toReading(ctx.db.one(readingQuery(ctx).where('loans.id', '=', id))!);
}

/** The file's open ledger entry of either kind, whoever may see it (the state machine needs the truth). */
export function openEntryOf(ctx: OperationContext, fileId: string) {
  return ctx.db.one(
    ctx.db.k
      .selectFrom('loans')
      .select(['id', 'kind', 'borrower', 'borrowerId', 'dueDate', 'lentAt', 'renewals', 'applicationId'])
      .where('fileId', '=', fileId)
      .where('returnedAt', 'is', null),
  );
}

/** Where a file stands in the ledger, from its open entry. */
export function ledgerStateOf(open: { kind: 'loan' | 'read' } | undefined): LedgerState {
  return open ? (open.kind === 'read' ? 'reading' : 'on_loan') : 'in_stock';
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
