import { describe, expect, it } from 'vitest';
import { compareValues, sortRows } from './sorting.js';

describe('sorting lists', () => {
  it('orders Chinese names by pinyin, numbers numerically, empty values last', () => {
    expect(['张三', '李四', '王五', '安'].sort(compareValues)).toEqual(['安', '李四', '王五', '张三']);
    expect(['KH-2026-0010', 'KH-2026-0002'].sort(compareValues)).toEqual(['KH-2026-0002', 'KH-2026-0010']);
    expect([3, null, 1].sort(compareValues)).toEqual([1, 3, null]);
  });

  it('sorts rows by a column either way, equal rows in their order, empty ones last', () => {
    const rows = [
      { id: 1, name: '赵' },
      { id: 2, name: '' },
      { id: 3, name: '钱' },
      { id: 4, name: '赵' },
    ];
    const by = (dir: 'asc' | 'desc') => sortRows(rows, { key: 'name', dir }, (r, k) => r[k as 'name']).map((r) => r.id);
    expect(by('asc')).toEqual([3, 1, 4, 2]);
    expect(by('desc')).toEqual([1, 4, 3, 2]);
    expect(sortRows(rows, null, () => null).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });
});
