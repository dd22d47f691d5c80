/**
 * Checks a scan before it is kept (in a worker thread: a hostile file costs only its
 * worker): its bytes are read back from the encrypted temp file, which also proves the
 * copy; a PDF is opened by pdf.js, whole when small, else reading byte ranges on demand
 * (bounded memory however large), an image is decoded by sharp page by page. Refused: a PDF pdf.js cannot open or
 * that needs a password, a document cut short (no end marker), an image that does not decode.
 */
import type { ScanKind } from '../../shared/domain/scans.js';
import type { ErrorCode } from '../../shared/errors.js';
import { BlobReader } from './format.js';
import type { BlobAccess } from './format.js';

export type InspectResult = { ok: true; pageCount: number } | { ok: false; code: ErrorCode; detail: string };

/** Images are decoded in memory: larger ones are refused (a scanned page is a few MB). */
export const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

function endsWith(tail: Buffer, marker: Buffer, slack: number): boolean {
  // Scanners may pad after the marker (zeros, line ends): look within the last `slack` bytes.
  const at = tail.lastIndexOf(marker);
  return at >= 0 && tail.length - (at + marker.length) <= slack;
}

export async function inspectScan(access: BlobAccess, kind: ScanKind, tailBytes: Uint8Array): Promise<InspectResult> {
  const tail = Buffer.from(tailBytes.buffer, tailBytes.byteOffset, tailBytes.byteLength);
  if (kind === 'pdf' && !endsWith(tail, Buffer.from('%%EOF'), 1024)) return { ok: false, code: 'scans.truncated', detail: 'no %%EOF' };
  if (kind === 'jpeg' && !endsWith(tail, Buffer.from([0xff, 0xd9]), 64)) return { ok: false, code: 'scans.truncated', detail: 'no EOI' };
  if (kind === 'png' && !endsWith(tail, Buffer.from('IEND'), 64)) return { ok: false, code: 'scans.truncated', detail: 'no IEND' };
  const reader = await BlobReader.open(access);
  try {
    return kind === 'pdf' ? await inspectPdf(reader) : await inspectImage(reader, kind);
  } finally {
    await reader.close();
  }
}

/** A PDF up to this size is handed to pdf.js whole (one read, no range round trips: half the work for a typical scan); larger ones by ranges. */
const WHOLE_PDF_BYTES = 8 * 1024 * 1024;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
/** Loaded once per thread (an `import()` per scan costs a module resolution each time). */
let pdfjsModule: Promise<PdfJs> | null = null;

async function inspectPdf(reader: BlobReader): Promise<InspectResult> {
  const pdfjs = await (pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
  class Ranges extends pdfjs.PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      reader.read(begin, end - begin).then(
        (bytes) => this.onDataRange(begin, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        () => this.abort(),
      );
    }
  }
  const whole = reader.size <= WHOLE_PDF_BYTES ? await reader.read(0, reader.size) : null;
  const task = pdfjs.getDocument({
    // A copy of its own: pdf.js may transfer (detach) the buffer it is given.
    ...(whole ? { data: new Uint8Array(whole) } : { range: new Ranges(reader.size, null), length: reader.size }),
    disableAutoFetch: true,
    disableStream: true,
    rangeChunkSize: 256 * 1024,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    if (doc.numPages < 1) return { ok: false, code: 'scans.corruptPdf', detail: 'no pages' };
    // The first page must parse too: a broken page tree is found now, not in the viewer.
    await doc.getPage(1);
    return { ok: true, pageCount: doc.numPages };
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (name === 'PasswordException') return { ok: false, code: 'scans.encryptedPdf', detail: '' };
    return { ok: false, code: 'scans.corruptPdf', detail: String((err as Error).message ?? err).slice(0, 200) };
  } finally {
    await task.destroy();
  }
}

async function inspectImage(reader: BlobReader, kind: ScanKind): Promise<InspectResult> {
  if (reader.size > MAX_IMAGE_BYTES) return { ok: false, code: 'scans.imageTooLarge', detail: String(MAX_IMAGE_BYTES / 1024 / 1024) };
  const sharp = (await import('sharp')).default;
  const bytes = await reader.read(0, reader.size);
  try {
    const meta = await sharp(bytes, { pages: -1, failOn: 'truncated' }).metadata();
    const expected = kind === 'jpeg' ? 'jpeg' : kind === 'png' ? 'png' : 'tiff';
    if (meta.format !== expected) return { ok: false, code: 'scans.corruptImage', detail: `format ${meta.format}` };
    const pages = kind === 'tiff' ? Math.max(1, meta.pages ?? 1) : 1;
    // Decoding every page (scaled down) finds a file cut short or damaged inside.
    for (let page = 0; page < pages; page++) {
      await sharp(bytes, { page, failOn: 'truncated' }).resize(32, 32, { fit: 'inside' }).raw().toBuffer();
    }
    return { ok: true, pageCount: pages };
  } catch (err) {
    const message = String((err as Error).message ?? err);
    return { ok: false, code: /premature|truncat|end of/i.test(message) ? 'scans.truncated' : 'scans.corruptImage', detail: message.slice(0, 200) };
  }
}
