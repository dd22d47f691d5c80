/**
 * CPU-heavy work that runs in a worker thread, off the engine's event loop: a search keeps
 * answering while a large spreadsheet is read or written, and a hostile file (a zip bomb)
 * exhausts only its own worker's memory. Each task takes and returns structured-cloneable data.
 */
import { readSpreadsheet, SpreadsheetError } from '../spreadsheet/index.js';
import type { Workbook } from '../spreadsheet/index.js';
import type { CsvEncodingChoice } from '../spreadsheet/csv.js';
import { writeCsv } from '../spreadsheet/csv.js';
import { writeXlsx } from '../spreadsheet/xlsx.js';
import type { SheetOut } from '../spreadsheet/xlsx.js';
import { zipExpandedSize } from '../spreadsheet/zip.js';
import { renderPrint } from '../print/forms.js';
import type { PrintSpec } from '../print/forms.js';
import { renderCalibration, renderLabels } from '../print/labels.js';
import type { CalibrationTexts, LabelData, LabelRenderOptions } from '../print/labels.js';
import type { LabelLayoutSpec } from '../../shared/domain/labels.js';
import type { TaskContext } from './protocol.js';

/** A workbook may expand to at most this much XML; past it the import is refused, not attempted. */
export const MAX_EXPANDED_BYTES = 200 * 1024 * 1024;
/** Rows a single import reads at most, across its sheets. */
export const MAX_IMPORT_ROWS = 200_000;

export type TaskResult<T> = { ok: true; value: T } | { ok: false; reason: 'unsupportedFormat' | 'unreadable' | 'tooLarge' | 'tooManyRows'; detail: string };

export const tasks = {
  async 'spreadsheet.read'(args: { bytes: Uint8Array; fileName: string; encoding: CsvEncodingChoice }, _ctx?: TaskContext): Promise<TaskResult<Workbook>> {
    const bytes = Buffer.from(args.bytes.buffer, args.bytes.byteOffset, args.bytes.byteLength);
    const expanded = zipExpandedSize(bytes);
    if (expanded !== null && expanded > MAX_EXPANDED_BYTES) return { ok: false, reason: 'tooLarge', detail: String(expanded) };
    try {
      const workbook = await readSpreadsheet(bytes, args.fileName, args.encoding);
      const rows = workbook.sheets.reduce((n, s) => n + s.rows.length, 0);
      if (rows > MAX_IMPORT_ROWS) return { ok: false, reason: 'tooManyRows', detail: String(rows) };
      return { ok: true, value: workbook };
    } catch (err) {
      if (err instanceof SpreadsheetError) return { ok: false, reason: err.reason, detail: err.message };
      throw err;
    }
  },
  async 'spreadsheet.writeXlsx'(args: { sheets: SheetOut[] }): Promise<TaskResult<Uint8Array>> {
    return { ok: true, value: await writeXlsx(args.sheets) };
  },
  async 'spreadsheet.writeCsv'(args: { header: string[]; rows: (string | number | null)[][]; encoding: 'utf8' | 'gbk'; types?: string[] }): Promise<TaskResult<Uint8Array>> {
    return { ok: true, value: writeCsv(args.header, args.rows, args.encoding, args.types) };
  },
  /** Lays out a printed form (db/print/forms.ts) off the engine's thread. */
  async 'print.render'(args: { spec: PrintSpec }, ctx?: TaskContext) {
    return renderPrint(args.spec, (done, total) => ctx?.progress('build', done, total));
  },
  /** Lays out label sheets or roll labels (db/print/labels.ts). */
  async 'labels.render'(args: { labels: LabelData[]; options: LabelRenderOptions }) {
    return renderLabels(args.labels, args.options);
  },
  async 'labels.calibration'(args: { layout: LabelLayoutSpec; texts: CalibrationTexts; createdAt: Date }) {
    return renderCalibration(args.layout, args.texts, args.createdAt);
  },
};

export type TaskName = keyof typeof tasks;
export type TaskArgs<N extends TaskName> = Parameters<(typeof tasks)[N]>[0];
export type TaskValue<N extends TaskName> = Awaited<ReturnType<(typeof tasks)[N]>>;
