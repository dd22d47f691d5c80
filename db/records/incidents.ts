/** Incidents found at return (missing or damaged items), as the desk, the file page and the person show them. */
import { randomUUID } from 'node:crypto';
import type { InferResult } from 'kysely';
import type { Incident } from '../../shared/contract.js';
import type { IncidentKind } from '../../shared/domain/borrowing.js';
import { OperationContext } from '../context.js';

export function incidentQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('incidents')
    .innerJoin('files', 'files.id', 'incidents.fileId')
    .innerJoin('loans', 'loans.id', 'incidents.loanId')
    .innerJoin('users as creator', 'creator.id', 'incidents.createdBy')
    .leftJoin('users as resolver', 'resolver.id', 'incidents.resolvedBy')
    .leftJoin('file_items as item', 'item.id', 'incidents.itemId')
    .select([
      'incidents.id',
      'incidents.loanId',
      'incidents.fileId',
      'files.archiveNo',
      'files.title as fileTitle',
      'incidents.itemId',
      'item.seq as itemSeq',
      'item.title as itemTitle',
      'incidents.personId',
      'loans.borrower',
      'incidents.kind',
      'incidents.note',
      'incidents.status',
      'incidents.resolutionReason',
      'incidents.createdAt',
      'creator.displayName as createdBy',
      'incidents.resolvedAt',
      'resolver.displayName as resolvedBy',
    ])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

type IncidentRow = InferResult<ReturnType<typeof incidentQuery>>[number];

export function toIncident(row: IncidentRow): Incident {
  return { ...row, itemSeq: row.itemSeq ?? null, itemTitle: row.itemTitle ?? null };
}

export function incidentById(ctx: OperationContext, id: string): Incident | undefined {
  const row = ctx.db.one(incidentQuery(ctx).where('incidents.id', '=', id));
  return row && toIncident(row);
}

/** Records one incident per item found missing or damaged, against the entry and its borrower. */
export function recordIncidents(
  ctx: OperationContext,
  entry: { id: string; fileId: string; borrowerId: string | null },
  items: { itemId: string; kind: IncidentKind }[],
  note: string,
  now: string,
): Incident[] {
  const ids: string[] = [];
  for (const item of items) {
    const id = randomUUID();
    ctx.db.run(
      ctx.db.k.insertInto('incidents').values({
        id,
        loanId: entry.id,
        fileId: entry.fileId,
        itemId: item.itemId,
        personId: entry.borrowerId,
        kind: item.kind,
        note,
        createdAt: now,
        createdBy: ctx.user.id,
        resolvedAt: null,
        resolvedBy: null,
      }),
    );
    ids.push(id);
  }
  return ids.map((id) => incidentById(ctx, id)!);
}

/** How many incidents of a file are open (the file is flagged while there are any). */
export function openIncidentCount(ctx: OperationContext, fileId: string): number {
  const row = ctx.db.one(
    ctx.db.k
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('fileId', '=', fileId)
      .where('status', '=', 'open'),
  );
  return Number(row?.n ?? 0);
}
