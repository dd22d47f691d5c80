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
import { threadId } from 'node:worker_threads';
import { rollLayout } from '../../shared/domain/labels.js';
import type { LabelLayoutSpec } from '../../shared/domain/labels.js';
import type { TaskContext } from './protocol.js';
import type { BlobAccess } from '../blobs/format.js';
import type { InspectResult } from '../blobs/inspect.js';
import type { ScanKind } from '../../shared/domain/scans.js';
import type { OcrScanArgs } from '../ocr/run.js';

/** An A4 3×7 sheet (the most used layout) for the warm-up's labels. */
const WARM_SHEET: LabelLayoutSpec = {
  ...rollLayout('warm', 63.5, 38.1),
  name: 'warm',
  kind: 'sheet',
  pageWidth: 210,
  pageHeight: 297,
  columns: 3,
  rows: 7,
  marginLeft: 7.25,
  marginTop: 15.15,
  pitchX: 66.04,
  pitchY: 38.1,
};

/** A workbook may expand to at most this much XML; past it the import is refused, not attempted. */
export const MAX_EXPANDED_BYTES = 200 * 1024 * 1024;
/** Rows a single import reads at most, across its sheets. */
export const MAX_IMPORT_ROWS = 200_000;

/** The scan checker, loaded once per thread: every scan of an import calls it, and an `import()` each time resolves the module again. */
let inspectModule: Promise<typeof import('../blobs/inspect.js')> | null = null;

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
  /** Checks a scan in its encrypted temp file and counts its pages (db/blobs/inspect.ts; pdf.js and sharp load only here). */
  async 'scans.inspect'(args: { access: BlobAccess; kind: ScanKind; tail: Uint8Array }): Promise<InspectResult> {
    const { inspectScan } = await (inspectModule ??= import('../blobs/inspect.js'));
    return inspectScan(args.access, args.kind, args.tail);
  },
  /** The Code 128 / QR texts on a scan's first page (db/blobs/barcodes.ts), for the hot folder's routing. */
  async 'scans.barcodes'(args: { access: BlobAccess; kind: ScanKind }): Promise<string[]> {
    const { firstPageBarcodes } = await import('../blobs/barcodes.js');
    return firstPageBarcodes(args.access, args.kind);
  },
  /** Reads a scan's pages with OCR (db/ocr/run.ts; the models load only in the thread that needs them). */
  async 'ocr.scan'(args: OcrScanArgs, ctx?: TaskContext) {
    const { ocrScan } = await import('../ocr/run.js');
    return ocrScan(args, ctx);
  },
  /** One page of a scan as PNG, in memory (the viewer's TIFF pages). */
  async 'scans.renderPage'(args: { access: BlobAccess; kind: ScanKind; page: number; maxSide: number }) {
    const { renderScanPage } = await import('../ocr/run.js');
    return renderScanPage(args);
  },
  /**
   * Run once in a fresh thread when an archive is unlocked: reads the fonts and lays out a
   * small form and a few labels, so the first real print pays neither the fonts nor compiling
   * pdfkit, fontkit and the barcode code. Prints nothing anyone sees.
   */
  async 'print.warm'(_args: Record<string, never>): Promise<{ ms: number; threadId: number }> {
    const started = performance.now();
    const meta = { archiveName: '档案室', printedBy: '预热', printedAt: '2026-01-01 00:00', createdAt: '2026-01-01T00:00:00.000Z' };
    const row = {
      archiveNo: 'KH-2026-00001',
      title: '客户基本资料',
      clientName: '北京宏远建工集团有限公司',
      dateFrom: '2026-01-01',
      dateTo: null,
      items: 1,
      pages: 2,
      retention: '永久',
      confidentiality: '普通',
      remarks: '',
      location: null,
    };
    // Enough rows and labels that V8 optimises the layout loops, not only loads them: the first real print then runs at warm speed.
    const rows = Array.from({ length: 120 }, (_, i) => ({
      ...row,
      archiveNo: `KH-2026-${String(i + 1).padStart(5, '0')}`,
      title: i % 7 === 0 ? `${row.title}、合同、订单及付款记录、回访与投诉处理记录` : row.title,
    }));
    await renderPrint({ form: 'catalog', meta, title: '案卷目录', rows, withLocation: false });
    await renderLabels(
      rows.slice(0, 63).map(({ archiveNo: no }) => ({
        barcode: no,
        lines: [
          { field: 'archiveNo' as const, text: no },
          { field: 'clientName' as const, text: row.clientName },
        ],
      })),
      { layout: WARM_SHEET, barcode: 'both', title: '预热' },
    );
    return { ms: performance.now() - started, threadId };
  },
  async 'labels.calibration'(args: { layout: LabelLayoutSpec; texts: CalibrationTexts; createdAt: Date }) {
    return renderCalibration(args.layout, args.texts, args.createdAt);
  },
};

export type TaskName = keyof typeof tasks;
export type TaskArgs<N extends TaskName> = Parameters<(typeof tasks)[N]>[0];
export type TaskValue<N extends TaskName> = Awaited<ReturnType<(typeof tasks)[N]>>;
