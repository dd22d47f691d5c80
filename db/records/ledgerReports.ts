/** Ledger entries (loans and readings), incidents and holds as the reports show them, limited to files the user may see. */
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { daysBetween, localDate } from '../../shared/domain/dates.js';
import type { Hold, Incident, LedgerEntry } from '../../shared/ops/reports.js';
import type { OperationContext } from '../context.js';

export function ledgerQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('loans')
    .innerJoin('files', 'files.id', 'loans.fileId')
    .innerJoin('users as lender', 'lender.id', 'loans.lentBy')
    .leftJoin('users as receiver', 'receiver.id', 'loans.returnedBy')
    .leftJoin('people as bp', 'bp.id', 'loans.borrowerId')
    .leftJoin('departments as bd', 'bd.id', 'bp.departmentId')
    .select([
      'loans.id',
      'loans.kind',
      'loans.fileId',
      'files.archiveNo',
      'files.title as fileTitle',
      'files.confidentiality',
      'loans.borrower',
      'loans.borrowerId',
      sql<string | null>`coalesce(bd.name, nullif(bp.organisation, ''))`.as('borrowerDepartment'),
      'loans.applicationId',
      'loans.purpose',
      'loans.lentAt',
      'lender.displayName as lentBy',
      'loans.dueDate',
      'loans.returnedAt',
      'receiver.displayName as returnedBy',
      'loans.renewals',
      'loans.returnNote',
      'loans.correctsId',
      'loans.correctionReason',
      sql<number>`exists (select 1 from loans c where c.corrects_id = loans.id)`.as('reversed'),
    ])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

type LedgerRow = InferResult<ReturnType<typeof ledgerQuery>>[number];

/** Days past due: up to today while out, up to the return day once back (local calendar days). */
export function daysOverdue(dueDate: string | null, returnedAt: string | null, today: string): number {
  if (!dueDate) return 0;
  const end = returnedAt ? localDate(new Date(returnedAt)) : today;
  return Math.max(0, daysBetween(dueDate, end));
}

export function toEntry(ctx: OperationContext, row: LedgerRow): LedgerEntry {
  // An entry reversed (recorded in error) or the reversing entry itself was never a loan that ran late.
  const cancelled = row.reversed === 1 || row.correctsId !== null;
  return { ...row, reversed: row.reversed === 1, daysOverdue: cancelled ? 0 : daysOverdue(row.dueDate, row.returnedAt, ctx.today()) };
}

/** A local calendar day's first instant as the stored UTC ISO text (instants compare as text). */
export function dayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

export function incidentQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('incidents')
    .innerJoin('files', 'files.id', 'incidents.fileId')
    .innerJoin('users as creator', 'creator.id', 'incidents.createdBy')
    .leftJoin('file_items as item', 'item.id', 'incidents.itemId')
    .leftJoin('people as p', 'p.id', 'incidents.personId')
    .select([
      'incidents.id',
      'incidents.loanId',
      'files.archiveNo',
      'files.title as fileTitle',
      'item.seq as itemSeq',
      'item.title as itemTitle',
      'incidents.personId',
      'p.name as personName',
      'incidents.kind',
      'incidents.note',
      'incidents.status',
      'incidents.resolutionReason',
      'incidents.createdAt',
      'creator.displayName as createdBy',
      'incidents.resolvedAt',
    ])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

export function listIncidents(ctx: OperationContext, query: ReturnType<typeof incidentQuery>): Incident[] {
  return ctx.db.all(query.orderBy('incidents.createdAt', 'desc').orderBy('incidents.id')).map((r) => ({ ...r, itemSeq: r.itemSeq ?? null, itemTitle: r.itemTitle ?? null }));
}

export function holdQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('holds')
    .innerJoin('files', 'files.id', 'holds.fileId')
    .innerJoin('people as p', 'p.id', 'holds.personId')
    .select(['holds.id', 'files.archiveNo', 'files.title as fileTitle', 'holds.personId', 'p.name as personName', 'holds.status', 'holds.createdAt', 'holds.readyAt'])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

export function listHolds(ctx: OperationContext, query: ReturnType<typeof holdQuery>): Hold[] {
  return ctx.db.all(query.orderBy('holds.createdAt').orderBy('holds.id'));
}
