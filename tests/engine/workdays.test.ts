import { describe, expect, it } from 'vitest';
import { CHINA_2026, EMPTY_CALENDAR, addWorkingDays, dayOfWeek, isWorkingDay, makeCalendar, workingDaysBetween } from '../../shared/domain/workdays.js';

const cn2026 = makeCalendar(CHINA_2026);

describe('working days', () => {
  it('knows the day of the week whatever the time zone', () => {
    expect(dayOfWeek('2026-03-02')).toBe(1); // Monday
    expect(dayOfWeek('2026-03-07')).toBe(6); // Saturday
    expect(dayOfWeek('2026-03-08')).toBe(0); // Sunday
  });

  it('skips weekends: three working days after a Friday sale end on Wednesday', () => {
    expect(addWorkingDays('2026-03-06', 3)).toBe('2026-03-11');
    expect(addWorkingDays('2026-03-02', 3)).toBe('2026-03-05');
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    // An event on a Saturday: the next working days count.
    expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-04', 0)).toBe('2026-03-04');
    expect(addWorkingDays('2026-03-02', 5)).toBe('2026-03-09');
  });

  it('skips public holidays: a sale on the eve of National Day', () => {
    // 2026-09-30 (Wednesday); 10-01..07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat is a make-up working day.
    expect(addWorkingDays('2026-09-30', 3, cn2026)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 3, EMPTY_CALENDAR)).toBe('2026-10-05');
  });

  it('counts make-up working days (调休) on weekends', () => {
    expect(isWorkingDay('2026-02-14', cn2026)).toBe(true); // Saturday worked before the Spring Festival
    expect(isWorkingDay('2026-02-14', EMPTY_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-02-16', cn2026)).toBe(false); // Monday in the Spring Festival
    expect(isWorkingDay('2026-01-04', cn2026)).toBe(true); // Sunday worked after New Year
    // A service job on Friday 2026-02-13: one working day later is the make-up Saturday.
    expect(addWorkingDays('2026-02-13', 1, cn2026)).toBe('2026-02-14');
    // Then the whole Spring Festival is skipped.
    expect(addWorkingDays('2026-02-13', 2, cn2026)).toBe('2026-02-24');
    // New client contact on 2025-12-31: 01-01..03 off, 01-04 (Sun) worked, 01-05..08.
    expect(addWorkingDays('2025-12-31', 5, cn2026)).toBe('2026-01-08');
  });

  it('counts how many working days late a date is', () => {
    expect(workingDaysBetween('2026-03-05', '2026-03-05')).toBe(0);
    expect(workingDaysBetween('2026-03-05', '2026-03-04')).toBe(0);
    expect(workingDaysBetween('2026-03-05', '2026-03-09')).toBe(2); // Fri + Mon
    expect(workingDaysBetween('2026-04-30', '2026-05-11', cn2026)).toBe(5); // 05-06,07,08,09(Sat, worked),11
  });

  it('ships the 2026 calendar with every holiday and make-up day of the State Council notice', () => {
    const holidays = CHINA_2026.filter((d) => d.kind === 'holiday');
    const workdays = CHINA_2026.filter((d) => d.kind === 'workday').map((d) => d.date);
    expect(holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(workdays.sort()).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    // Every make-up working day falls on a weekend, and no date appears twice.
    expect(workdays.every((d) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6)).toBe(true);
    expect(new Set(CHINA_2026.map((d) => d.date)).size).toBe(CHINA_2026.length);
  });

  it('refuses impossible dates and negative counts', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
  });
});
