/**
 * Sorting lists as a Chinese office expects: names by pinyin (安 before 李 before 张), numbers
 * and dates in order, empty values last; a column header click sorts by it, a second click reverses.
 */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';

const pinyin = new Intl.Collator('zh-u-co-pinyin', { numeric: true, sensitivity: 'base' });

export type SortValue = string | number | null | undefined;

/** Pinyin for text, numeric for numbers; empty values after everything else. */
export function compareValues(a: SortValue, b: SortValue): number {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return pinyin.compare(String(a), String(b));
}

export interface Sort<K extends string> {
  key: K;
  dir: 'asc' | 'desc';
}

/** Rows sorted by the chosen column (stable: equal rows keep the engine's order). */
export function sortRows<T, K extends string>(rows: readonly T[], sort: Sort<K> | null, value: (row: T, key: K) => SortValue): T[] {
  if (!sort) return [...rows];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => {
      const a = value(x.row, sort.key);
      const b = value(y.row, sort.key);
      const emptyA = a === null || a === undefined || a === '';
      const emptyB = b === null || b === undefined || b === '';
      // Empty values stay last whichever way the column is sorted.
      if (emptyA || emptyB) return emptyA === emptyB ? x.i - y.i : emptyA ? 1 : -1;
      return sign * compareValues(a, b) || x.i - y.i;
    })
    .map((x) => x.row);
}

export function useSort<T, K extends string>(rows: readonly T[] | null, value: (row: T, key: K) => SortValue, initial: Sort<K> | null = null) {
  const [sort, setSort] = useState<Sort<K> | null>(initial);
  const sorted = useMemo(() => (rows ? sortRows(rows, sort, value) : null), [rows, sort, value]);
  const toggle = (key: K) => setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  return { sorted, sort, toggle };
}

/** A column header that sorts its table (aria-sort tells a screen reader how). */
export function SortHeader<K extends string>({
  label,
  column,
  sort,
  onSort,
  className,
}: {
  label: ReactNode;
  column: K;
  sort: Sort<K> | null;
  onSort(key: K): void;
  className?: string;
}) {
  const active = sort?.key === column;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-header" onClick={() => onSort(column)} data-testid={`sort-${column}`}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
