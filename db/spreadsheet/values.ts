/** Turning spreadsheet cells into field values: text, codes, dates, counts. */
import { isValidDate } from '../../shared/domain/dates.js';
import type { Cell } from './xlsx.js';
import { serialToDate } from './xlsx.js';

/** Full-width letters, digits and spaces (common in Chinese input) become half-width. */
export function halfWidth(text: string): string {
  return text.normalize('NFKC');
}

/** The text of a cell as a clerk sees it, trimmed (also of full-width spaces). */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const text = cell.replace(/^[\s\u3000\ufeff]+|[\s\u3000]+$/g, '');
    // Our own CSV export protects formula-like text with an apostrophe; take it off again.
    return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
  }
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(15)));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.date;
}

/** A credit code as typed: full-width → half-width, spaces and dashes inside removed, upper case. */
export function codeText(cell: Cell | undefined): string {
  return halfWidth(cellText(cell)).replace(/[\s-]/g, '').toUpperCase();
}

/**
 * A calendar date from a cell: date cells, Excel serial numbers, and the ways clerks type
 * dates (2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305), with or without a time.
 * Returns YYYY-MM-DD, or null when it is not a real date.
 */
export function parseDateCell(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'object') return isValidDate(cell.date) ? cell.date : null;
  if (typeof cell === 'number') return Number.isInteger(cell) || cell > 1 ? serialToDate(cell) : null;
  if (typeof cell === 'boolean') return null;
  const text = halfWidth(cell).trim().replace(/\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '').replace(/T\d{2}:\d{2}.*$/, '');
  const m =
    /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/.exec(text) ??
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

/** A non-negative whole number (a page count), or null. */
export function parseCountCell(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? cell : null;
  const text = halfWidth(cellText(cell));
  if (!/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}

export function isEmptyRow(cells: readonly Cell[] | undefined): boolean {
  return !cells || cells.every((c) => cellText(c) === '');
}
