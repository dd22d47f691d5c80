/** Holds (预约): a queue per file, in the order they were placed. */
import type { InferResult } from 'kysely';
import { sql } from 'kysely';
import type { Hold } from '../../shared/contract.js';
import { holdTransition } from '../../shared/domain/borrowing.js';
import type { HoldEvent } from '../../shared/domain/borrowing.js';
import { DossierError } from '../../shared/errors.js';
import { OperationContext } from '../context.js';

export function holdQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('holds')
    .innerJoin('files', 'files.id', 'holds.fileId')
    .innerJoin('people', 'people.id', 'holds.personId')
    .leftJoin('departments', 'departments.id', 'people.departmentId')
    .innerJoin('users as creator', 'creator.id', 'holds.createdBy')
    .select([
      'holds.id',
      'holds.fileId',
      'files.archiveNo',
      'files.title as fileTitle',
      'holds.personId',
      'people.kind as personKind',
      'people.name as personName',
      'people.organisation',
      'departments.name as departmentName',
      'holds.status',
      'holds.createdAt',
      'creator.displayName as createdBy',
      'holds.readyAt',
      'holds.closedAt',
      // Place in the queue: active holds of the file placed before this one, plus one.
      sql<
        number | null
      >`case when holds.status in ('waiting','ready') then (select count(*) from holds h2 where h2.file_id = holds.file_id and h2.status in ('waiting','ready') and (h2.created_at < holds.created_at or (h2.created_at = holds.created_at and h2.rowid < holds.rowid))) + 1 end`.as(
        'position',
      ),
    ])
    .where(ctx.fileVisible('files.id', 'files.confidentiality'));
}

type HoldRow = InferResult<ReturnType<typeof holdQuery>>[number];

export function toHold(row: HoldRow): Hold {
  const { personKind, personName, organisation, departmentName, ...rest } = row;
  const where = personKind === 'staff' ? departmentName : organisation;
  return { ...rest, person: where ? `${where} ${personName}` : personName, position: row.position === null ? null : Number(row.position) };
}

export function holdById(ctx: OperationContext, id: string): Hold {
  const row = ctx.db.one(holdQuery(ctx).where('holds.id', '=', id));
  if (!row) throw new DossierError('hold.notFound', { id });
  return toHold(row);
}

/** The file's active holds in queue order (whoever may see the file: the queue is the truth). */
export function activeHolds(ctx: OperationContext, fileId: string) {
  return ctx.db.all(
    ctx.db.k
      .selectFrom('holds')
      .select(['id', 'personId', 'status'])
      .where('fileId', '=', fileId)
      .where('status', 'in', ['waiting', 'ready'])
      .orderBy('createdAt')
      // Placed in the same millisecond: in the order written.
      .orderBy(sql`rowid`),
  );
}

/** Moves a hold by the hold state machine, or refuses with its code. */
export function moveHold(ctx: OperationContext, hold: { id: string; status: 'waiting' | 'ready' | 'fulfilled' | 'cancelled' }, event: HoldEvent, now: string): void {
  const moved = holdTransition(hold.status, event);
  if (!moved.ok) throw new DossierError(moved.code, { id: hold.id });
  ctx.db.run(
    ctx.db.k
      .updateTable('holds')
      .set(event === 'ready' ? { status: moved.status, readyAt: now } : { status: moved.status, closedAt: now })
      .where('id', '=', hold.id),
  );
}

/** When a file is back on the shelf: the first waiting hold becomes ready (unless one is ready already). */
export function readyNextHold(ctx: OperationContext, fileId: string, now: string): Hold | null {
  const queue = activeHolds(ctx, fileId);
  const ready = queue.find((h) => h.status === 'ready');
  if (ready) return holdById(ctx, ready.id);
  const next = queue[0];
  if (!next) return null;
  moveHold(ctx, next, 'ready', now);
  return holdById(ctx, next.id);
}
