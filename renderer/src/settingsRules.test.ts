import { describe, expect, it } from 'vitest';
import { EVENT_KIND_RE } from '../../shared/domain/codes.js';
import { calendarRedundancy, calendarYears, checklistInput, checklistProblems, codeFromLabel, moveEntry, patternProblem, previewPattern, uniqueCode } from './settingsRules.js';

const draft = (label: string, kind = '', key = label) => ({ key, label, kind });

describe('archive-number pattern preview', () => {
  it('shows the first two numbers of the year', () => {
    expect(previewPattern('KH-{year}-{seq:4}', 2026)).toEqual({ ok: true, first: 'KH-2026-0001', next: 'KH-2026-0002' });
    expect(previewPattern('HT{year}/{seq}', 2027)).toEqual({ ok: true, first: 'HT2027/1', next: 'HT2027/2' });
  });
  it('explains why a pattern is refused, as the engine would refuse it', () => {
    expect(patternProblem('KH-{year}')).toEqual({ code: 'seq' });
    expect(patternProblem('KH-{seq}-{seq:3}')).toEqual({ code: 'seq' });
    expect(patternProblem('KH-{yr}-{seq:4}')).toEqual({ code: 'token', token: '{yr}' });
    expect(patternProblem('KH {year}-{seq:4}')).toEqual({ code: 'chars' });
    expect(previewPattern('KH-{yr}-{seq:4}', 2026).ok).toBe(false);
    expect(patternProblem('客户-{year}-{seq:5}')).toBeNull();
  });
});

describe('checklist editing', () => {
  it('moves entries up and down and ignores moves off the ends', () => {
    const list = ['a', 'b', 'c'];
    expect(moveEntry(list, 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveEntry(list, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveEntry(list, 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveEntry(list, 2, 1)).toEqual(['a', 'b', 'c']);
    expect(list).toEqual(['a', 'b', 'c']);
  });
  it('flags empty names, bad or reserved codes and duplicates, by row', () => {
    expect(checklistProblems([draft('营业执照', 'business_licence'), draft('合同')])).toEqual([]);
    expect(checklistProblems([draft('营业执照'), draft('  ')])).toEqual([{ code: 'emptyLabel', index: 1 }]);
    expect(checklistProblems([draft('营业执照', 'bad code')])).toEqual([{ code: 'badKind', index: 0, kind: 'bad code' }]);
    expect(checklistProblems([draft('其他', 'Other')])).toEqual([{ code: 'reservedKind', index: 0 }]);
    expect(checklistProblems([draft('合同', 'contract', '1'), draft('补充合同', 'CONTRACT', '2')])).toEqual([{ code: 'duplicateKind', index: 1, kind: 'CONTRACT' }]);
    expect(checklistProblems([draft('合同', '', '1'), draft('合同', '', '2')])).toEqual([{ code: 'duplicateKind', index: 1, kind: '合同' }]);
  });
  it('sends blank kinds as absent so the engine derives them', () => {
    expect(checklistInput([draft(' 营业执照 ', ' business_licence '), draft('验资报告')])).toEqual([{ kind: 'business_licence', label: '营业执照' }, { label: '验资报告' }]);
    // The English name goes with its entry, trimmed; an empty one is not sent.
    expect(
      checklistInput([
        { ...draft('营业执照', 'business_licence'), labelEn: ' Business licence ' },
        { ...draft('验资报告'), labelEn: '  ' },
      ]),
    ).toEqual([{ kind: 'business_licence', label: '营业执照', labelEn: 'Business licence' }, { label: '验资报告' }]);
  });
});

describe('codes', () => {
  it('makes a code from an English name and keeps it unique', () => {
    expect(codeFromLabel('Key account')).toBe('key_account');
    expect(codeFromLabel('  State-owned (SOE) ')).toBe('state_owned_soe');
    expect(codeFromLabel('重点客户')).toBe('');
    expect(uniqueCode('key_account', ['KEY_ACCOUNT', 'key_account_2'])).toBe('key_account_3');
    expect(uniqueCode('vip', ['key_account'])).toBe('vip');
  });
  it('accepts event-kind codes the engine accepts', () => {
    expect(EVENT_KIND_RE.test('new_contract')).toBe(true);
    expect(EVENT_KIND_RE.test('New')).toBe(false);
    expect(EVENT_KIND_RE.test('1st')).toBe(false);
  });
});

describe('holiday calendar', () => {
  it('notes entries that change nothing', () => {
    // 2026-10-03 is a Saturday, 2026-10-05 a Monday.
    expect(calendarRedundancy('2026-10-03', 'holiday')).toBe('holidayOnWeekend');
    expect(calendarRedundancy('2026-10-05', 'holiday')).toBeNull();
    expect(calendarRedundancy('2026-10-05', 'workday')).toBe('workdayOnWeekday');
    expect(calendarRedundancy('2026-10-10', 'workday')).toBeNull();
  });
  it('offers the years around now and any already entered, in order', () => {
    expect(calendarYears(2026)).toEqual([2025, 2026, 2027]);
    expect(calendarYears(2026, [2023, 2026])).toEqual([2023, 2025, 2026, 2027]);
  });
});
