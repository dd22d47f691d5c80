/**
 * Barcodes on a scan's first page (a cover sheet, a label): the page is drawn in memory
 * (pdf.js onto an @napi-rs/canvas for a PDF, sharp for an image) and read by zxing-wasm,
 * whose .wasm is loaded from node_modules (never fetched). Runs in a worker thread; the
 * pixels never leave memory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ScanKind } from '../../shared/domain/scans.js';
import { BlobReader } from './format.js';
import type { BlobAccess } from './format.js';

const require = createRequire(import.meta.url);
let ready: Promise<typeof import('zxing-wasm/reader')> | null = null;

function zxing(): Promise<typeof import('zxing-wasm/reader')> {
  ready ??= (async () => {
    const module = await import('zxing-wasm/reader');
    const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
    await module.prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
    return module;
  })();
  return ready;
}

interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Drawing resolution of a PDF's first page: enough for a label's 0.25 mm modules. */
const PDF_DPI = 200;

async function pdfFirstPage(reader: BlobReader): Promise<Pixels> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  class Ranges extends pdfjs.PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      reader.read(begin, end - begin).then(
        (bytes) => this.onDataRange(begin, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        () => this.abort(),
      );
    }
  }
  const task = pdfjs.getDocument({ range: new Ranges(reader.size, null), length: reader.size, disableAutoFetch: true, disableStream: true, isEvalSupported: false, verbosity: 0 });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: PDF_DPI / 72 });
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context as never, viewport, canvas: canvas as never }).promise;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return { data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), width: canvas.width, height: canvas.height };
  } finally {
    await task.destroy();
  }
}

async function imageFirstPage(reader: BlobReader): Promise<Pixels> {
  const sharp = (await import('sharp')).default;
  const bytes = await reader.read(0, reader.size);
  const { data, info } = await sharp(bytes, { page: 0 }).flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** The texts of the Code 128 and QR symbols on the first page (none found: empty). */
export async function firstPageBarcodes(access: BlobAccess, kind: ScanKind): Promise<string[]> {
  const reader = await BlobReader.open(access);
  let pixels: Pixels;
  try {
    pixels = kind === 'pdf' ? await pdfFirstPage(reader) : await imageFirstPage(reader);
  } finally {
    await reader.close();
  }
  const z = await zxing();
  const image = { data: pixels.data, width: pixels.width, height: pixels.height, colorSpace: 'srgb' };
  const results = await z.readBarcodes(image as never, {
    formats: ['Code128', 'QRCode'],
    tryHarder: true,
    maxNumberOfSymbols: 8,
  });
  return [...new Set(results.filter((r) => r.isValid && r.text).map((r) => r.text))];
}
