import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DossierError } from '../../shared/errors.js';
import { findFile } from '../records/files.js';
import { holdById, holdQuery, moveHold, readyNextHold, toHold } from '../records/holds.js';
import { openEntryOf } from '../records/loans.js';
import { findPerson } from '../records/people.js';
import { borrowerLabel } from '../../shared/domain/borrowing.js';
import type { Handler, HandlersOf } from './kit.js';
import type { holdsOps } from '../../shared/ops/holds.js';

const placeHold: Handler<'holds.place'> = (ctx, input) => {
  const file = findFile(ctx, input.archiveNo);
  const person = findPerson(ctx, input.person);
  if (!person.active) throw new DossierError('person.inactive', { name: person.name });
  const label = borrowerLabel(person);
  const open = openEntryOf(ctx, file.id);
  if (open && open.borrowerId === person.id) throw new DossierError('hold.hasFile', { archiveNo: file.archiveNo, person: label });
  const taken = ctx.db.one(ctx.db.k.selectFrom('holds').select('id').where('fileId', '=', file.id).where('personId', '=', person.id).where('status', 'in', ['waiting', 'ready']));
  if (taken) throw new DossierError('hold.duplicate', { archiveNo: file.archiveNo, person: label });
  const id = randomUUID();
  const now = ctx.now().toISOString();
  ctx.db.run(ctx.db.k.insertInto('holds').values({ id, fileId: file.id, personId: person.id, createdAt: now, createdBy: ctx.user.id, readyAt: null, closedAt: null }));
  // A file on the shelf with nobody ahead is kept for this person at once.
  if (!open) readyNextHold(ctx, file.id, now);
  const hold = holdById(ctx, id);
  ctx.audit({
    action: 'holds.place',
    targetType: 'file',
    targetId: file.id,
    targetLabel: file.archiveNo,
    details: { holdId: id, person: label, personId: person.id, status: hold.status, position: hold.position },
  });
  return hold;
};

const cancelHold: Handler<'holds.cancel'> = (ctx, input) => {
  const hold = holdById(ctx, input.id);
  const now = ctx.now().toISOString();
  moveHold(ctx, hold, 'cancel', now);
  // A cancelled ready hold passes the file on to the next in the queue, if it is on the shelf.
  const next = hold.status === 'ready' && !openEntryOf(ctx, hold.fileId) ? readyNextHold(ctx, hold.fileId, now) : null;
  ctx.audit({
    action: 'holds.cancel',
    targetType: 'file',
    targetId: hold.fileId,
    targetLabel: hold.archiveNo,
    details: { holdId: hold.id, person: hold.person, was: hold.status, ...(input.reason ? { reason: input.reason } : {}), ...(next ? { nextReadyFor: next.person } : {}) },
  });
  return holdById(ctx, hold.id);
};

const listHolds: Handler<'holds.list'> = (ctx, input) => {
  let query = holdQuery(ctx);
  if (input.archiveNo) query = query.where('holds.fileId', '=', findFile(ctx, input.archiveNo).id);
  if (input.status === 'active') query = query.where('holds.status', 'in', ['waiting', 'ready']);
  else if (input.status !== 'all') query = query.where('holds.status', '=', input.status);
  return ctx.db
    .all(
      query
        .orderBy('files.archiveNo')
        .orderBy('holds.createdAt')
        .orderBy(sql`holds.rowid`)
        .limit(input.limit),
    )
    .map(toHold);
};

/** The handlers of the `holds.*` operations. */
export const holdsHandlers = {
  'holds.place': placeHold,
  'holds.cancel': cancelHold,
  'holds.list': listHolds,
} satisfies HandlersOf<typeof holdsOps>;
