/**
 * The archive's forms: each is a plain description (a spec, structured-cloneable, so it can
 * travel to a worker thread) and a renderer that lays it out with the form kit. Column order
 * and wording follow GB/T 9705 (案卷目录, 卷内目录, 备考表, 封面) and DA/T 22, and the seeds'
 * words for the registers (借阅登记簿: material, borrower, time, reason, signature; 注销 on return).
 */
import { code128Encodable } from '../../shared/domain/labels.js';
import { CODE128_QUIET, code128ModuleFor, code128Modules, drawCode128, drawQr, QR_QUIET, qrMatrix, qrModuleFor } from './barcodes.js';
import { PrintDoc } from './document.js';
import type { Orientation } from './document.js';
import { mm } from './fonts.js';
import { continuationHeading, labelledLine, table, textBox, titleBlock } from './layout.js';
import type { Cell, Column } from './layout.js';

/** Who printed what, where, when: the title block of every form. */
export interface PrintMeta {
  archiveName: string;
  printedBy: string;
  /** Local time as printed, e.g. 2026-12-01 11:40. */
  printedAt: string;
  /** ISO time, the PDF's creation date. */
  createdAt: string;
  department?: string;
  period?: string;
}

export interface CatalogRow {
  archiveNo: string;
  title: string;
  clientName: string;
  dateFrom: string | null;
  dateTo: string | null;
  items: number;
  pages: number;
  retention: string;
  confidentiality: string;
  remarks: string;
  location: string | null;
}

export interface ContentsItem {
  seq: number;
  docNo: string | null;
  responsibleParty: string | null;
  title: string;
  date: string | null;
  pages: string;
  remarks: string;
}

/** What covers, contents lists and note sheets know of a file. */
export interface FileSheet {
  archiveNo: string;
  title: string;
  clientName: string;
  fileType: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  retention: string;
  confidentiality: string;
  itemCount: number;
  pageCount: number;
  items: ContentsItem[];
  /** 本卷情况说明 (note sheet). */
  notes: string;
  compiledBy: string;
  compiledOn: string;
  checkedBy: string;
}

export interface ReminderSlip {
  borrower: string;
  archiveNo: string;
  fileTitle: string;
  lentOn: string;
  dueDate: string;
  daysLate: number;
}

export type PrintSpec =
  | { form: 'catalog'; meta: PrintMeta; title: string; rows: CatalogRow[]; withLocation: boolean }
  | { form: 'contents'; meta: PrintMeta; files: FileSheet[] }
  | { form: 'cover'; meta: PrintMeta; files: FileSheet[] }
  | { form: 'noteSheet'; meta: PrintMeta; files: FileSheet[] }
  | {
      form: 'table';
      meta: PrintMeta;
      title: string;
      orientation: Orientation;
      columns: Column[];
      rows: Cell[][];
      totals?: Cell[];
      empty: string;
      fontSize?: number;
      /** Filters the rows were chosen by, in the title block after the period. */
      filters?: [string, string][];
      /** The foot of every page, left, instead of the archive's name (the audit report's anchor code). */
      footer?: string;
      /** A box after the table (the audit chain's anchor at print time), kept whole on one page. */
      closing?: { heading: string; lines: string[] };
    }
  | { form: 'reminders'; meta: PrintMeta; slips: ReminderSlip[] };

export type PrintForm = PrintSpec['form'];

/** Progress of a render: rows laid out so far of how many. */
export type RenderProgress = (done: number, total: number) => void;

const info = (meta: PrintMeta, extra: [string, string][] = []): { fields: [string, string][]; printed: [string, string][] } => ({
  fields: [
    ['档案馆（室）', meta.archiveName],
    ...(meta.department ? ([['部门', meta.department]] as [string, string][]) : []),
    ...(meta.period ? ([['期间', meta.period]] as [string, string][]) : []),
    ...extra,
  ],
  printed: [
    ['打印人', meta.printedBy],
    ['打印时间', meta.printedAt],
  ],
});

