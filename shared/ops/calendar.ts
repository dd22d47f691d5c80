/** The working-day calendar: holidays and make-up working days (调休) that deadlines count with. */
import { z } from 'zod';
import { CALENDAR_DAY_KINDS } from '../domain/workdays.js';
import { DateString, op, trimmed } from './kit.js';

export const CalendarDayKind = z.enum(CALENDAR_DAY_KINDS);
export const CalendarDay = z.object({ date: DateString, kind: CalendarDayKind, name: z.string() });

export const calendarOps = {
  /** Holidays and make-up working days (调休) of a year, or all. */
  'calendar.list': op(z.object({ year: z.number().int().min(1900).max(2999).optional() }).default({}), z.array(CalendarDay)),
  'calendar.save': op(z.object({ date: DateString, kind: CalendarDayKind, name: trimmed(100).default('') }), CalendarDay, { capability: 'settings.manage', write: true }),
  'calendar.remove': op(z.object({ date: DateString }), z.object({ ok: z.literal(true) }), { capability: 'settings.manage', write: true }),
} as const;

export type CalendarDay = z.output<typeof CalendarDay>;
