import { HANDOVER_SEALED, sealColumns } from '../levelKeys.js';
import { requireValidDate } from '../records/handovers.js';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { addWorkingDays, workingDaysBetween } from '../../shared/domain/workdays.js';
import { DossierError } from '../../shared/errors.js';
import type { DepartmentRating } from '../../shared/ops/handovers.js';
import { workCalendar } from '../records/calendar.js';
import { getClientRow } from '../records/clients.js';
import { findFile } from '../records/files.js';
import { activeKind, checklistMissing, deadlineOf, oneHandover, toEventKind, toHandover } from '../records/handovers.js';
import type { Handler } from './kit.js';
import { listHandovers } from '../records/handovers.js';
import type { handoversOps } from '../../shared/ops/handovers.js';
import type { HandlersOf } from './kit.js';

export const registerHandover: Handler<'handovers.register'> = (ctx, input) => {
  const kind = activeKind(ctx, input.eventKind);
  const today = ctx.today();
  const receivedDate = input.receivedDate ?? today;
  requireValidDate(input.eventDate);
  requireValidDate(receivedDate);
  if (receivedDate > today) throw new DossierError('handovers.dateInFuture', { date: receivedDate });
  if (input.eventDate > today) throw new DossierError('handovers.dateInFuture', { date: input.eventDate });
  if (receivedDate < input.eventDate) throw new DossierError('handovers.receivedBeforeEvent', { eventDate: input.eventDate, receivedDate });

  const file = input.archiveNo ? findFile(ctx, input.archiveNo) : null;
  const client = input.clientId ? getClientRow(ctx, input.clientId) : null;
  if (!file && !client) throw new DossierError('handovers.subjectRequired');
  if (file && client && file.clientId !== client.id) throw new DossierError('handovers.fileClientMismatch', { archiveNo: file.archiveNo });

  const items = input.items.map((entry) => {
    if (typeof entry === 'string') return { name: entry, itemId: null as string | null };
    if (!entry.itemId) {
      if (!entry.name) throw new DossierError('validation', { detail: 'items: a name or an itemId is required' });
      return { name: entry.name, itemId: null };
    }
    if (!file) throw new DossierError('handovers.itemNeedsFile');
    const item = ctx.db.one(sql<{ title: string }>`select title from file_items where id = ${entry.itemId} and file_id = ${file.id}`);
    if (!item) throw new DossierError('handovers.itemNotInFile', { archiveNo: file.archiveNo });
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
    eventKind: kind.code,
    eventDate: input.eventDate,
    deadlineDays: kind.deadlineDays,
    deadline,
    receivedDate: receivedDate,
    onTime: onTime ? 1 : 0,
    daysLate: onTime ? 0 : workingDaysBetween(deadline, receivedDate, calendar),
    clientId: client?.id ?? file?.clientId ?? null,
    fileId: file?.id ?? null,
    items: JSON.stringify(items),
    missing: JSON.stringify(missing),
    remarks: input.remarks,
    handedOverBy: input.handedOverBy,
    handedOverAt: input.handedOverAt ? new Date(input.handedOverAt).toISOString() : now,
    receivedBy: ctx.user.id,
    receivedAt: now,
  };
  // The papers' names and remarks of a handover into a 机密/绝密 file are sealed like the file (db/levelKeys.ts).
  ctx.db.run(ctx.db.k.insertInto('handovers').values(row.fileId ? sealColumns(ctx, row.fileId, row, HANDOVER_SEALED) : row));
  ctx.audit({
    action: 'handovers.register',
    targetType: 'handover',
    targetId: row.id,
    targetLabel: `${row.department} ${row.handedOverBy}`,
    details: {
      eventKind: kind.code,
      eventDate: row.eventDate,
      deadline,
      receivedDate,
      onTime,
      clientId: row.clientId,
      archiveNo: file?.archiveNo ?? null,
      items: items.length,
      missing,
    },
  });
  return toHandover(oneHandover(ctx, row.id)!);
};

function rating(department: string, rows: { onTime: number; missing: string }[]): DepartmentRating {
  const handovers = rows.length;
  const onTime = rows.filter((r) => r.onTime === 1).length;
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
  requireValidDate(input.from);
  requireValidDate(input.to);
  const rows = ctx.db.all(
    ctx.db.k.selectFrom('handovers').select(['department', 'onTime', 'missing']).where('receivedDate', '>=', input.from).where('receivedDate', '<=', input.to),
  );
  const byDepartment = new Map<string, typeof rows>();
  for (const row of rows) byDepartment.set(row.department, [...(byDepartment.get(row.department) ?? []), row]);
  const departments = [...byDepartment.entries()].map(([department, list]) => rating(department, list)).sort((a, b) => a.department.localeCompare(b.department, 'zh-CN'));
  return { from: input.from, to: input.to, departments, total: rating('', rows) };
};

export const handoverDeadline: Handler<'handovers.deadline'> = (ctx, input) => {
  const kind = activeKind(ctx, input.eventKind);
  return { eventKind: kind.code, eventDate: input.eventDate, deadlineDays: kind.deadlineDays, deadline: deadlineOf(ctx, kind, input.eventDate) };
};

export const listEventKinds: Handler<'handovers.kinds'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('handover_event_kinds').selectAll().orderBy('sortOrder').orderBy('code');
  if (!input.includeInactive) query = query.where('active', '=', 1);
  return ctx.db.all(query).map(toEventKind);
};

export const saveEventKind: Handler<'handovers.saveKind'> = (ctx, input) => {
  const before = ctx.db.one(ctx.db.k.selectFrom('handover_event_kinds').selectAll().where('code', '=', input.code));
  const row = {
    code: input.code,
    name: input.name,
    nameEn: input.nameEn ?? null,
    deadlineDays: input.deadlineDays,
    active: input.active === undefined ? (before?.active ?? 1) : input.active ? 1 : 0,
    sortOrder: input.sortOrder ?? before?.sortOrder ?? 0,
  };
  ctx.db.run(
    ctx.db.k
      .insertInto('handover_event_kinds')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, nameEn: row.nameEn, deadlineDays: row.deadlineDays, active: row.active, sortOrder: row.sortOrder })),
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

/** The handlers of the `handovers.*` operations. */
export const handoversHandlers = {
  'handovers.register': registerHandover,
  'handovers.list': listHandovers,
  'handovers.report': handoverReport,
  'handovers.deadline': handoverDeadline,
  'handovers.kinds': listEventKinds,
  'handovers.saveKind': saveEventKind,
} satisfies HandlersOf<typeof handoversOps>;
