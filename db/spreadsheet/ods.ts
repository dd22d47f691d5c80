/**
 * OpenDocument spreadsheets (.ods, LibreOffice's own format): content.xml read with saxes
 * (the streaming XML parser exceljs uses) from a zip opened with jszip (exceljs' zip
 * library). Repeated empty rows and columns, which LibreOffice writes to the sheet's end,
 * are never expanded.
 */
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import type { Cell, Sheet } from './xlsx.js';

export class OdsError extends Error {}

export const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

/** Is this zip an OpenDocument spreadsheet (its `mimetype` entry says so)? */
export async function isOds(zip: JSZip): Promise<boolean> {
  const entry = zip.file('mimetype');
  return entry ? (await entry.async('string')).trim() === ODS_MIME : false;
}

const ERROR_TEXT = /^(#N\/A|#REF!|#VALUE!|#DIV\/0!|#NAME\?|#NUM!|#NULL!|Err:\d{3})$/;

/** Cells a sheet may hold past which the rest is refused (rows × columns), like the xlsx reader's row cap. */
const MAX_CELLS = 20_000_000;

export async function readOds(bytes: Buffer): Promise<Sheet[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    throw new OdsError(err instanceof Error ? err.message : String(err));
  }
  const content = zip.file('content.xml');
  if (!content) throw new OdsError('content.xml missing');
  const xml = await content.async('string');
  return parseContent(xml);
}

interface PendingCell {
  type: string | null;
  value: string | null;
  dateValue: string | null;
  booleanValue: string | null;
  formula: string | null;
  repeat: number;
  paragraphs: string[];
}

export function parseContent(xml: string): Sheet[] {
  const parser = new SaxesParser({ xmlns: false });
  const sheets: Sheet[] = [];
  let sheet: Sheet | null = null;
  let row: Cell[] | null = null;
  let rowRepeat = 1;
  let pendingEmptyRows = 0;
  let pendingEmptyCells = 0;
  let cell: PendingCell | null = null;
  let textDepth = 0;
  let cells = 0;
  let error: Error | null = null;

  const addCell = (value: Cell, repeat: number) => {
    if (!row) return;
    if (value === null || value === '') {
      pendingEmptyCells += repeat;
      return;
    }
    for (let i = 0; i < pendingEmptyCells; i++) row.push(null);
    pendingEmptyCells = 0;
    for (let i = 0; i < repeat; i++) row.push(value);
  };

  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'table:table':
        sheet = { name: a['table:name'] ?? '', rows: [] };
        pendingEmptyRows = 0;
        break;
      case 'table:table-row':
        row = [];
        pendingEmptyCells = 0;
        rowRepeat = Math.max(1, Number(a['table:number-rows-repeated'] ?? 1) || 1);
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        cell = {
          type: a['office:value-type'] ?? null,
          value: a['office:value'] ?? null,
          dateValue: a['office:date-value'] ?? null,
          booleanValue: a['office:boolean-value'] ?? null,
          formula: a['table:formula'] ?? null,
          repeat: Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1),
          paragraphs: [],
        };
        break;
      case 'text:p':
        if (cell) {
          cell.paragraphs.push('');
          textDepth++;
        }
        break;
      case 'text:s':
        if (cell && textDepth) appendText(cell, ' '.repeat(Math.max(1, Number(a['text:c'] ?? 1) || 1)));
        break;
      case 'text:tab':
        if (cell && textDepth) appendText(cell, '\t');
        break;
      case 'text:line-break':
        if (cell && textDepth) appendText(cell, '\n');
        break;
    }
  });
  parser.on('text', (text) => {
    if (cell && textDepth) appendText(cell, text);
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'text:p':
        if (cell && textDepth) textDepth--;
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        if (cell) addCell(cellValue(cell), cell.repeat);
        cell = null;
        break;
      case 'table:table-row':
        if (sheet && row) {
          if (row.length === 0) pendingEmptyRows += rowRepeat;
          else {
            for (let i = 0; i < pendingEmptyRows; i++) sheet.rows.push([]);
            pendingEmptyRows = 0;
            for (let i = 0; i < rowRepeat; i++) sheet.rows.push(i === 0 ? row : [...row]);
            cells += row.length * rowRepeat;
            if (cells > MAX_CELLS && !error) error = new OdsError('too many cells');
          }
        }
        row = null;
        break;
      case 'table:table':
        if (sheet) sheets.push(sheet);
        sheet = null;
        break;
    }
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    throw new OdsError(err instanceof Error ? err.message : String(err));
  }
  if (error) throw error;
  return sheets;
}

function appendText(cell: PendingCell, text: string): void {
  cell.paragraphs[cell.paragraphs.length - 1] += text;
}

function cellValue(cell: PendingCell): Cell {
  const text = cell.paragraphs.join('\n');
  if (cell.formula && ERROR_TEXT.test(text.trim())) return { formulaError: text.trim(), formula: cell.formula.replace(/^of:/, '') };
  switch (cell.type) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const n = Number(cell.value);
      return Number.isFinite(n) ? n : text;
    }
    case 'date': {
      const m = /^(\d{4}-\d{2}-\d{2})/.exec(cell.dateValue ?? '');
      return m ? { date: m[1]! } : text;
    }
    case 'boolean':
      return cell.booleanValue === 'true';
    case 'string':
      return text;
    default:
      if (cell.formula && text === '') return { formulaError: null, formula: cell.formula.replace(/^of:/, '') };
      return text === '' ? null : text;
  }
}
