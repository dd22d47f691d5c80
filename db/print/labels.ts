/**
 * Label sheets and rolls as PDF: every label at its place on the layout (printer offsets
 * applied), its fields shrunk and wrapped to fit inside it, and its barcode(s) as vectors.
 * Plus the calibration page: a millimetre grid with the label outlines where the printer
 * will put them. All geometry in millimetres; nothing is drawn outside a label's rectangle.
 */
import type { LabelBarcode, LabelField, LabelLayoutSpec, Rect } from '../../shared/domain/labels.js';
import { code128Encodable, placeLabels, slotRect, slotsPerPage } from '../../shared/domain/labels.js';
import { PrintDoc } from './document.js';
import { CODE128_QUIET, code128ModuleFor, code128Modules, drawCode128, drawQr, QR_QUIET, qrMatrix, qrModuleFor } from './barcodes.js';
import { mm } from './fonts.js';
import type { FontName } from './fonts.js';

/** One label: the number its barcode carries and its lines of text, in print order. */
export interface LabelData {
  /** The archive number (a file's label) or the box's code (a box label). */
  barcode: string;
  lines: LabelLine[];
}

export interface LabelLine {
  field: LabelField;
  text: string;
}

/** What could not be printed as asked (shown with the preview, returned by the CLI). */
export type LabelWarning =
  { kind: 'code128TooLong'; value: string } | { kind: 'code128Characters'; value: string } | { kind: 'qrTooSmall'; value: string } | { kind: 'textShortened'; value: string };

export interface LabelRenderOptions {
  layout: LabelLayoutSpec;
  barcode: LabelBarcode;
  start?: number;
  copies?: number;
  title: string;
  createdAt?: Date;
  author?: string;
}

export interface RenderedLabels {
  bytes: Uint8Array;
  pages: number;
  /** Labels placed (copies included). */
  labels: number;
  warnings: LabelWarning[];
}

const MAX_FONT_PT = 14;
const MIN_FONT_PT = 4.5;
/** Kept clear at a label's edges: printers drift by a fraction of a millimetre. */
const EDGE_SAFETY_MM = 0.5;
const PT_PER_MM = mm(1);

/** Advance widths per character at 1 pt, per font: measuring through pdfkit for every try is slow. */
class Metrics {
  private readonly widths = new Map<string, number>();
  readonly lineFactor: number;
  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly font: FontName,
  ) {
    pdf.font(font).fontSize(1);
    this.lineFactor = pdf.currentLineHeight(false);
  }
  /** Width in mm of `value` at `sizePt`. */
  width(value: string, sizePt: number): number {
    let total = 0;
    for (const ch of value) {
      let w = this.widths.get(ch);
      if (w === undefined) {
        this.pdf.font(this.font).fontSize(1);
        w = this.pdf.widthOfString(ch);
        this.widths.set(ch, w);
      }
      total += w;
    }
    // pdfkit may kern Latin pairs; a little room so a measured line never runs over.
    return (total * sizePt * 1.02) / PT_PER_MM;
  }
  lineHeight(sizePt: number): number {
    return (this.lineFactor * sizePt) / PT_PER_MM;
  }
}

/** Greedy line breaking: between any two CJK characters, at spaces in Latin text, anywhere in a word too long for a line. */
export function wrapText(value: string, widthMm: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of value.split(/\r?\n/)) {
    let line = '';
    // The running width of `line`: measuring each added character keeps a long title linear.
    let lineWidth = 0;
    for (const ch of paragraph) {
      const w = measure(ch);
      if (line === '' || lineWidth + w <= widthMm) {
        line += ch;
        lineWidth += w;
        continue;
      }
      // Break at the last space of a Latin run, if there is one in this line.
      const space = line.lastIndexOf(' ');
      if (/[\x21-\x7E]/.test(ch) && space > 0 && /[\x21-\x7E]$/.test(line)) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1) + ch;
      } else {
        lines.push(line.trimEnd());
        line = ch === ' ' ? '' : ch;
      }
      lineWidth = measure(line);
    }
    lines.push(line);
  }
  return lines.filter((l, i, all) => l !== '' || all.length === 1);
}

/** Fields that may take several lines; the others shrink to stay on one. */
const WRAPPING: ReadonlySet<LabelField> = new Set(['clientName', 'title', 'location']);
/** Shortened first when nothing else fits. */
const SHORTEN_ORDER: LabelField[] = ['title', 'location', 'clientName'];

interface SetLine {
  text: string;
  font: FontName;
  size: number;
  field: LabelField;
}

interface TextPlan {
  lines: SetLine[];
  shortened: boolean;
}

