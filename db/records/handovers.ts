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

export function toEventKind(r: { code: string; name: string; nameEn: string | null; deadlineDays: number; active: number; sortOrder: number }): EventKind {
  return { code: r.code, name: r.name, nameEn: r.nameEn, deadlineDays: r.deadlineDays, active: r.active === 1, sortOrder: r.sortOrder };
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
    ctx.db.all(sql<{ docKind: string | null }>`select doc_kind from file_items where file_id = ${fileId} and superseded_by_id is null`).map((r) => r.docKind),
  );
  return checklist.filter((c) => !present.has(c.kind)).map((c) => c.label);
}

function handoverQuery(ctx: OperationContext) {
  return (
    ctx.db.k
      .selectFrom('handovers')
      .innerJoin('handover_event_kinds as kind', 'kind.code', 'handovers.eventKind')
      .innerJoin('users as receiver', 'receiver.id', 'handovers.receivedBy')
      .leftJoin('clients', 'clients.id', 'handovers.clientId')
      .leftJoin('files', 'files.id', 'handovers.fileId')
      .selectAll('handovers')
      .select([
        'kind.name as eventKindName',
        'kind.nameEn as eventKindNameEn',
        'receiver.displayName as receiverName',
        'clients.name as clientName',
        'files.archiveNo',
        'files.title as fileTitle',
      ])
      // A handover of a file above the user's clearance is not shown to them.
      .where((eb) => eb.or([eb('handovers.fileId', 'is', null), ctx.fileVisible('files.id', 'files.confidentiality')]))
  );
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
    eventKind: r.eventKind,
    eventKindName: r.eventKindName,
    eventKindNameEn: r.eventKindNameEn,
    eventDate: r.eventDate,
    deadlineDays: r.deadlineDays,
    deadline: r.deadline,
    receivedDate: r.receivedDate,
    onTime: r.onTime === 1,
    daysLate: r.daysLate,
    clientId: r.clientId,
    clientName: r.clientName,
    archiveNo: r.archiveNo,
    fileTitle: r.fileTitle,
    items: JSON.parse(r.items) as Handover['items'],
    missing,
    complete: missing.length === 0,
    remarks: r.remarks,
    handedOverBy: { name: r.handedOverBy, signedAt: r.handedOverAt },
    receivedBy: { userId: r.receivedBy, name: r.receiverName, signedAt: r.receivedAt },
  };
}

export const listHandovers: Handler<'handovers.list'> = (ctx, input) => {
  let query = handoverQuery(ctx);
  if (input.from) query = query.where('handovers.receivedDate', '>=', input.from);
  if (input.to) query = query.where('handovers.receivedDate', '<=', input.to);
  if (input.department) query = query.where('handovers.department', '=', input.department);
  if (input.archiveNo) query = query.where('files.archiveNo', '=', input.archiveNo);
  return ctx.db.all(query.orderBy('handovers.receivedDate', 'desc').orderBy('handovers.receivedAt', 'desc').limit(input.limit)).map(toHandover);
};
