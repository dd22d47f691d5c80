import { describe, expect, it } from 'vitest';
import { catalogs } from '../../shared/i18n/index.js';
import { historyFieldLabel, historyValue, newestFirst } from './components/History.js';
import type { HistoryEntry } from './components/History.js';

const schemes = [
  {
    code: 'grade',
    label: '等级',
    labelEn: 'Grade',
    values: [{ id: 'v1', code: 'A', label: 'A类客户', labelEn: 'Grade A', active: true, sortOrder: 1, schemeId: 's1' }],
  },
];

describe('change histories in the clerk’s words', () => {
  it('labels fields, never codes: contact roles, classification schemes', () => {
    const zh = catalogs['zh-CN'];
    expect(historyFieldLabel(zh, 'contact.daily')).toBe('日常联系人');
    expect(historyFieldLabel(zh, 'contact.emergency')).toBe('紧急联系人');
    expect(historyFieldLabel(catalogs.en, 'contact.daily')).toBe('Daily contact');
    expect(historyFieldLabel(zh, 'classification.grade', schemes, 'zh-CN')).toBe('等级');
    expect(historyFieldLabel(catalogs.en, 'classification.grade', schemes, 'en')).toBe('Grade');
  });

  it('labels values: statuses and levels by their labels, classification values in the language, instants in local time', () => {
    const zh = catalogs['zh-CN'];
    expect(historyValue(zh, 'status', 'terminated')).toBe('已终止');
    expect(historyValue(zh, 'confidentiality', 'confidential')).toBe('机密');
    expect(historyValue(catalogs.en, 'retention', '30y')).toBe('30 years');
    expect(historyValue(catalogs.en, 'classification.grade', 'A类客户', schemes, 'en')).toBe('Grade A');
    expect(historyValue(zh, 'classification.grade', 'A类客户', schemes, 'zh-CN')).toBe('A类客户');
    const sealed = historyValue(zh, 'sealed', '2026-12-01T08:00:11.013Z')!;
    expect(sealed).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(sealed).not.toContain('T');
    expect(historyValue(zh, 'title', '')).toBeNull();
  });

  it('shows the newest change first', () => {
    const entry = (at: string, field: string): HistoryEntry => ({ at, field, username: '王芳', oldValue: null, newValue: 'x', reason: '' });
    const sorted = newestFirst([entry('2026-03-01T01:00:00.000Z', 'a'), entry('2026-03-05T01:00:00.000Z', 'b'), entry('2026-03-03T01:00:00.000Z', 'c')]);
    expect(sorted.map((e) => e.field)).toEqual(['b', 'c', 'a']);
  });
});