function emphasis(field: LabelField): number {
  return field === 'archiveNo' || field === 'boxNo' ? 1.25 : 1;
}

class LabelSetter {
  readonly regular: Metrics;
  readonly bold: Metrics;
  constructor(pdf: PDFKit.PDFDocument) {
    this.regular = new Metrics(pdf, 'sans');
    this.bold = new Metrics(pdf, 'sansBold');
  }

  private metrics(font: FontName): Metrics {
    return font === 'sansBold' ? this.bold : this.regular;
  }

  /** The lines at base size `size`; a one-line field too wide shrinks on its own down to the minimum. */
  private set(lines: LabelLine[], size: number, width: number): SetLine[] {
    const out: SetLine[] = [];
    for (const line of lines) {
      const font: FontName = emphasis(line.field) > 1 ? 'sansBold' : 'sans';
      const m = this.metrics(font);
      let fieldSize = Math.min(MAX_FONT_PT * 1.25, size * emphasis(line.field));
      if (WRAPPING.has(line.field)) {
        for (const text of wrapText(line.text, width, (s) => m.width(s, fieldSize))) out.push({ text, font, size: fieldSize, field: line.field });
        continue;
      }
      const natural = m.width(line.text, fieldSize);
      if (natural > width) fieldSize = Math.max(MIN_FONT_PT, (fieldSize * width) / natural);
      out.push({ text: line.text, font, size: fieldSize, field: line.field });
    }
    return out;
  }

  height(lines: SetLine[]): number {
    return lines.reduce((h, l) => h + this.metrics(l.font).lineHeight(l.size), 0);
  }

  /** The largest size at which every line fits; at the minimum size, long fields are cut (with …) until they do. */
  plan(lines: LabelLine[], width: number, height: number): TextPlan {
    const fits = (set: SetLine[]) => this.height(set) <= height && set.every((l) => this.metrics(l.font).width(l.text, l.size) <= width + 0.001);
    // The largest size in quarter points that fits, by bisection (smaller text never takes more room).
    let lo = 0;
    let hi = Math.round((MAX_FONT_PT - MIN_FONT_PT) * 4);
    let best: SetLine[] | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const set = this.set(lines, MIN_FONT_PT + mid / 4, width);
      if (fits(set)) {
        best = set;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best) return { lines: best, shortened: false };
    const set = this.set(lines, MIN_FONT_PT, width);
    for (const field of SHORTEN_ORDER) {
      while (this.height(set) > height) {
        const last = set.map((l) => l.field).lastIndexOf(field);
        const count = set.filter((l) => l.field === field).length;
        if (last < 0 || count <= 1) break;
        set.splice(last, 1);
        const keep = set[last - 1];
        if (keep) keep.text = this.ellipsis(keep.text, keep, width);
      }
    }
    // Still too tall: drop the last fields (never the first line, the label's number).
    while (this.height(set) > height && set.length > 1) set.pop();
    // A one-line field that stayed too wide at the minimum size is cut.
    for (const l of set) if (this.metrics(l.font).width(l.text, l.size) > width) l.text = this.ellipsis(l.text, l, width);
    return { lines: set, shortened: true };
  }

  private ellipsis(text: string, line: SetLine, width: number): string {
    const m = this.metrics(line.font);
    let cut = [...text];
    while (cut.length > 0 && m.width(`${cut.join('')}…`, line.size) > width) cut = cut.slice(0, -1);
    return `${cut.join('')}…`;
  }
}

interface BarcodeChoice {
  code128: boolean;
  qr: boolean;
}

function choose(barcode: LabelBarcode, value: string, warnings: LabelWarning[]): BarcodeChoice {
  const wantsCode128 = barcode === 'code128' || barcode === 'both';
  if (wantsCode128 && !code128Encodable(value)) {
    warnings.push({ kind: 'code128Characters', value });
    return { code128: false, qr: true };
  }
  return { code128: wantsCode128, qr: barcode === 'qr' || barcode === 'both' };
}

/**
 * Draws one label's content into `box` (mm, page coordinates, unrotated): a Code 128 strip at
 * the bottom, a QR code at the right, the text in what is left.
 */
