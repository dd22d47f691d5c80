/**
 * The handover register (移交登记): the clerk records receipt of papers handed over after a
 * business event; the deadline is the event date plus the event kind's working days over the
 * holiday calendar. Event kinds and the calendar are administrator configuration.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { isValidDate } from '../../shared/domain/dates.js';
import { addWorkingDays, makeCalendar, workingDaysBetween } from '../../shared/domain/workdays.js';
import type { WorkCalendar } from '../../shared/domain/workdays.js';
import type { DepartmentRating, EventKind, Handover } from '../../shared/ops/handovers.js';
import { DossierError } from '../../shared/errors.js';
import { getClientRow } from './clients.js';
import type { Handler, ServiceContext } from './context.js';
import { findFile } from './files.js';

function checkDate(value: string): void {
  if (!isValidDate(value)) throw new DossierError('calendar.badDate', { value });
}

export function workCalendar(ctx: ServiceContext): WorkCalendar {
  return makeCalendar(ctx.db.all(ctx.db.k.selectFrom('calendar_days').select(['date', 'kind'])));
}

function toEventKind(r: { code: string; name: string; deadline_days: number; active: number; sort_order: number }): EventKind {
  return { code: r.code, name: r.name, deadlineDays: r.deadline_days, active: r.active === 1, sortOrder: r.sort_order };
}

function activeKind(ctx: ServiceContext, code: string): EventKind {
  const row = ctx.db.one(ctx.db.k.selectFrom('handover_event_kinds').selectAll().where('code', '=', code));
  if (!row || row.active !== 1) throw new DossierError('handovers.unknownEventKind', { kind: code });
  return toEventKind(row);
}

function deadlineOf(ctx: ServiceContext, kind: EventKind, eventDate: string): string {
  checkDate(eventDate);
  return addWorkingDays(eventDate, kind.deadlineDays, workCalendar(ctx));
}

/** Labels of the file type's required documents that no current item of the file provides. */
function checklistMissing(ctx: ServiceContext, fileId: string): string[] {
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

function handoverQuery(ctx: ServiceContext) {
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
function oneHandover(ctx: ServiceContext, id: string) {
  return ctx.db.one(handoverQuery(ctx).where('handovers.id', '=', id));
}

function toHandover(r: HandoverRow): Handover {
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

export const registerHandover: Handler<'handovers.register'> = (ctx, input) => {
  const kind = activeKind(ctx, input.eventKind);
  const today = ctx.today();
  const receivedDate = input.receivedDate ?? today;
  checkDate(input.eventDate);
  checkDate(receivedDate);
  if (receivedDate > today) throw new DossierError('handovers.dateInFuture', { date: receivedDate });
  if (input.eventDate > today) throw new DossierError('handovers.dateInFuture', { date: input.eventDate });
  if (receivedDate < input.eventDate) throw new DossierError('handovers.receivedBeforeEvent', { eventDate: input.eventDate, receivedDate });

  const file = input.archiveNo ? findFile(ctx, input.archiveNo) : null;
  const client = input.clientId ? getClientRow(ctx, input.clientId) : null;
  if (!file && !client) throw new DossierError('handovers.subjectRequired');
  if (file && client && file.client_id !== client.id) throw new DossierError('handovers.fileClientMismatch', { archiveNo: file.archive_no });

  const items = input.items.map((entry) => {
    if (typeof entry === 'string') return { name: entry, itemId: null as string | null };
    if (!entry.itemId) {
      if (!entry.name) throw new DossierError('validation', { detail: 'items: a name or an itemId is required' });
      return { name: entry.name, itemId: null };
    }
    if (!file) throw new DossierError('handovers.itemNeedsFile');
    const item = ctx.db.one(sql<{ title: string }>`select title from file_items where id = ${entry.itemId} and file_id = ${file.id}`);
    if (!item) throw new DossierError('handovers.itemNotInFile', { archiveNo: file.archive_no });
    return { name: entry.name ?? item.title, itemId: entry.itemId };
  });
  const missing = input.missing ?? (file ? checklistMissing(ctx, file.id) : []);

  const calendar = workCalendar(ctx);
  const deadline = addWorkingDays(input.eventDate, kind.deadlineDays, calendar);
  const onTime = receivedDate <= deadline;
  const now = ctx.now().toISOString();
  const row = {
    id: randomUUID(),
    department: input.department,
    event_kind: kind.code,
    event_date: input.eventDate,
    deadline_days: kind.deadlineDays,
    deadline,
    received_date: receivedDate,
    on_time: onTime ? 1 : 0,
    days_late: onTime ? 0 : workingDaysBetween(deadline, receivedDate, calendar),
    client_id: client?.id ?? file?.client_id ?? null,
    file_id: file?.id ?? null,
    items: JSON.stringify(items),
    missing: JSON.stringify(missing),
    remarks: input.remarks,
    handed_over_by: input.handedOverBy,
    handed_over_at: input.handedOverAt ? new Date(input.handedOverAt).toISOString() : now,
    received_by: ctx.user.id,
    received_at: now,
  };
  ctx.db.run(ctx.db.k.insertInto('handovers').values(row));
  ctx.audit({
    action: 'handovers.register',
    targetType: 'handover',
    targetId: row.id,
    targetLabel: `${row.department} ${row.handed_over_by}`,
    details: {
      eventKind: kind.code,
      eventDate: row.event_date,
      deadline,
      receivedDate,
      onTime,
      clientId: row.client_id,
      archiveNo: file?.archive_no ?? null,
      items: items.length,
      missing,
    },
  });
  return toHandover(oneHandover(ctx, row.id)!);
};

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

function rating(department: string, rows: { on_time: number; missing: string }[]): DepartmentRating {
  const handovers = rows.length;
  const onTime = rows.filter((r) => r.on_time === 1).length;
  const complete = rows.filter((r) => r.missing === '[]').length;
  return {
    department,
    handovers,
    onTime,
    late: handovers - onTime,
    complete,
    timelinessRate: handovers ? onTime / handovers : null,
    completenessRate: handovers ? complete / handovers : null,
  };
}

/** Departments' timeliness and completeness over every handover received in the period. */
export const handoverReport: Handler<'handovers.report'> = (ctx, input) => {
  checkDate(input.from);
  checkDate(input.to);
  const rows = ctx.db.all(
    ctx.db.k
      .selectFrom('handovers')
      .select(['department', 'on_time', 'missing'])
      .where('received_date', '>=', input.from)
      .where('received_date', '<=', input.to),
  );
  const byDepartment = new Map<string, typeof rows>();
  for (const row of rows) byDepartment.set(row.department, [...(byDepartment.get(row.department) ?? []), row]);
  const departments = [...byDepartment.entries()]
    .map(([department, list]) => rating(department, list))
    .sort((a, b) => a.department.localeCompare(b.department, 'zh-CN'));
  return { from: input.from, to: input.to, departments, total: rating('', rows) };
};

export const handoverDeadline: Handler<'handovers.deadline'> = (ctx, input) => {
  const kind = activeKind(ctx, input.eventKind);
  return { eventKind: kind.code, eventDate: input.eventDate, deadlineDays: kind.deadlineDays, deadline: deadlineOf(ctx, kind, input.eventDate) };
};

export const listEventKinds: Handler<'handovers.kinds'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('handover_event_kinds').selectAll().orderBy('sort_order').orderBy('code');
  if (!input.includeInactive) query = query.where('active', '=', 1);
  return ctx.db.all(query).map(toEventKind);
};

export const saveEventKind: Handler<'handovers.saveKind'> = (ctx, input) => {
  const before = ctx.db.one(ctx.db.k.selectFrom('handover_event_kinds').selectAll().where('code', '=', input.code));
  const row = {
    code: input.code,
    name: input.name,
    deadline_days: input.deadlineDays,
    active: input.active === undefined ? (before?.active ?? 1) : input.active ? 1 : 0,
    sort_order: input.sortOrder ?? before?.sort_order ?? 0,
  };
  ctx.db.run(
    ctx.db.k
      .insertInto('handover_event_kinds')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, deadline_days: row.deadline_days, active: row.active, sort_order: row.sort_order })),
  );
  ctx.audit({
    action: before ? 'handovers.updateKind' : 'handovers.createKind',
    targetType: 'handoverEventKind',
    targetId: row.code,
    targetLabel: row.name,
    details: { before: before ? toEventKind(before) : null, after: toEventKind(row) },
  });
  return toEventKind(row);
};