const newDoc = (meta: PrintMeta, title: string, orientation: Orientation = 'portrait', footer = true) =>
  new PrintDoc({
    title,
    orientation,
    footerLeft: footer ? meta.archiveName : undefined,
    footerRight: footer ? `打印：${meta.printedBy} ${meta.printedAt}` : undefined,
    createdAt: new Date(meta.createdAt),
  });

/** Progress every 50 rows (and at the end): often enough for a bar, cheap enough for 10,000 rows. */
const every = (progress: RenderProgress | undefined, total: number) => (index: number) => {
  if (progress && index % 50 === 0) progress(index, total);
};

/** `2026-01-05 至\n2026-11-30`: a date range in a narrow column. */
export function dateRange(from: string | null, to: string | null): string {
  if (!from && !to) return '';
  if (!to || from === to) return from ?? to ?? '';
  if (!from) return to;
  return `${from} 至\n${to}`;
}

function renderCatalog(spec: Extract<PrintSpec, { form: 'catalog' }>, progress?: RenderProgress): PrintDoc {
  const doc = newDoc(spec.meta, spec.title, 'landscape');
  titleBlock(doc, { title: spec.title, ...info(spec.meta) });
  const columns: Column[] = [
    { header: '序号', width: 11, align: 'center', fixed: true },
    { header: '档号', width: 30, fixed: true },
    { header: '案卷题名', width: 88 },
    { header: '起止日期', width: 28, align: 'center', fixed: true },
    { header: '件数', width: 11, align: 'right', fixed: true },
    { header: '页数', width: 11, align: 'right', fixed: true },
    { header: '保管期限', width: 17, align: 'center', fixed: true },
    { header: '密级', width: 12, align: 'center', fixed: true },
    ...(spec.withLocation ? [{ header: '存放位置', width: 28 }] : []),
    { header: '备注', width: spec.withLocation ? 26 : 40 },
  ];
  const rows = spec.rows.map((r, i) => [
    i + 1,
    r.archiveNo,
    r.title === r.clientName || r.title.includes(r.clientName) ? r.title : `${r.clientName} ${r.title}`,
    dateRange(r.dateFrom, r.dateTo),
    r.items,
    r.pages,
    r.retention,
    r.confidentiality,
    ...(spec.withLocation ? [r.location ?? ''] : []),
    r.remarks,
  ]);
  const items = spec.rows.reduce((n, r) => n + r.items, 0);
  const pages = spec.rows.reduce((n, r) => n + r.pages, 0);
  const totals: Cell[] = ['', '合计', `共 ${spec.rows.length} 卷`, '', items, pages, '', '', ...(spec.withLocation ? [''] : []), ''];
  doc.onEveryNewPage(
    () => continuationHeading(doc, `${spec.title}（续）`),
    () => table(doc, columns, rows, { totals, onRow: every(progress, rows.length), empty: '（无案卷）' }),
  );
  return doc;
}

function renderContents(spec: Extract<PrintSpec, { form: 'contents' }>, progress?: RenderProgress): PrintDoc {
  const doc = newDoc(spec.meta, '卷内目录');
  const columns: Column[] = [
    { header: '序号', width: 10, align: 'center', fixed: true },
    { header: '文号', width: 24 },
    { header: '责任者', width: 26 },
    { header: '题名', width: 62 },
    { header: '日期', width: 21, align: 'center', fixed: true },
    { header: '页号', width: 14, align: 'center', fixed: true },
    { header: '备注', width: 20 },
  ];
  spec.files.forEach((file, index) => {
    if (index > 0) doc.newSection();
    // Top right, beside the title: a scanned contents list is routed to its file like a cover.
    const barcode = archiveNoBarcode(doc, file.archiveNo, doc.right, doc.top, mm(70), CONTENTS_BAR_MM);
    titleBlock(doc, {
      belowTitle: doc.top + barcode + mm(1.5),
      title: '卷内目录',
      subtitle: `档号：${file.archiveNo}    ${file.clientName}\u3000${file.title}`,
      ...info(spec.meta, [['密级', file.confidentiality]]),
    });
    const rows = file.items.map((i) => [i.seq, i.docNo, i.responsibleParty, i.title, i.date, i.pages, i.remarks]);
    doc.onEveryNewPage(
      () => continuationHeading(doc, `卷内目录（续）  档号：${file.archiveNo}`),
      () => table(doc, columns, rows, { empty: '（本卷暂无卷内文件）', totals: ['', '', '', `共 ${file.itemCount} 件`, '', `共 ${file.pageCount} 页`, ''] }),
    );
    progress?.(index + 1, spec.files.length);
  });
  return doc;
}