function drawLabel(doc: PrintDoc, setter: LabelSetter, label: LabelData, box: Rect, barcode: LabelBarcode, warnings: LabelWarning[]): void {
  const pdf = doc.pdf;
  const pad = Math.min(3, Math.max(1.5, Math.min(box.width, box.height) * 0.06));
  const inner = { x: box.x + pad, y: box.y + pad, width: box.width - 2 * pad, height: box.height - 2 * pad };
  const choice = choose(barcode, label.barcode, warnings);
  let textBottom = inner.y + inner.height;
  let textRight = inner.x + inner.width;

  if (choice.code128) {
    // The quiet zones may use the label's padding, never its last half millimetre.
    const room = box.width - 2 * EDGE_SAFETY_MM;
    const module = code128ModuleFor(label.barcode, room);
    if (module === null) {
      warnings.push({ kind: 'code128TooLong', value: label.barcode });
      choice.qr = true;
    } else {
      const barHeight = Math.min(12, Math.max(5, inner.height * 0.3));
      const symbolWidth = (code128Modules(label.barcode) + 2 * CODE128_QUIET) * module;
      const x = box.x + (box.width - symbolWidth) / 2;
      const y = inner.y + inner.height - barHeight;
      drawCode128(pdf, label.barcode, x, y, module, barHeight);
      textBottom = y - 1;
    }
  }
  if (choice.qr) {
    const side = Math.min(textBottom - inner.y, inner.width * 0.45, 24);
    const module = qrModuleFor(label.barcode, side);
    if (module === null) {
      warnings.push({ kind: 'qrTooSmall', value: label.barcode });
    } else {
      const used = qrSide(label.barcode, module);
      // Flush with the label's right edge less the safety margin: the quiet zone sits in the padding.
      const x = box.x + box.width - EDGE_SAFETY_MM - used;
      const y = inner.y + Math.max(0, (textBottom - inner.y - used) / 2);
      drawQr(pdf, label.barcode, x, y, module);
      // The quiet zone stays clear of text.
      textRight = Math.min(textRight, x);
    }
  }

  const width = textRight - inner.x;
  const height = textBottom - inner.y;
  if (width <= 2 || height <= 2) return;
  const plan = setter.plan(label.lines, width, height);
  if (plan.shortened) warnings.push({ kind: 'textShortened', value: label.barcode });
  let y = inner.y;
  for (const line of plan.lines) {
    pdf.font(line.font).fontSize(line.size).fillColor('black');
    pdf.text(line.text, mm(inner.x), mm(y), { lineBreak: false });
    y += (line.font === 'sansBold' ? setter.bold : setter.regular).lineHeight(line.size);
  }
}

function qrSide(value: string, module: number): number {
  return (qrMatrix(value).size + 2 * QR_QUIET) * module;
}

/** Tall labels (a box's spine) are set sideways, reading top to bottom. */
function isTall(layout: LabelLayoutSpec): boolean {
  return layout.labelHeight > layout.labelWidth * 1.3;
}

function withLabelFrame(doc: PrintDoc, layout: LabelLayoutSpec, rect: Rect, draw: (box: Rect) => void): void {
  if (!isTall(layout)) {
    draw(rect);
    return;
  }
  const pdf = doc.pdf;
  pdf.save();
  pdf.translate(mm(rect.x + rect.width), mm(rect.y));
  pdf.rotate(90);
  // Rotated frame: its x runs down the label, its y runs right to left.
  draw({ x: 0, y: 0, width: rect.height, height: rect.width });
  pdf.restore();
}

function newDoc(layout: LabelLayoutSpec, title: string, createdAt?: Date, author?: string): PrintDoc {
  return new PrintDoc({
    title,
    size: [layout.pageWidth, layout.pageHeight],
    margins: [0, 0, 0, 0],
    family: 'sans',
    pageNumbers: false,
    ...(createdAt ? { createdAt } : {}),
    ...(author ? { author } : {}),
  });
}

/** Renders `labels` on `layout`: copies, start position and the printer's offsets applied. */
export async function renderLabels(labels: LabelData[], options: LabelRenderOptions): Promise<RenderedLabels> {
  const { layout } = options;
  const doc = newDoc(layout, options.title, options.createdAt, options.author);
  const setter = new LabelSetter(doc.pdf);
  const warnings: LabelWarning[] = [];
  const seen = new Set<string>();
  const placements = placeLabels(labels.length, layout, { start: options.start ?? 1, copies: options.copies ?? 1 });
  let page = 0;
  for (const placement of placements) {
    while (page < placement.page) {
      doc.newPage();
      page++;
    }
    const label = labels[placement.label];
    if (!label) continue;
    const rect = slotRect(layout, placement.slot);
    const before = warnings.length;
    withLabelFrame(doc, layout, rect, (box) => drawLabel(doc, setter, label, box, options.barcode, warnings));
    // One warning per label and kind, not per copy.
    for (const w of warnings.splice(before)) {
      const key = `${w.kind}:${w.value}`;
      if (!seen.has(key)) {
        seen.add(key);
        warnings.push(w);
      }
    }
  }
  const pages = doc.pageCount;
  const bytes = await doc.finish();
  return { bytes, pages, labels: placements.length, warnings };
}

