/**
 * A printed document on pdfkit: A4 (or any size in millimetres), the embedded Noto fonts
 * (subset by pdfkit, so a PDF prints the same where no Chinese font is installed), page
 * geometry in points, and "第 x 页 共 y 页" footers written once every page exists (pages are
 * buffered until `finish`). Forms build on it with db/print/layout.ts; labels use `pdf`
 * directly for positions in millimetres.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { FONT_FILES, mm } from './fonts.js';
import type { FontName } from './fonts.js';

export type Orientation = 'portrait' | 'landscape';
export type Family = 'serif' | 'sans';

export interface PrintDocOptions {
  /** The PDF's title (document information), e.g. 案卷目录. */
  title: string;
  /** A4 by default; or [width, height] in mm (label rolls). */
  size?: 'A4' | [number, number];
  orientation?: Orientation;
  /** Margins in mm: top, right, bottom, left (default 15, 15, 18, 15: the footer sits in the bottom margin). */
  margins?: [number, number, number, number];
  /** Serif (Song style) for formal forms, sans for labels. */
  family?: Family;
  /** "第 x 页 共 y 页" at the foot of every page (default true). */
  pageNumbers?: boolean;
  /** Small text at the foot's left and right (e.g. the archive name, the print time). */
  footerLeft?: string;
  footerRight?: string;
  /** The document's creation time (the print time): one value, so the bytes do not depend on the clock twice. */
  createdAt?: Date;
  author?: string;
}

const A4: [number, number] = [210, 297];

/** The TTF files are 10-15 MB: read once per process (or worker thread), handed to every document. */
const fontCache = new Map<FontName, Buffer>();
function fontBytes(name: FontName): Buffer {
  let bytes = fontCache.get(name);
  if (!bytes) {
    bytes = readFileSync(FONT_FILES[name]);
    fontCache.set(name, bytes);
  }
  return bytes;
}

export class PrintDoc {
  readonly pdf: PDFKit.PDFDocument;
  readonly family: Family;
  /** Page size in points. */
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** The body's edges in points (inside the margins). */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  private readonly options: PrintDocOptions;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<Buffer>;
  /** Called after every new page (continuation headings, repeated table headers). */
  private pageListeners: (() => void)[] = [];
  /** First page (0-based) of each separately numbered part: one file's contents list goes into that file's folder. */
  private readonly sectionStarts: number[] = [0];

