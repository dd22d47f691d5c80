/**
 * .xlsx workbooks through exceljs. Reading and writing are asynchronous, so the engine
 * runs them outside its transaction (the `prepare`/`finish` stages of an operation, see
 * db/handlers/kit.ts): import parses the bytes before the transaction, export writes
 * them after.
 */
import ExcelJS from 'exceljs';

/** A date cell, as a calendar date (the time of day is dropped). */
export interface SheetDate {
  date: string;
}
/**
 * A formula cell without a usable value: its saved result is an error (`#N/A`, `#REF!`), or
 * it has no saved result at all (written by a program that does not calculate). Never blank.
 */
export interface SheetFormulaProblem {
  formulaError: string | null;
  formula: string;
}
export type Cell = string | number | boolean | SheetDate | SheetFormulaProblem | null;

export interface Sheet {
  name: string;
  /** rows[i] is spreadsheet row i + 1; cells[j] is column j + 1 (A = 0). */
  rows: Cell[][];
}

export class XlsxError extends Error {}

/** Excel serial day → YYYY-MM-DD (1900 system with its phantom 29 Feb 1900), for numbers typed as dates. */
export function serialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const days = Math.floor(serial);
  if (days === 60) return null;
  const epoch = days < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + days * 86_400_000).toISOString().slice(0, 10);
}

function toCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // exceljs gives date-formatted cells as Dates at UTC midnight of the calendar day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { date: value.toISOString().slice(0, 10) };
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = String(('formula' in value ? value.formula : undefined) ?? ('sharedFormula' in value ? value.sharedFormula : '') ?? '');
    const result = 'result' in value ? (value.result as ExcelJS.CellValue | undefined) : undefined;
    if (result === undefined || result === null) return { formulaError: null, formula };
    if (typeof result === 'object' && 'error' in result) return { formulaError: String(result.error), formula };
    return toCell(result);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : toCell(value.text as ExcelJS.CellValue);
  if ('error' in value) return { formulaError: String(value.error), formula: '' };
  return null;
}

/** Reads every worksheet of a workbook. */
export async function readXlsx(bytes: Buffer): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new XlsxError(err instanceof Error ? err.message : String(err));
  }
  return workbook.worksheets.map((worksheet) => {
    const rows: Cell[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = toCell(cell.value);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = [];
    return { name: worksheet.name, rows };
  });
}

/** How a column's cells are written: text-formatted (codes, phone numbers), real dates, or as given. */
export type ColumnType = 'text' | 'date' | 'datetime' | 'general';

export interface SheetOut {
  name: string;
  header: string[];
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
  /** Per column; absent: general. */
  types?: readonly ColumnType[];
}

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM' as the wall-clock instant Excel stores (it has no time zones). */
function dateValue(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(text);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)));
}

function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
  return w;
}

/** Writes a workbook: each sheet gets a bold, frozen header row and columns wide enough to read. */
export async function writeXlsx(sheets: readonly SheetOut[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Dossier';
  const used = new Set<string>();
  for (const sheet of sheets) {
    let name =
      sheet.name
        .replace(/[[\]:*?/\\]/g, ' ')
        .trim()
        .slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name.toLowerCase());
    const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.addRow(sheet.header).font = { bold: true };
    const types = sheet.types ?? [];
    for (const row of sheet.rows) {
      const added = worksheet.addRow(
        row.map((v, i) => {
          const type = types[i];
          if (v === null) return null;
          if (type === 'text') return String(v);
          if ((type === 'date' || type === 'datetime') && typeof v === 'string') return dateValue(v) ?? v;
          return v;
        }),
      );
      types.forEach((type, i) => {
        const cell = added.getCell(i + 1);
        if (type === 'text') cell.numFmt = '@';
        else if (type === 'date' && cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
        else if (type === 'datetime' && cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd hh:mm';
      });
    }
    // Text format on the whole column too, so codes typed later stay text.
    types.forEach((type, i) => {
      if (type === 'text') worksheet.getColumn(i + 1).numFmt = '@';
    });
    if (sheet.header.length) worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + sheet.rows.length, column: sheet.header.length } };
    worksheet.columns.forEach((column, i) => {
      const widest = Math.max(displayWidth(sheet.header[i] ?? '') + 2, ...sheet.rows.slice(0, 500).map((r) => displayWidth(String(r[i] ?? ''))));
      column.width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
