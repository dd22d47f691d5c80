/**
 * The pages of a scan as images, in memory only (worker threads): a PDF page is drawn by pdf.js
 * on an @napi-rs/canvas canvas, reading the encrypted blob by byte ranges (bounded memory
 * however large the PDF); a TIFF page, JPEG or PNG is decoded by sharp. A PDF page that carries
 * its own text (a born-digital document, or a scan a scanner already OCR'd) gives that text
 * with its positions instead of being OCR'd. Nothing is written to disk.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanKind } from '../../shared/domain/scans.js';
import type { OcrLine, OcrPageText } from '../../shared/domain/ocr.js';
import { BlobReader } from '../blobs/format.js';
import type { BlobAccess } from '../blobs/format.js';
import { MAX_IMAGE_BYTES } from '../blobs/inspect.js';

const require = createRequire(import.meta.url);

/** A PDF page with at least this many characters of its own text is not OCR'd. */
const TEXT_LAYER_MIN_CHARS = 8;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

export interface ScanPages {
  count: number;
  /** Page `n` (1-based) as a PNG or JPEG image, the longest side at most `maxSide` pixels. */
  image(n: number, maxSide: number): Promise<Buffer>;
  /** The text layer of page `n` of a PDF (null: none worth using, or not a PDF). */
  text(n: number, maxSide: number): Promise<OcrPageText | null>;
  close(): Promise<void>;
}

function pdfAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  return { cMapUrl: pathToFileURL(path.join(root, 'cmaps')).href + '/', standardFontDataUrl: pathToFileURL(path.join(root, 'standard_fonts')).href + '/' };
}

export async function openScanPages(access: BlobAccess, kind: ScanKind): Promise<ScanPages> {
  const reader = await BlobReader.open(access);
  try {
    return kind === 'pdf' ? await pdfPages(reader) : await imagePages(reader, kind);
  } catch (err) {
    await reader.close();
    throw err;
  }
}

async function pdfPages(reader: BlobReader): Promise<ScanPages> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await import('@napi-rs/canvas');
  class Ranges extends pdfjs.PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      reader.read(begin, end - begin).then(
        (bytes) => this.onDataRange(begin, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        () => this.abort(),
      );
    }
  }
  const task = pdfjs.getDocument({
    range: new Ranges(reader.size, null),
    length: reader.size,
    disableAutoFetch: true,
    disableStream: true,
    rangeChunkSize: 256 * 1024,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    ...pdfAssets(),
  });
  const doc: PdfDoc = await task.promise;
  const viewportOf = async (n: number, maxSide: number) => {
    const page = await doc.getPage(n);
    const base = page.getViewport({ scale: 1 });
    // At most 300 dpi (scale 300/72), and no side beyond maxSide.
    const scale = Math.min(300 / 72, maxSide / Math.max(base.width, base.height));
    return { page, viewport: page.getViewport({ scale }) };
  };
  return {
    count: doc.numPages,
    async image(n, maxSide) {
      const { page, viewport } = await viewportOf(n, maxSide);
      const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // pdf.js draws on any 2D context; @napi-rs/canvas's is the one it uses in Node.
      type RenderParams = Parameters<typeof page.render>[0];
      await page.render({ canvasContext: context as unknown as RenderParams['canvasContext'], viewport, canvas: canvas as unknown as RenderParams['canvas'] }).promise;
      page.cleanup();
      return canvas.encode('png');
    },
    async text(n, maxSide) {
      const { page, viewport } = await viewportOf(n, maxSide);
      const content = await page.getTextContent();
      const lines: OcrLine[] = [];
      let chars = 0;
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        chars += item.str.replace(/\s/g, '').length;
        // The item's baseline origin and size, in the viewport's pixels (y down).
        const [a, b, c, d, e, f] = pdfjs.Util.transform(viewport.transform, item.transform) as number[];
        const height = Math.hypot(c!, d!);
        const width = item.width * viewport.scale;
        void a;
        void b;
        lines.push({ text: item.str.trim(), confidence: 1, box: [Math.round(e!), Math.round(f! - height), Math.round(width), Math.round(height * 1.2)] });
      }
      page.cleanup();
      if (chars < TEXT_LAYER_MIN_CHARS) return null;
      return { width: Math.round(viewport.width), height: Math.round(viewport.height), lines: mergeRuns(lines) };
    },
    async close() {
      await task.destroy();
      await reader.close();
    },
  };
}

/** Text items on one baseline, left to right, become one line (a PDF may cut a line into many items). */
function mergeRuns(items: OcrLine[]): OcrLine[] {
  const sorted = [...items].sort((p, q) => p.box[1] - q.box[1] || p.box[0] - q.box[0]);
  const out: OcrLine[] = [];
  for (const item of sorted) {
    const last = out.at(-1);
    if (last && Math.abs(last.box[1] - item.box[1]) < last.box[3] / 2 && item.box[0] >= last.box[0]) {
      const right = Math.max(last.box[0] + last.box[2], item.box[0] + item.box[2]);
      last.text += item.box[0] - (last.box[0] + last.box[2]) > last.box[3] * 0.5 ? ` ${item.text}` : item.text;
      last.box = [last.box[0], Math.min(last.box[1], item.box[1]), right - last.box[0], Math.max(last.box[3], item.box[3])];
    } else out.push({ ...item, box: [...item.box] });
  }
  return out;
}

async function imagePages(reader: BlobReader, kind: ScanKind): Promise<ScanPages> {
  if (reader.size > MAX_IMAGE_BYTES) throw new Error('image too large');
  const sharp = (await import('sharp')).default;
  const bytes = await reader.read(0, reader.size);
  await reader.close();
  const meta = await sharp(bytes, { pages: -1 }).metadata();
  const count = kind === 'tiff' ? Math.max(1, meta.pages ?? 1) : 1;
  return {
    count,
    async image(n, maxSide) {
      // .rotate() applies the EXIF orientation a camera or phone scanner wrote.
      return sharp(bytes, { page: n - 1, limitInputPixels: 20000 * 20000 })
        .rotate()
        .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .png({ compressionLevel: 3 })
        .toBuffer();
    },
    async text() {
      return null;
    },
    async close() {},
  };
}