  constructor(options: PrintDocOptions) {
    this.options = options;
    this.family = options.family ?? 'serif';
    const [w, h] = options.size === undefined || options.size === 'A4' ? A4 : options.size;
    const landscape = options.orientation === 'landscape';
    this.pageWidth = mm(landscape ? Math.max(w, h) : options.size && options.size !== 'A4' ? w : Math.min(w, h));
    this.pageHeight = mm(landscape ? Math.min(w, h) : options.size && options.size !== 'A4' ? h : Math.max(w, h));
    const [mt, mr, mb, ml] = (options.margins ?? [15, 15, 18, 15]).map(mm) as [number, number, number, number];
    this.left = ml;
    this.right = this.pageWidth - mr;
    this.top = mt;
    this.bottom = this.pageHeight - mb;
    this.pdf = new PDFDocument({
      size: [this.pageWidth, this.pageHeight],
      margins: { top: mt, right: mr, bottom: mb, left: ml },
      bufferPages: true,
      autoFirstPage: true,
      compress: true,
      info: {
        Title: options.title,
        Creator: 'Dossier',
        Producer: 'Dossier (pdfkit)',
        ...(options.author ? { Author: options.author } : {}),
        CreationDate: options.createdAt ?? new Date(),
      },
      lang: 'zh-CN',
      displayTitle: true,
      // No default font: pdfkit's own (Helvetica) lives in files a bundle does not carry; ours is
      // selected right after (a Buffer default would be re-parsed on every switch to its registered name).
      font: null,
      // pdfkit takes null for no default font (its type declarations say string only).
    } as unknown as PDFKit.PDFDocumentOptions);
    this.pdf.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.pdf.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.pdf.on('error', reject);
    });
    for (const name of Object.keys(FONT_FILES) as FontName[]) this.pdf.registerFont(name, fontBytes(name));
    this.font();
  }

  /** Body width in points. */
  get width(): number {
    return this.right - this.left;
  }

  /** The current vertical position (points from the page's top). */
  get y(): number {
    return this.pdf.y;
  }

  set y(value: number) {
    this.pdf.y = value;
  }

  /** Points left on this page above the bottom margin. */
  get room(): number {
    return this.bottom - this.pdf.y;
  }

  /** Selects the document's family (or the other one) in regular or bold, at `size` points. */
  font(weight: 'regular' | 'bold' = 'regular', size = 10.5, family: Family = this.family): this {
    const name: FontName = family === 'serif' ? (weight === 'bold' ? 'serifBold' : 'serif') : weight === 'bold' ? 'sansBold' : 'sans';
    this.pdf.font(name).fontSize(size);
    return this;
  }

  /** A new page; listeners (a repeated table header) draw at its top. */
  newPage(): void {
    this.pdf.addPage();
    this.pdf.x = this.left;
    this.pdf.y = this.top;
    for (const listener of [...this.pageListeners]) listener();
  }

  /** A new page that starts a part numbered on its own ("第 1 页 共 n 页" counts that part's pages only). */
  newSection(): void {
    this.newPage();
    this.sectionStarts.push(this.pageCount - 1);
  }

  /** Starts a new page unless `height` points still fit on this one. Returns whether it did. */
  ensureRoom(height: number): boolean {
    if (height <= this.room + 0.01) return false;
    this.newPage();
    return true;
  }

  /** Runs `draw` at the top of every page started while `during` runs (a table's header). */
  onEveryNewPage<T>(draw: () => void, during: () => T): T {
    this.pageListeners.push(draw);
    try {
      return during();
    } finally {
      this.pageListeners = this.pageListeners.filter((l) => l !== draw);
    }
  }

  /** Text in a box without pdfkit's own page breaking (forms place every line themselves). */
  textAt(value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions & { width: number }): void {
    const savedY = this.pdf.y;
    this.pdf.text(value, x, y, { lineBreak: true, ...options });
    this.pdf.y = savedY;
  }

  /** Height in points that `value` needs at the current font in a column `width` points wide. */
  heightOf(value: string, width: number, lineGap = 0): number {
    if (value === '') return this.pdf.currentLineHeight(true);
    return this.pdf.heightOfString(value, { width, lineGap });
  }

  /** Writes the footers on every page and ends the document: its bytes. */
  async finish(): Promise<Uint8Array> {
    const { start, count } = this.pdf.bufferedPageRange();
    const numbers = this.options.pageNumbers ?? true;
    for (let i = 0; i < count; i++) {
      this.pdf.switchToPage(start + i);
      // Writing in the bottom margin would make pdfkit start a page of its own.
      const margins = this.pdf.page.margins;
      const savedBottom = margins.bottom;
      margins.bottom = 0;
      const footY = this.pageHeight - savedBottom + mm(5);
      this.font('regular', 9);
      if (this.options.footerLeft) this.textAt(this.options.footerLeft, this.left, footY, { width: this.width / 3, align: 'left', lineBreak: false });
      if (numbers) {
        const section = this.sectionStarts.findLastIndex((first) => first <= i);
        const first = this.sectionStarts[section]!;
        const total = (this.sectionStarts[section + 1] ?? count) - first;
        this.textAt(`第 ${i - first + 1} 页 共 ${total} 页`, this.left + this.width / 3, footY, { width: this.width / 3, align: 'center', lineBreak: false });
      }
      if (this.options.footerRight) this.textAt(this.options.footerRight, this.left + (2 * this.width) / 3, footY, { width: this.width / 3, align: 'right', lineBreak: false });
      margins.bottom = savedBottom;
    }
    this.pdf.end();
    const bytes = await this.ended;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Pages so far. */
  get pageCount(): number {
    return this.pdf.bufferedPageRange().count;
  }
}
