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
export type Cell = string | number | boolean | SheetDate | null;

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
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value && value.result !== undefined ? toCell(value.result as ExcelJS.CellValue) : null;
  if ('text' in value) return typeof value.text === 'string' ? value.text : toCell(value.text as ExcelJS.CellValue);
  if ('error' in value) return null;
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

export interface SheetOut {
  name: string;
  header: string[];
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
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
    let name = sheet.name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name.toLowerCase());
    const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.addRow(sheet.header).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow([...row]);
    worksheet.columns.forEach((column, i) => {
      const widest = Math.max(displayWidth(sheet.header[i] ?? ''), ...sheet.rows.slice(0, 500).map((r) => displayWidth(String(r[i] ?? ''))));
      column.width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
