/** Turning spreadsheet cells into field values: text, codes, dates, counts. */
import { isValidDate } from '../../shared/domain/dates.js';
import type { Cell, SheetFormulaProblem } from './xlsx.js';
import { serialToDate } from './xlsx.js';

/** Full-width letters, digits and spaces (common in Chinese input) become half-width. */
export function halfWidth(text: string): string {
  return text.normalize('NFKC');
}

export function isFormulaProblem(cell: Cell | undefined): cell is SheetFormulaProblem {
  return typeof cell === 'object' && cell !== null && 'formula' in cell;
}

/** The text of a cell as a clerk sees it, trimmed (also of full-width spaces). */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const text = cell.replace(/^[\s\u3000\ufeff\u200b]+|[\s\u3000\ufeff\u200b]+$/g, '');
    // Our own CSV export protects formula-like text with an apostrophe, and digit-only codes
    // as ="…" so spreadsheet programs keep them text; take both off again.
    const kept = /^="([^"]*)"$/.exec(text);
    if (kept) return kept[1]!;
    return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
  }
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(15)));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (isFormulaProblem(cell)) return '';
  return cell.date;
}

/** A credit code as typed: full-width → half-width, spaces and dashes inside removed, upper case. */
export function codeText(cell: Cell | undefined): string {
  return halfWidth(cellText(cell))
    .replace(/[\s\u200b-\u200d\u2060-]/g, '')
    .toUpperCase();
}

/**
 * A code cell that a spreadsheet program turned into a number (its last digits are lost past
 * 15 significant digits): a number cell, or text in scientific notation as Excel shows it.
 */
export function codeCellIsNumber(cell: Cell | undefined): boolean {
  if (typeof cell === 'number') return true;
  return typeof cell === 'string' && /^\d(\.\d+)?E\+\d+$/i.test(cell.trim());
}

const INVISIBLE: Record<string, string> = {
  '\u200b': 'U+200B',
  '\u200c': 'U+200C',
  '\u200d': 'U+200D',
  '\u2060': 'U+2060',
  '\ufeff': 'U+FEFF',
  '\u00a0': 'NBSP',
  '\u3000': 'U+3000',
  '\t': 'TAB',
  '\r': 'CR',
  '\n': 'LF',
};
const INVISIBLE_RE = /[\u200b-\u200d\u2060\ufeff\u00a0\u3000\t\r\n]/g;

/** Text with its invisible characters written out ([U+200B], [NBSP], [LF]), for messages. */
export function visible(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(INVISIBLE_RE, (ch) => `[${INVISIBLE[ch]}]`);
}

/** The invisible characters inside a name (after trimming), by their visible names. */
export function invisibleInside(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text.replace(/\r\n/g, '\n').matchAll(INVISIBLE_RE)) found.add(INVISIBLE[ch[0]]!);
  return [...found];
}

/** Dates a ledger plausibly holds: none before 1900, none more than a year ahead. */
export function plausibleDate(date: string, today: string): boolean {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const latest = `${y + 1}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return date >= '1900-01-01' && date <= latest;
}

export type DateReading =
  | { date: string }
  /** A year (2021) or year and month (202110, 2021.10, 2021年10月): not a calendar date. */
  | { partial: string }
  | { problem: 'badDate' | 'numberNotDate' | 'ambiguousYearMonth' | 'implausibleDate'; value: string; date?: string };

/**
 * What a date cell plausibly is. Date cells and dates typed as text (2026-03-05, 2026/3/5,
 * 2026.3.5, 2026年3月5日, 20260305) are dates. Number cells are read by their digits: eight
 * digits are yyyymmdd, four a year, six a year and month; a five-digit number is an Excel day
 * serial (1927–2173). Anything else, or a date before 1900 or more than a year ahead, is a
 * problem the dry run names.
 */
export function readDateCell(cell: Cell | undefined, today: string): DateReading | null {
  if (cell === null || cell === undefined) return null;
  const checked = (date: string, value: string): DateReading => (plausibleDate(date, today) ? { date } : { problem: 'implausibleDate', value, date });
  if (isFormulaProblem(cell)) return null;
  if (typeof cell === 'boolean') return { problem: 'badDate', value: cellText(cell) };
  if (typeof cell === 'object') return isValidDate(cell.date) ? checked(cell.date, cell.date) : { problem: 'badDate', value: cell.date };
  if (typeof cell === 'number') {
    const value = cellText(cell);
    if (!Number.isInteger(cell)) {
      // 2021.1 may be January or October: a number cannot tell.
      if (cell > 1900 && cell < 2200 && /^\d{4}\.\d{1,2}$/.test(value)) return { problem: 'ambiguousYearMonth', value };
      if (cell >= 10000 && cell < 100000) {
        const date = serialToDate(cell);
        return date ? checked(date, value) : { problem: 'numberNotDate', value };
      }
      return { problem: 'numberNotDate', value };
    }
    return readDigits(value, today, true);
  }
  const text = halfWidth(cell)
    .trim()
    .replace(/\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '')
    .replace(/T\d{2}:\d{2}.*$/, '');
  if (!text) return null;
  if (/^\d+$/.test(text)) return readDigits(text, today, false);
  const m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/.exec(text) ?? /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text);
  if (m) {
    const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    return isValidDate(date) ? checked(date, text) : { problem: 'badDate', value: text };
  }
  const ym = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$/.exec(text);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return partialOrProblem(`${ym[1]}-${ym[2]!.padStart(2, '0')}`, text, today);
  const y = /^(\d{4})\s*年$/.exec(text);
  if (y) return partialOrProblem(y[1]!, text, today);
  return { problem: 'badDate', value: text };
}

function partialOrProblem(partial: string, value: string, today: string): DateReading {
  const year = Number(partial.slice(0, 4));
  return year >= 1900 && year <= Number(today.slice(0, 4)) + 1 ? { partial } : { problem: 'implausibleDate', value };
}

function readDigits(digits: string, today: string, isNumber: boolean): DateReading {
  if (digits.length === 8) {
    const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
    if (!isValidDate(date)) return { problem: isNumber ? 'numberNotDate' : 'badDate', value: digits };
    return plausibleDate(date, today) ? { date } : { problem: 'implausibleDate', value: digits, date };
  }
  if (digits.length === 4) return partialOrProblem(digits, digits, today);
  if (digits.length === 6 && Number(digits.slice(4)) >= 1 && Number(digits.slice(4)) <= 12) return partialOrProblem(`${digits.slice(0, 4)}-${digits.slice(4)}`, digits, today);
  if (isNumber && digits.length === 5) {
    const date = serialToDate(Number(digits));
    if (date) return plausibleDate(date, today) ? { date } : { problem: 'implausibleDate', value: digits, date };
  }
  return { problem: isNumber ? 'numberNotDate' : 'badDate', value: digits };
}

/** A calendar date from a cell (see `readDateCell`), or null. */
export function parseDateCell(cell: Cell | undefined, today = '2099-12-31'): string | null {
  const reading = readDateCell(cell, today);
  return reading && 'date' in reading && !('problem' in reading) ? reading.date : null;
}

/** A non-negative whole number (a page count), or null. */
export function parseCountCell(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? cell : null;
  const text = halfWidth(cellText(cell));
  if (!/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}

export function isEmptyRow(cells: readonly Cell[] | undefined): boolean {
  return !cells || cells.every((c) => cellText(c) === '' && !isFormulaProblem(c));
}

/** A1-style column letters of a zero-based column index. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
