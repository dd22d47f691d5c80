import { requireValidDate } from '../records/handovers.js';
import { DossierError } from '../../shared/errors.js';
import type { Handler } from './kit.js';
import type { calendarOps } from '../../shared/ops/calendar.js';
import type { HandlersOf } from './kit.js';

export const listCalendar: Handler<'calendar.list'> = (ctx, input) => {
  let query = ctx.db.k.selectFrom('calendar_days').select(['date', 'kind', 'name']).orderBy('date');
  if (input.year !== undefined) query = query.where('date', '>=', `${input.year}-01-01`).where('date', '<=', `${input.year}-12-31`);
  return ctx.db.all(query);
};

export const saveCalendarDay: Handler<'calendar.save'> = (ctx, input) => {
  requireValidDate(input.date);
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

/** The handlers of the `calendar.*` operations. */
export const calendarHandlers = {
  'calendar.list': listCalendar,
  'calendar.remove': removeCalendarDay,
  'calendar.save': saveCalendarDay,
} satisfies HandlersOf<typeof calendarOps>;
