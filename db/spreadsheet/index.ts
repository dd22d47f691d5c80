/**
 * Spreadsheet import and export, the plain-Node part: reading .xlsx/.csv bytes into rows
 * of cells (encoding detection for CSV), column mapping, and the writers. The engine's
 * operations (db/handlers/import.ts, export.ts) validate and write.
 */
import type { ImportInput, ImportReport } from '../../shared/ops/import.js';
import { CsvError, decodeText, readCsv } from './csv.js';
import type { CsvEncodingChoice, DetectedEncoding } from './csv.js';
import JSZip from 'jszip';
import { isOds, OdsError, readOds } from './ods.js';
import type { Cell, Sheet } from './xlsx.js';
import { readXlsx, XlsxError } from './xlsx.js';

export { writeCsv } from './csv.js';
export { writeXlsx } from './xlsx.js';
export type { Cell, Sheet } from './xlsx.js';

export interface Workbook {
  format: 'xlsx' | 'ods' | 'csv';
  encoding: DetectedEncoding | null;
  sheets: Sheet[];
}

export class SpreadsheetError extends Error {
  constructor(
    readonly reason: 'unsupportedFormat' | 'unreadable',
    detail: string,
  ) {
    super(detail);
  }
}

/** The extension of an untrusted file name (nothing else of it is used). */
export function extensionOf(fileName: string): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
}

/** Reads spreadsheet bytes: zip content is a workbook whatever the name says; else .csv/.txt/.tsv text. */
export async function readSpreadsheet(bytes: Buffer, fileName: string, encoding: CsvEncodingChoice = 'auto'): Promise<Workbook> {
  const ext = extensionOf(fileName);
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  const isOle = bytes.length >= 4 && bytes.readUInt32LE(0) === 0xe011cfd0;
  try {
    if (isZip && ext !== 'csv') {
      let zip: JSZip | null = null;
      try {
        zip = await JSZip.loadAsync(bytes);
      } catch {
        zip = null;
      }
      if (zip && (await isOds(zip))) return { format: 'ods', encoding: null, sheets: await readOds(bytes) };
      return { format: 'xlsx', encoding: null, sheets: await readXlsx(bytes) };
    }
    // Binary .xls/.et: no maintained library reads them safely; the message says how to save as .xlsx.
    if (isOle || ext === 'xls' || ext === 'et') throw new SpreadsheetError('unsupportedFormat', fileName);
    if (ext === 'csv' || ext === 'txt' || ext === 'tsv') {
      const { text, encoding: detected } = decodeText(bytes, encoding);
      const rows: Cell[][] = readCsv(text);
      return { format: 'csv', encoding: detected, sheets: [{ name: '', rows }] };
    }
    if (ext === 'xlsx' || ext === 'xlsm') throw new SpreadsheetError('unreadable', 'not a zip archive');
  } catch (err) {
    if (err instanceof SpreadsheetError) throw err;
    if (err instanceof XlsxError || err instanceof CsvError || err instanceof OdsError) throw new SpreadsheetError('unreadable', err.message);
    throw new SpreadsheetError('unreadable', err instanceof Error ? err.message : String(err));
  }
  throw new SpreadsheetError('unsupportedFormat', fileName);
}

/**
 * Bench and script hook: imports (or with `dryRun` checks) a spreadsheet through the
 * engine exactly as the UI and CLI do.
 */
export async function importSpreadsheet(
  session: { call(operation: 'import.check' | 'import.run', input: ImportInput): Promise<ImportReport> },
  bytes: Uint8Array,
  options: Omit<ImportInput, 'contentBase64' | 'fileName'> & { fileName?: string; dryRun?: boolean },
): Promise<ImportReport> {
  const { dryRun, fileName, ...rest } = options;
  const input = { ...rest, fileName: fileName ?? 'import.xlsx', contentBase64: Buffer.from(bytes).toString('base64') };
  return session.call(dryRun ? 'import.check' : 'import.run', input);
}