export interface CalibrationTexts {
  title: string;
  /** e.g. "偏移 X +0.0 mm，Y +0.0 mm" */
  offsets: string;
  /** How to use the page. */
  instructions: string;
  /** Under the ruler: "此线应长 100 mm". */
  ruler: string;
}

/**
 * The calibration page: a millimetre grid over the whole page (every 10 mm numbered), the
 * label outlines with their centres where this layout prints them now (offsets applied), and
 * a ruler that shows whether the printer scaled the page.
 */
export async function renderCalibration(layout: LabelLayoutSpec, texts: CalibrationTexts, createdAt?: Date): Promise<Uint8Array> {
  const doc = newDoc(layout, texts.title, createdAt);
  const pdf = doc.pdf;
  const W = layout.pageWidth;
  const H = layout.pageHeight;
  const grid = (step: number, width: number, gray: string) => {
    pdf.save();
    for (let x = 0; x <= W + 0.001; x += step) pdf.moveTo(mm(x), 0).lineTo(mm(x), mm(H));
    for (let y = 0; y <= H + 0.001; y += step) pdf.moveTo(0, mm(y)).lineTo(mm(W), mm(y));
    pdf.lineWidth(width).strokeColor(gray).stroke();
    pdf.restore();
  };
  grid(1, 0.15, '#d0d0d0');
  grid(5, 0.3, '#a0a0a0');
  grid(10, 0.5, '#606060');
  pdf.font('sans').fontSize(5).fillColor('#404040');
  for (let x = 10; x < W; x += 10) pdf.text(String(x), mm(x) + 1, 1, { lineBreak: false });
  for (let y = 10; y < H; y += 10) pdf.text(String(y), 1, mm(y) + 1, { lineBreak: false });

  // Label outlines where they will print, with their centres.
  pdf.save();
  for (let slot = 0; slot < slotsPerPage(layout); slot++) {
    const r = slotRect(layout, slot);
    pdf.rect(mm(r.x), mm(r.y), mm(r.width), mm(r.height));
    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    pdf.moveTo(mm(cx - 3), mm(cy)).lineTo(mm(cx + 3), mm(cy));
    pdf.moveTo(mm(cx), mm(cy - 3)).lineTo(mm(cx), mm(cy + 3));
  }
  pdf.lineWidth(0.6).strokeColor('#c00000').stroke();
  pdf.restore();

  // The text block and ruler sit in the first label (on a roll, the only one).
  const first = slotRect(layout, 0);
  const textWidth = Math.max(10, first.width - 4);
  const small = layout.kind === 'roll' && first.width < 70;
  pdf.fillColor('black');
  pdf.font('sansBold').fontSize(small ? 6 : 8);
  pdf.text(texts.title, mm(first.x + 2), mm(first.y + 2), { width: mm(textWidth), lineBreak: false, ellipsis: true });
  pdf.font('sans').fontSize(small ? 5 : 6.5);
  pdf.text(texts.offsets, mm(first.x + 2), mm(first.y + 2) + (small ? 8 : 11), { width: mm(textWidth), lineBreak: false, ellipsis: true });

  const rulerLength = Math.min(100, Math.floor((first.width - 4) / 10) * 10);
  const ry = first.y + first.height - 6;
  pdf.save();
  pdf.moveTo(mm(first.x + 2), mm(ry)).lineTo(mm(first.x + 2 + rulerLength), mm(ry));
  for (let t = 0; t <= rulerLength; t += 1) {
    const len = t % 10 === 0 ? 2.5 : t % 5 === 0 ? 1.6 : 0.9;
    pdf.moveTo(mm(first.x + 2 + t), mm(ry)).lineTo(mm(first.x + 2 + t), mm(ry - len));
  }
  pdf.lineWidth(0.3).strokeColor('black').stroke();
  pdf.restore();
  pdf.font('sans').fontSize(small ? 4.5 : 6);
  pdf.text(texts.ruler.replace('{{length}}', String(rulerLength)), mm(first.x + 2), mm(ry + 0.8), { width: mm(textWidth), lineBreak: false, ellipsis: true });

  // Instructions on the page's second label on a sheet (below the first on a roll, if room).
  if (layout.kind === 'sheet') {
    const second = slotsPerPage(layout) > 1 ? slotRect(layout, 1) : first;
    pdf.font('sans').fontSize(6.5);
    pdf.text(texts.instructions, mm(second.x + 2), mm(second.y + 2), { width: mm(Math.max(10, second.width - 4)), height: mm(second.height - 4), ellipsis: true });
  }
  return doc.finish();
}
