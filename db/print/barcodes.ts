/**
 * Barcodes as vectors: bwip-js (the maintained port of Barcode Writer in Pure PostScript)
 * encodes the symbol — Code 128's bar and space widths, the QR code's module matrix (archive
 * numbers by qr.ts, checked against bwip-js: bwip-js took 2 ms a symbol) — and
 * the bars and modules are drawn into the PDF as one filled path of rectangles, so they stay
 * sharp at any printer resolution (no raster image is embedded).
 */
import bwipjs from 'bwip-js/node';
import { mm } from './fonts.js';
import { encodeQr } from './qr.js';

/** Narrowest bar a handheld scanner reads reliably at print size. */
export const MIN_MODULE_MM = 0.25;
/** Wider bars scan no better and take room from the text. */
export const MAX_CODE128_MODULE_MM = 0.4;
export const MAX_QR_MODULE_MM = 0.8;
/** Quiet zones (light margins) in modules: ISO/IEC 15417 asks 10 for Code 128, ISO/IEC 18004 4 for QR. */
export const CODE128_QUIET = 10;
export const QR_QUIET = 4;

interface Code128Raw {
  sbs: number[];
}
interface MatrixRaw {
  pixs: number[];
  pixx: number;
  pixy: number;
}

// A batch prints copies of the same number: encode each once.
const code128Cache = new Map<string, number[]>();
const qrCache = new Map<string, QrMatrix>();
const CACHE_LIMIT = 4096;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/** Code 128 bar/space widths in modules, starting with a bar (start, data, check, stop). */
export function code128Widths(value: string): number[] {
  const hit = code128Cache.get(value);
  if (hit) return hit;
  const [symbol] = bwipjs.raw('code128', value, '') as Code128Raw[];
  if (!symbol) throw new Error('code128: no symbol');
  return remember(code128Cache, value, symbol.sbs);
}

/** Modules across a Code 128 symbol without its quiet zones. */
export function code128Modules(value: string): number {
  return code128Widths(value).reduce((a, b) => a + b, 0);
}

export interface QrMatrix {
  size: number;
  /** Row-major, 1 = dark. */
  dark: Uint8Array;
}

/**
 * The QR code's modules (error correction M or better: a scuffed label still reads). Archive
 * numbers and box codes go to the fast encoder of qr.ts (the same symbols as bwip-js's);
 * anything else to bwip-js.
 */
export function qrMatrix(value: string): QrMatrix {
  const hit = qrCache.get(value);
  if (hit) return hit;
  const fast = encodeQr(value);
  if (fast) return remember(qrCache, value, { size: fast.size, dark: fast.dark });
  // BWIPP encodes bytes: non-ASCII text goes in as its UTF-8 bytes behind ECI 26 (UTF-8), so scanners decode it as such.
  const ascii = /^[\x20-\x7E]*$/.test(value);
  const input = ascii ? value : `^ECI000026${Buffer.from(value, 'utf8').toString('latin1').replace(/\^/g, '^094')}`;
  const [symbol] = bwipjs.raw('qrcode', input, ascii ? 'eclevel=M' : 'eclevel=M parsefnc') as MatrixRaw[];
  if (!symbol) throw new Error('qrcode: no symbol');
  return remember(qrCache, value, { size: symbol.pixx, dark: Uint8Array.from(symbol.pixs) });
}

/**
 * The module width (mm) a Code 128 of `value` gets in `widthMm` with its quiet zones, at most
 * MAX_CODE128_MODULE_MM; null when it cannot get MIN_MODULE_MM (too long for the label).
 */
export function code128ModuleFor(value: string, widthMm: number): number | null {
  const x = Math.min(MAX_CODE128_MODULE_MM, widthMm / (code128Modules(value) + 2 * CODE128_QUIET));
  // Rounded down to 1/100 mm so the symbol never outgrows its room.
  const rounded = Math.floor(x * 100) / 100;
  return rounded >= MIN_MODULE_MM ? rounded : null;
}

/** The QR module width (mm) a square of `sideMm` (quiet zone included) gives, or null below MIN_MODULE_MM. */
export function qrModuleFor(value: string, sideMm: number): number | null {
  const x = Math.min(MAX_QR_MODULE_MM, sideMm / (qrMatrix(value).size + 2 * QR_QUIET));
  const rounded = Math.floor(x * 100) / 100;
  return rounded >= MIN_MODULE_MM ? rounded : null;
}

// Each symbol's path in module units, built once per value: a sheet of copies or a reprint
// reuses it, and small integer coordinates keep the page's content stream short.
const code128Paths = new Map<string, string>();
const qrPaths = new Map<string, string>();

/** Code 128 bars as rectangles one unit tall, x in modules from the first bar. */
function code128Path(value: string): string {
  const hit = code128Paths.get(value);
  if (hit !== undefined) return hit;
  let at = 0;
  const parts: string[] = [];
  code128Widths(value).forEach((w, i) => {
    if (i % 2 === 0) parts.push(`${at} 0 ${w} 1 re`);
    at += w;
  });
  return remember(code128Paths, value, parts.join('\n'));
}

/** The QR code's dark modules as one rectangle per run in a row, in module units from its top left module. */
function qrPath(value: string): string {
  const hit = qrPaths.get(value);
  if (hit !== undefined) return hit;
  const { size, dark } = qrMatrix(value);
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!dark[row * size + col]) {
        col++;
        continue;
      }
      const from = col;
      while (col < size && dark[row * size + col]) col++;
      parts.push(`${from} ${row} ${col - from} 1 re`);
    }
  }
  return remember(qrPaths, value, parts.join('\n'));
}

/** Fills `path` (unit coordinates) scaled by sx, sy (mm) with its origin at (xMm, yMm), as one path. */
function fillScaled(pdf: PDFKit.PDFDocument, path: string, xMm: number, yMm: number, sxMm: number, syMm: number): void {
  pdf.save();
  pdf.transform(mm(sxMm), 0, 0, mm(syMm), mm(xMm), mm(yMm));
  pdf.fillColor('black');
  pdf.addContent(path);
  // Nonzero winding: adjacent rectangles of a path merge, so no seam shows between modules.
  pdf.addContent('f');
  pdf.restore();
}

/**
 * Draws a Code 128 whose quiet zone starts at (xMm, yMm): bars `heightMm` tall, modules
 * `moduleMm` wide. Returns the width used, quiet zones included (mm).
 */
export function drawCode128(pdf: PDFKit.PDFDocument, value: string, xMm: number, yMm: number, moduleMm: number, heightMm: number): number {
  fillScaled(pdf, code128Path(value), xMm + CODE128_QUIET * moduleMm, yMm, moduleMm, heightMm);
  return (code128Modules(value) + 2 * CODE128_QUIET) * moduleMm;
}

/**
 * Draws a QR code whose quiet zone's top left corner is (xMm, yMm). Runs of dark modules in a
 * row are one rectangle; all of them are one path. Returns the side used, quiet zone included (mm).
 */
export function drawQr(pdf: PDFKit.PDFDocument, value: string, xMm: number, yMm: number, moduleMm: number): number {
  const { size } = qrMatrix(value);
  fillScaled(pdf, qrPath(value), xMm + QR_QUIET * moduleMm, yMm + QR_QUIET * moduleMm, moduleMm, moduleMm);
  return (size + 2 * QR_QUIET) * moduleMm;
}
