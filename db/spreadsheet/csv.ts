/**
 * CSV in the encodings Chinese offices produce: UTF-8 with or without a BOM (Excel's
 * "CSV UTF-8", WPS), UTF-16 with a BOM (Excel's "Unicode text" is tab-separated, not
 * handled beyond decoding), and GBK/GB18030 (Excel's plain "CSV" on a Chinese Windows).
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export const CSV_ENCODINGS = ['auto', 'utf8', 'gbk'] as const;
export type CsvEncodingChoice = (typeof CSV_ENCODINGS)[number];
/** What the bytes turned out to be. */
export type DetectedEncoding = 'utf8-bom' | 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

export class CsvError extends Error {}

/**
 * Decodes CSV bytes: a BOM decides; otherwise bytes that are valid UTF-8 are UTF-8 and
 * anything else is GB18030 (a superset of GBK and GB2312). `choice` overrides detection.
 */
export function decodeText(bytes: Uint8Array, choice: CsvEncodingChoice = 'auto'): { text: string; encoding: DetectedEncoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hasUtf8Bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  if (choice === 'gbk') return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  if (choice === 'utf8' || hasUtf8Bom) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(hasUtf8Bom ? buf.subarray(3) : buf);
    return { text, encoding: hasUtf8Bom ? 'utf8-bom' : 'utf8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  }
}

/** Parses CSV text into rows of cells; rows[i] is what a spreadsheet shows as row i + 1. */
export function readCsv(text: string): string[][] {
  const firstLine = text.slice(0, 4096).split(/\r?\n/, 1)[0] ?? '';
  // Excel writes semicolons in some locales and tabs for "Unicode text"; commas otherwise.
  const delimiter = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  try {
    return parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: false,
    }) as string[][];
  } catch (err) {
    throw new CsvError(err instanceof Error ? err.message : String(err));
  }
}

/** A cell a spreadsheet program would run as a formula when the CSV is opened. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | null, type?: string): string {
  if (value === null) return '';
  let text = String(value);
  // Digit-only codes (credit codes, phone numbers) as ="…": Excel and LibreOffice keep them text, whole.
  if (type === 'text' && /^\d{6,}$/.test(text)) return '"=""' + text + '""' + '"';
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes CSV the way Excel reads it: CRLF lines, UTF-8 with a BOM (so Excel shows Chinese
 * correctly), or GB18030 for old tools that expect the local code page. Text cells that a
 * spreadsheet would take for a formula get a leading apostrophe (CSV injection).
 */
export function writeCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
  encoding: 'utf8' | 'gbk' = 'utf8',
  types: readonly string[] = [],
): Buffer {
  const lines = [header.map((h) => csvCell(h)), ...rows.map((r) => r.map((v, i) => csvCell(v, types[i])))];
  const text = lines.map((r) => r.join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gbk') return iconv.encode(text, 'gb18030');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