function renderCover(spec: Extract<PrintSpec, { form: 'cover' }>, progress?: RenderProgress): PrintDoc {
  const doc = new PrintDoc({ title: '案卷封面', pageNumbers: false, margins: [25, 25, 25, 25], createdAt: new Date(spec.meta.createdAt) });
  spec.files.forEach((file, index) => {
    if (index > 0) doc.newPage();
    const pdf = doc.pdf;
    // The archive number box at the top right, as on the printed folder.
    doc.font('regular', 11);
    const boxW = mm(70);
    const boxX = doc.right - boxW;
    pdf.lineWidth(0.8).rect(boxX, doc.top, boxW, mm(18)).stroke();
    doc.textAt('档号', boxX + mm(3), doc.top + mm(2), { width: mm(20) });
    doc.font('bold', 14);
    doc.textAt(file.archiveNo, boxX + mm(3), doc.top + mm(8), { width: boxW - mm(6), align: 'center' });
    // Under the box, as wide as it: the hot folder routes the scanned cover to its file by this symbol.
    archiveNoBarcode(doc, file.archiveNo, doc.right, doc.top + mm(20), boxW, COVER_BAR_MM);
    doc.y = doc.top + mm(40);
    doc.font('bold', 22);
    doc.textAt(spec.meta.archiveName, doc.left, doc.y, { width: doc.width, align: 'center' });
    doc.y += mm(16);
    doc.font('bold', 30);
    doc.textAt('案 卷', doc.left, doc.y, { width: doc.width, align: 'center' });
    doc.y += mm(30);
    const x = doc.left + mm(8);
    const width = doc.width - mm(16);
    const lines: [string, string][] = [
      ['案卷题名', file.title === file.clientName || file.title.includes(file.clientName) ? file.title : `${file.clientName} ${file.title}`],
      ['类别', file.fileType ?? ''],
      ['起止时间', file.dateFrom || file.dateTo ? `${file.dateFrom ?? ''} 至 ${file.dateTo ?? ''}` : ''],
      ['保管期限', file.retention],
      ['密级', file.confidentiality],
      ['本卷共', `${file.itemCount} 件    ${file.pageCount} 页`],
    ];
    for (const [label, value] of lines) labelledLine(doc, label, value, { x, width, size: 14, labelWidth: mm(28) });
    progress?.(index + 1, spec.files.length);
  });
  return doc;
}

const toMm = (points: number): number => (points * 25.4) / 72;

/** Bars of the cover's archive number (mm): tall enough for a handheld scanner, short enough to sit between the 档号 box and the heading. */
const COVER_BAR_MM = 9;
/** On the contents list the bars stand beside the title, about as tall as its line. */
const CONTENTS_BAR_MM = 7;

/**
 * A file's archive number as a barcode whose top right corner (quiet zone included) is at
 * (`right`, `top`) in points, at most `maxWidth` points wide: Code 128 with its text under
 * the bars, modules as wide as the room allows up to the labels' maximum (0.39 mm for
 * KH-2026-0001: 3 pixels at 200 dpi); a number Code 128 cannot carry (not ASCII, too long
 * for 0.25 mm modules) as a QR code. Returns the height drawn, in points.
 */
