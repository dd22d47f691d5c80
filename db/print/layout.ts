/**
 * The form kit on PrintDoc: a title block, ruled tables whose header repeats on every page
 * (long text wraps inside its cell; a row is never split across pages), labelled lines for
 * covers and note sheets. All sizes the callers give are millimetres.
 */
import { mm } from './fonts.js';
import type { PrintDoc } from './document.js';

export type Cell = string | number | null | undefined;

/** The heading of a form: its name and who printed what, when. */
export interface TitleBlock {
  /** The form's name, e.g. 案卷目录. */
  title: string;
  /** A line under the title (a file's 档号 and 题名 on its contents list). */
  subtitle?: string;
  /** Left of the info line: archive name, department, period … as [label, value]. */
  fields?: [string, string][];
  /** Right of the info line: printed by, printed at. */
  printed?: [string, string][];
  /** Points from the page's top the lines under the title start at the soonest (a barcode beside the title). */
  belowTitle?: number;
}

/** Spaced characters for a short formal title (案 卷 目 录), as paper forms print them. */
function spaced(title: string): string {
  return title.length <= 6 && /^[\p{Script=Han}]+$/u.test(title) ? [...title].join(' ') : title;
}

function joinFields(fields: [string, string][] | undefined): string {
  return (fields ?? [])
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}：${v}`)
    .join('    ');
}

/** Draws the title block at the top of the current page. */
export function titleBlock(doc: PrintDoc, block: TitleBlock): void {
  doc.y = Math.max(doc.y, doc.top);
  doc.font('bold', 18);
  const titleText = spaced(block.title);
  doc.textAt(titleText, doc.left, doc.y, { width: doc.width, align: 'center' });
  doc.y = Math.max(doc.y + doc.heightOf(titleText, doc.width) + mm(2), block.belowTitle ?? 0);
  if (block.subtitle) {
    doc.font('regular', 11);
    doc.textAt(block.subtitle, doc.left, doc.y, { width: doc.width, align: 'center' });
    doc.y += doc.heightOf(block.subtitle, doc.width) + mm(1.5);
  }
  doc.font('regular', 9.5);
  const left = joinFields(block.fields);
  const right = joinFields(block.printed);
  const rightWidth = right ? Math.min(doc.pdf.widthOfString(right) + 2, doc.width) : 0;
  if (left && right && doc.pdf.widthOfString(left) + rightWidth + mm(6) <= doc.width) {
    doc.textAt(left, doc.left, doc.y, { width: doc.width - rightWidth - mm(6), lineBreak: false });
    doc.textAt(right, doc.right - rightWidth, doc.y, { width: rightWidth, align: 'right', lineBreak: false });
    doc.y += doc.heightOf(left, doc.width) + mm(2);
  } else {
    for (const line of [left, right].filter(Boolean)) {
      const align = line === right && left ? 'right' : 'left';
      doc.textAt(line, doc.left, doc.y, { width: doc.width, align });
      doc.y += doc.heightOf(line, doc.width) + mm(1);
    }
    doc.y += mm(1);
  }
}

/** A short heading at the top of every page after the first: the form's name (续) and its subject. */
export function continuationHeading(doc: PrintDoc, text: string): void {
  doc.font('bold', 11);
  doc.textAt(text, doc.left, doc.y, { width: doc.width, align: 'center' });
  doc.y += doc.heightOf(text, doc.width) + mm(2);
}

export interface Column {
  header: string;
  /** A share of the body's width left by the fixed columns; with `fixed`, millimetres. */
  width: number;
  /** Exactly `width` mm (numbers, dates, archive numbers: these should not wrap). */
  fixed?: boolean;
  align?: 'left' | 'center' | 'right';
}

export interface TableOptions {
  /** Body text size in points (default 9.5). */
  fontSize?: number;
  /** A row is at least this tall, in mm (default 8, as ruled paper forms). */
  minRowHeight?: number;
  /** A last row in bold (合计): kept on the page of the row before it when possible. */
  totals?: Cell[];
  /** Called before each row (progress, cancel). */
  onRow?: (index: number) => void;
  /** When there are no rows: one line saying so across the table. */
  empty?: string;
}

/** Where a table's rows fell: for tests and the bench (page of each row, pages in all). */
export interface TableResult {
  rowPages: number[];
}

const PAD_X = mm(1.4);
const PAD_Y = mm(1.2);
const LINE = 0.6;

const cellText = (value: Cell): string => (value === null || value === undefined ? '' : String(value));

/**
 * A ruled table from the current position: the header row, then the rows; a row that does
 * not fit starts a new page, which repeats the header first. A row taller than a whole page
 * (a title of thousands of characters) is cut with an ellipsis instead of split.
 */
export function table(doc: PrintDoc, columns: Column[], rows: Cell[][], options: TableOptions = {}): TableResult {
  const fontSize = options.fontSize ?? 9.5;
  const fixedTotal = columns.reduce((s, c) => s + (c.fixed ? mm(c.width) : 0), 0);
  const shares = columns.reduce((s, c) => s + (c.fixed ? 0 : c.width), 0);
  // Fixed columns shrink only when they alone would overflow the body.
  const squeeze = fixedTotal > doc.width * 0.9 ? (doc.width * 0.9) / fixedTotal : 1;
  const flexible = doc.width - fixedTotal * squeeze;
  const widths = columns.map((c) => (c.fixed ? mm(c.width) * squeeze : shares > 0 ? (c.width / shares) * flexible : 0));
  if (shares === 0) widths[widths.length - 1]! += flexible;
  const xs: number[] = [];
  widths.reduce((x, w) => (xs.push(x), x + w), doc.left);
  const minRow = mm(options.minRowHeight ?? 8);

  doc.font('bold', fontSize);
  const headerHeight = Math.max(minRow, ...columns.map((c, i) => doc.heightOf(c.header, widths[i]! - 2 * PAD_X) + 2 * PAD_Y));

  const rule = (y: number, height: number) => {
    const pdf = doc.pdf;
    pdf.lineWidth(LINE);
    pdf.rect(doc.left, y, doc.width, height).stroke();
    for (const x of xs.slice(1))
      pdf
        .moveTo(x, y)
        .lineTo(x, y + height)
        .stroke();
  };

  const drawRow = (cells: string[], height: number, weight: 'regular' | 'bold', aligns: ('left' | 'center' | 'right')[]) => {
    const y = doc.y;
    rule(y, height);
    doc.font(weight, fontSize);
    cells.forEach((value, i) => {
      if (!value) return;
      const inner = widths[i]! - 2 * PAD_X;
      const need = Math.min(doc.heightOf(value, inner), height - 2 * PAD_Y);
      // Vertically centred, as on ruled paper; cut (with an ellipsis) only past a page's height.
      doc.textAt(value, xs[i]! + PAD_X, y + (height - need) / 2, { width: inner, height: height - 2 * PAD_Y + 0.5, align: aligns[i] ?? 'left', ellipsis: true });
    });
    doc.y = y + height;
  };

  const drawHeader = () =>
    drawRow(
      columns.map((c) => c.header),
      headerHeight,
      'bold',
      columns.map(() => 'center'),
    );

  const aligns = columns.map((c) => c.align ?? 'left');
  const rowPages: number[] = [];
  return doc.onEveryNewPage(drawHeader, () => {
    // The header never stands alone at a page's foot.
    doc.ensureRoom(headerHeight + minRow);
    drawHeader();
    const bodyRoom = doc.bottom - doc.top - headerHeight - mm(12);
    const measure = (cells: string[], weight: 'regular' | 'bold') => {
      doc.font(weight, fontSize);
      const need = Math.max(minRow, ...cells.map((v, i) => (v ? doc.heightOf(v, widths[i]! - 2 * PAD_X) + 2 * PAD_Y : 0)));
      return Math.min(need, bodyRoom);
    };
    rows.forEach((row, index) => {
      options.onRow?.(index);
      const cells = columns.map((_, i) => cellText(row[i]));
      const height = measure(cells, 'regular');
      doc.ensureRoom(height);
      rowPages.push(doc.pageCount);
      drawRow(cells, height, 'regular', aligns);
    });
    if (rows.length === 0 && options.empty) {
      doc.ensureRoom(minRow);
      const y = doc.y;
      doc.pdf.lineWidth(LINE).rect(doc.left, y, doc.width, minRow).stroke();
      doc.font('regular', fontSize);
      doc.textAt(options.empty, doc.left, y + (minRow - doc.heightOf(options.empty, doc.width)) / 2, { width: doc.width, align: 'center' });
      doc.y = y + minRow;
    }
    if (options.totals) {
      const cells = columns.map((_, i) => cellText(options.totals![i]));
      const height = measure(cells, 'bold');
      doc.ensureRoom(height);
      drawRow(cells, height, 'bold', aligns);
    }
    return { rowPages };
  });
}

/** A label and its value on a ruled line (covers, note sheets): `label：value______`. */
export function labelledLine(doc: PrintDoc, label: string, value: string, options: { x?: number; width?: number; size?: number; labelWidth?: number } = {}): void {
  const x = options.x ?? doc.left;
  const width = options.width ?? doc.width;
  const size = options.size ?? 12;
  doc.font('regular', size);
  const labelWidth = options.labelWidth ?? doc.pdf.widthOfString(label) + mm(2);
  const y = doc.y;
  doc.textAt(label, x, y, { width: labelWidth, lineBreak: false });
  const valueWidth = width - labelWidth;
  const height = Math.max(doc.heightOf(value || ' ', valueWidth - mm(2)), size * 1.3);
  doc.textAt(value, x + labelWidth + mm(1), y, { width: valueWidth - mm(2) });
  doc.pdf
    .lineWidth(0.5)
    .moveTo(x + labelWidth, y + height + 1)
    .lineTo(x + width, y + height + 1)
    .stroke();
  doc.y = y + height + mm(3);
}

/** A ruled box with a heading inside its top edge and wrapped text (本卷情况说明). */
export function textBox(doc: PrintDoc, heading: string, body: string, height: number): void {
  const y = doc.y;
  const h = mm(height);
  doc.pdf.lineWidth(LINE).rect(doc.left, y, doc.width, h).stroke();
  doc.font('bold', 12);
  doc.textAt(heading, doc.left + mm(3), y + mm(3), { width: doc.width - mm(6) });
  doc.font('regular', 11.5);
  const top = y + mm(3) + doc.heightOf(heading, doc.width) + mm(3);
  doc.textAt(body, doc.left + mm(6), top, { width: doc.width - mm(12), height: y + h - top - mm(3), lineGap: 4, ellipsis: true });
  doc.y = y + h;
}
