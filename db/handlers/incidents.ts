import { incidentTransition } from '../../shared/domain/borrowing.js';
import { DossierError } from '../../shared/errors.js';
import { findFile } from '../records/files.js';
import { incidentById, incidentQuery, toIncident } from '../records/incidents.js';
import { findPerson } from '../records/people.js';
import type { Handler, HandlersOf } from './kit.js';
import type { incidentsOps } from '../../shared/ops/incidents.js';

const listIncidents: Handler<'incidents.list'> = (ctx, input) => {
  let query = incidentQuery(ctx);
  if (input.open) query = query.where('incidents.status', '=', 'open');
  if (input.archiveNo) query = query.where('incidents.fileId', '=', findFile(ctx, input.archiveNo).id);
  if (input.person) query = query.where('incidents.personId', '=', findPerson(ctx, input.person).id);
  return ctx.db.all(query.orderBy('incidents.createdAt', 'desc').orderBy('item.seq').limit(input.limit)).map(toIncident);
};

const resolveIncident: Handler<'incidents.resolve'> = (ctx, input) => {
  const incident = incidentById(ctx, input.id);
  if (!incident) throw new DossierError('incident.notFound', { id: input.id });
  const moved = incidentTransition(incident.status, input.resolution, input.reason);
  if (!moved.ok) throw new DossierError(moved.code, { id: incident.id });
  const now = ctx.now().toISOString();
  ctx.db.run(
    ctx.db.k.updateTable('incidents').set({ status: moved.status, resolutionReason: input.reason, resolvedAt: now, resolvedBy: ctx.user.id }).where('id', '=', incident.id),
  );
  ctx.audit({
    action: 'incidents.resolve',
    targetType: 'file',
    targetId: incident.fileId,
    targetLabel: incident.archiveNo,
    details: {
      incidentId: incident.id,
      kind: incident.kind,
      seq: incident.itemSeq,
      title: incident.itemTitle,
      borrower: incident.borrower,
      resolution: moved.status,
      reason: input.reason,
    },
  });
  return incidentById(ctx, incident.id)!;
};

/** The handlers of the `incidents.*` operations. */
export const incidentsHandlers = {
  'incidents.list': listIncidents,
  'incidents.resolve': resolveIncident,
} satisfies HandlersOf<typeof incidentsOps>;