export function archiveNoBarcode(doc: PrintDoc, archiveNo: string, right: number, top: number, maxWidth: number, barMm: number): number {
  const module = code128Encodable(archiveNo) ? code128ModuleFor(archiveNo, toMm(maxWidth)) : null;
  if (module !== null) {
    const width = (code128Modules(archiveNo) + 2 * CODE128_QUIET) * module;
    const x = toMm(right) - width;
    drawCode128(doc.pdf, archiveNo, x, toMm(top), module, barMm);
    doc.font('regular', 8, 'sans');
    const textTop = top + mm(barMm + 0.8);
    doc.textAt(archiveNo, mm(x), textTop, { width: mm(width), align: 'center', lineBreak: false, characterSpacing: 0.6 });
    return textTop - top + doc.heightOf(archiveNo, mm(width));
  }
  // About as tall as the Code 128 with its text.
  const qrModule = qrModuleFor(archiveNo, Math.min(toMm(maxWidth), barMm * 2));
  if (qrModule === null) return 0;
  const side = (qrMatrix(archiveNo).size + 2 * QR_QUIET) * qrModule;
  return mm(drawQr(doc.pdf, archiveNo, toMm(right) - side, toMm(top), qrModule));
}

function renderNoteSheet(spec: Extract<PrintSpec, { form: 'noteSheet' }>, progress?: RenderProgress): PrintDoc {
  const doc = new PrintDoc({ title: '卷内备考表', pageNumbers: false, margins: [20, 20, 20, 20], createdAt: new Date(spec.meta.createdAt) });
  spec.files.forEach((file, index) => {
    if (index > 0) doc.newPage();
    titleBlock(doc, { title: '卷内备考表' });
    doc.font('regular', 11);
    doc.textAt(`档号：${file.archiveNo}`, doc.left, doc.y, { width: doc.width, align: 'right' });
    doc.y += mm(7);
    const facts = `本卷共有文件材料 ${file.itemCount} 件，共 ${file.pageCount} 页。`;
    textBox(doc, '本卷情况说明', file.notes ? `${facts}\n${file.notes}` : facts, 170);
    doc.y += mm(10);
    const x = doc.left + doc.width / 2;
    const width = doc.width / 2;
    labelledLine(doc, '立卷人：', file.compiledBy, { x, width, labelWidth: mm(22) });
    labelledLine(doc, '检查人：', file.checkedBy, { x, width, labelWidth: mm(22) });
    labelledLine(doc, '立卷时间：', file.compiledOn, { x, width, labelWidth: mm(22) });
    progress?.(index + 1, spec.files.length);
  });
  return doc;
}

function renderTable(spec: Extract<PrintSpec, { form: 'table' }>, progress?: RenderProgress): PrintDoc {
  const doc = newDoc(spec.footer ? { ...spec.meta, archiveName: spec.footer } : spec.meta, spec.title, spec.orientation);
  titleBlock(doc, { title: spec.title, ...info(spec.meta, spec.filters) });
  doc.onEveryNewPage(
    () => continuationHeading(doc, `${spec.title}（续）`),
    () =>
      table(doc, spec.columns, spec.rows, {
        ...(spec.totals ? { totals: spec.totals } : {}),
        ...(spec.fontSize ? { fontSize: spec.fontSize } : {}),
        onRow: every(progress, spec.rows.length),
        empty: spec.empty,
      }),
  );
  if (spec.closing) closingBox(doc, spec.closing.heading, spec.closing.lines);
  return doc;
}