export const listCalendar: Handler<'calendar.list'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('calendar_days').select(['date', 'kind', 'name']).orderBy('date');
  if (input.year !== undefined) query = query.where('date', '>=', `${input.year}-01-01`).where('date', '<=', `${input.year}-12-31`);
  return ctx.db.all(query);
};

export const saveCalendarDay: Handler<'calendar.save'> = (ctx, input) => {
  checkDate(input.date);
  const before = ctx.db.one(ctx.db.k.selectFrom('calendar_days').select(['date', 'kind', 'name']).where('date', '=', input.date));
  const row = { date: input.date, kind: input.kind, name: input.name };
  ctx.db.run(
    ctx.db.k
      .insertInto('calendar_days')
      .values(row)
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, name: row.name })),
  );
  ctx.audit({ action: 'calendar.save', targetType: 'calendarDay', targetId: row.date, targetLabel: row.name || row.date, details: { before: before ?? null, after: row } });
  return row;
};

export const removeCalendarDay: Handler<'calendar.remove'> = (ctx, input) => {
  const before = ctx.db.one(ctx.db.k.selectFrom('calendar_days').select(['date', 'kind', 'name']).where('date', '=', input.date));
  if (!before) throw new DossierError('calendar.notFound', { date: input.date });
  ctx.db.run(ctx.db.k.deleteFrom('calendar_days').where('date', '=', input.date));
  ctx.audit({ action: 'calendar.remove', targetType: 'calendarDay', targetId: before.date, targetLabel: before.name || before.date, details: { before } });
  return { ok: true };
};

export const handoversHandlers = {
  'handovers.register': registerHandover,
  'handovers.list': listHandovers,
  'handovers.report': handoverReport,
  'handovers.deadline': handoverDeadline,
  'handovers.kinds': listEventKinds,
  'handovers.saveKind': saveEventKind,
  'calendar.list': listCalendar,
  'calendar.save': saveCalendarDay,
  'calendar.remove': removeCalendarDay,
};
