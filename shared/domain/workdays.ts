/**
 * Working-day arithmetic (工作日) with a holiday calendar: Monday to Friday are working days,
 * except the public holidays of the calendar; a weekend day the calendar marks as a make-up
 * working day (调休上班) is a working day. Pure functions over YYYY-MM-DD dates.
 */
import { addDays, isValidDate } from './dates.js';

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** One exception to the ordinary week: a holiday, or a weekend day worked instead (调休). */
export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export function makeCalendar(days: readonly Pick<CalendarDay, 'date' | 'kind'>[]): WorkCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  };
}

export const EMPTY_CALENDAR: WorkCalendar = makeCalendar([]);

/** 0 = Sunday … 6 = Saturday, independent of the machine's time zone. */
export function dayOfWeek(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function isWorkingDay(date: string, calendar: WorkCalendar = EMPTY_CALENDAR): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
}

function checkDate(date: string): void {
  if (!isValidDate(date)) throw new RangeError(`not a date: ${date}`);
}

/**
 * The deadline "within N working days after `date`": the N-th working day after it (the day
 * itself does not count, whether or not it is a working day). N = 0 gives the date itself.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkCalendar = EMPTY_CALENDAR): string {
  checkDate(date);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of working days: ${n}`);
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return day;
}

/**
 * Working days after `from` up to and including `to` (0 when `to` <= `from`): how many
 * working days late a handover received on `to` is against the deadline `from`.
 */
export function workingDaysBetween(from: string, to: string, calendar: WorkCalendar = EMPTY_CALENDAR): number {
  checkDate(from);
  checkDate(to);
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) count++;
  return count;
}

function range(from: string, to: string, name: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push({ date: day, kind: 'holiday', name });
  return days;
}

/**
 * China's 2026 public holidays and make-up working days, as announced by the General Office of
 * the State Council on 2025-11-04 (国务院办公厅关于2026年部分节假日安排的通知). Shipped as the
 * default calendar; administrators add later years and local changes.
 */
export const CHINA_2026: readonly CalendarDay[] = [
  ...range('2026-01-01', '2026-01-03', '元旦'),
  { date: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  ...range('2026-02-15', '2026-02-23', '春节'),
  { date: '2026-02-14', kind: 'workday', name: '春节调休上班' },
  { date: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  { date: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  ...range('2026-06-19', '2026-06-21', '端午节'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  { date: '2026-09-20', kind: 'workday', name: '国庆节调休上班' },
  { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
];