/** A ruled box under the table, as tall as its lines, on the next page when it does not fit. */
function closingBox(doc: PrintDoc, heading: string, lines: string[]): void {
  const width = doc.width - mm(8);
  const body = lines.join('\n');
  doc.font('bold', 11);
  const headingHeight = doc.heightOf(heading, width);
  doc.font('regular', 10);
  const height = mm(4) + headingHeight + mm(2) + doc.heightOf(body, width, 3) + mm(4);
  doc.y += mm(4);
  doc.ensureRoom(height);
  const y = doc.y;
  doc.pdf.lineWidth(0.6).rect(doc.left, y, doc.width, height).stroke();
  doc.font('bold', 11);
  doc.textAt(heading, doc.left + mm(4), y + mm(4), { width });
  doc.font('regular', 10);
  doc.textAt(body, doc.left + mm(4), y + mm(4) + headingHeight + mm(2), { width, lineGap: 3 });
  doc.y = y + height;
}

/** 催还单: three slips to an A4 page, with cut lines between them; a slip never splits. */
function renderReminders(spec: Extract<PrintSpec, { form: 'reminders' }>, progress?: RenderProgress): PrintDoc {
  const doc = new PrintDoc({ title: '档案催还单', pageNumbers: false, margins: [12, 18, 12, 18], createdAt: new Date(spec.meta.createdAt) });
  const slipHeight = (doc.bottom - doc.top) / 3;
  spec.slips.forEach((slip, index) => {
    if (index > 0 && index % 3 === 0) doc.newPage();
    const top = doc.top + (index % 3) * slipHeight;
    const pdf = doc.pdf;
    if (index % 3 > 0) {
      pdf
        .save()
        .lineWidth(0.5)
        .dash(4, { space: 3 })
        .moveTo(doc.left - mm(8), top)
        .lineTo(doc.right + mm(8), top)
        .stroke()
        .restore();
    }
    doc.font('bold', 16);
    doc.textAt('档 案 催 还 单', doc.left, top + mm(8), { width: doc.width, align: 'center' });
    doc.font('regular', 12);
    const body =
      `${slip.borrower}：\n` +
      `\u3000\u3000您于 ${slip.lentOn} 借阅的档案 ${slip.archiveNo}《${slip.fileTitle}》应于 ${slip.dueDate} 归还，` +
      `现已逾期 ${slip.daysLate} 天。按档案借阅制度，请于收到本单后尽快将档案归还档案室，并办理注销手续。`;
    doc.textAt(body, doc.left + mm(4), top + mm(22), { width: doc.width - mm(8), lineGap: 5, height: slipHeight - mm(50), ellipsis: true });
    doc.textAt(`${spec.meta.archiveName}`, doc.left, top + slipHeight - mm(24), { width: doc.width - mm(4), align: 'right' });
    doc.textAt(`${spec.meta.printedAt.slice(0, 10)}`, doc.left, top + slipHeight - mm(17), { width: doc.width - mm(4), align: 'right' });
    doc.font('regular', 10);
    doc.textAt('借阅人签收：____________', doc.left + mm(4), top + slipHeight - mm(17), { width: doc.width / 2 });
    progress?.(index + 1, spec.slips.length);
  });
  if (spec.slips.length === 0) {
    doc.font('regular', 12);
    doc.textAt('（无逾期未还的档案）', doc.left, doc.top + mm(20), { width: doc.width, align: 'center' });
  }
  return doc;
}

/** Lays out a spec and returns the PDF's bytes and page count. */
export async function renderPrint(spec: PrintSpec, progress?: RenderProgress): Promise<{ bytes: Uint8Array; pages: number; widthMm: number; heightMm: number }> {
  const doc =
    spec.form === 'catalog'
      ? renderCatalog(spec, progress)
      : spec.form === 'contents'
        ? renderContents(spec, progress)
        : spec.form === 'cover'
          ? renderCover(spec, progress)
          : spec.form === 'noteSheet'
            ? renderNoteSheet(spec, progress)
            : spec.form === 'table'
              ? renderTable(spec, progress)
              : renderReminders(spec, progress);
  const pages = doc.pageCount;
  const size = { widthMm: Math.round((doc.pageWidth * 25.4) / 72), heightMm: Math.round((doc.pageHeight * 25.4) / 72) };
  return { bytes: await doc.finish(), pages, ...size };
}
