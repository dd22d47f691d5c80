/** Handover register rows (移交登记) and their event kinds with deadlines. */
import { sql } from 'kysely';
import { isValidDate } from '../../shared/domain/dates.js';
import { addWorkingDays } from '../../shared/domain/workdays.js';
import { DossierError } from '../../shared/errors.js';
import type { EventKind, Handover } from '../../shared/ops/handovers.js';
import { OperationContext } from '../context.js';
import type { Handler } from '../handlers/kit.js';
import { workCalendar } from './calendar.js';

export function requireValidDate(value: string): void {
  if (!isValidDate(value)) throw new DossierError('calendar.badDate', { value });
}

export function toEventKind(r: { code: string; name: string; deadline_days: number; active: number; sort_order: number }): EventKind {
  return { code: r.code, name: r.name, deadlineDays: r.deadline_days, active: r.active === 1, sortOrder: r.sort_order };
}

export function activeKind(ctx: OperationContext, code: string): EventKind {
  const row = ctx.db.one(ctx.db.k.selectFrom('handover_event_kinds').selectAll().where('code', '=', code));
  if (!row || row.active !== 1) throw new DossierError('handovers.unknownEventKind', { kind: code });
  return toEventKind(row);
}

export function deadlineOf(ctx: OperationContext, kind: EventKind, eventDate: string): string {
  requireValidDate(eventDate);
  return addWorkingDays(eventDate, kind.deadlineDays, workCalendar(ctx));
}

/** Labels of the file type's required documents that no current item of the file provides. */
export function checklistMissing(ctx: OperationContext, fileId: string): string[] {
  const type = ctx.db.one(
    sql<{ checklist: string | null }>`select t.checklist from files f left join file_types t on t.id = coalesce(f.file_type_id, 'ft-client') where f.id = ${fileId}`,
  );
  const checklist = JSON.parse(type?.checklist ?? '[]') as { kind: string; label: string }[];
  if (checklist.length === 0) return [];
  const present = new Set(
    ctx.db
      .all(sql<{ doc_kind: string | null }>`select doc_kind from file_items where file_id = ${fileId} and superseded_by_id is null`)
      .map((r) => r.doc_kind),
  );
  return checklist.filter((c) => !present.has(c.kind)).map((c) => c.label);
}

function handoverQuery(ctx: OperationContext) {
  return ctx.db.k
    .selectFrom('handovers')
    .innerJoin('handover_event_kinds as kind', 'kind.code', 'handovers.event_kind')
    .innerJoin('users as receiver', 'receiver.id', 'handovers.received_by')
    .leftJoin('clients', 'clients.id', 'handovers.client_id')
    .leftJoin('files', 'files.id', 'handovers.file_id')
    .selectAll('handovers')
    .select(['kind.name as event_kind_name', 'receiver.display_name as receiver_name', 'clients.name as client_name', 'files.archive_no', 'files.title as file_title'])
    // A handover of a file above the user's clearance is not shown to them.
    .where((eb) => eb.or([eb('handovers.file_id', 'is', null), eb('files.confidentiality', 'in', ctx.visibleLevels())]));
}

type HandoverRow = NonNullable<ReturnType<typeof oneHandover>>;

export function oneHandover(ctx: OperationContext, id: string) {
  return ctx.db.one(handoverQuery(ctx).where('handovers.id', '=', id));
}

export function toHandover(r: HandoverRow): Handover {
  const missing = JSON.parse(r.missing) as string[];
  return {
    id: r.id,
    department: r.department,
    eventKind: r.event_kind,
    eventKindName: r.event_kind_name,
    eventDate: r.event_date,
    deadlineDays: r.deadline_days,
    deadline: r.deadline,
    receivedDate: r.received_date,
    onTime: r.on_time === 1,
    daysLate: r.days_late,
    clientId: r.client_id,
    clientName: r.client_name,
    archiveNo: r.archive_no,
    fileTitle: r.file_title,
    items: JSON.parse(r.items) as Handover['items'],
    missing,
    complete: missing.length === 0,
    remarks: r.remarks,
    handedOverBy: { name: r.handed_over_by, signedAt: r.handed_over_at },
    receivedBy: { userId: r.received_by, name: r.receiver_name, signedAt: r.received_at },
  };
}

export const listHandovers: Handler<'handovers.list'> = (ctx, input) => {
  let query = handoverQuery(ctx);
  if (input.from) query = query.where('handovers.received_date', '>=', input.from);
  if (input.to) query = query.where('handovers.received_date', '<=', input.to);
  if (input.department) query = query.where('handovers.department', '=', input.department);
  if (input.archiveNo) query = query.where('files.archive_no', '=', input.archiveNo);
  return ctx.db
    .all(query.orderBy('handovers.received_date', 'desc').orderBy('handovers.received_at', 'desc').limit(input.limit))
    .map(toHandover);
};
