/**
 * The worker-thread side of OCR: a scan's pages rendered in memory (db/ocr/pages.ts) and read
 * by PaddleOCR (db/ocr/paddle.ts), page by page with progress. Cancelling ends the thread;
 * nothing was written, the engine writes the result in one transaction afterwards.
 */
import type { OcrPageText } from '../../shared/domain/ocr.js';
import type { ScanKind } from '../../shared/domain/scans.js';
import type { BlobAccess } from '../blobs/format.js';
import type { TaskContext } from '../workers/protocol.js';
import { openScanPages } from './pages.js';
import { DEFAULT_MAX_SIDE, recognisePage } from './paddle.js';

export const OCR_ENGINE = 'PaddleOCR PP-OCRv4 (@gutenye/ocr-node 1.4.8)';

export interface OcrScanArgs {
  access: BlobAccess;
  kind: ScanKind;
  /** Pages done before this scan in the same job, and the job's total (progress across scans). */
  offset: number;
  total: number;
}

export interface OcrPageResult extends OcrPageText {
  pageNo: number;
  source: 'ocr' | 'pdf_text';
}

export async function ocrScan(args: OcrScanArgs, ctx?: TaskContext): Promise<OcrPageResult[]> {
  const pages = await openScanPages(args.access, args.kind);
  try {
    const out: OcrPageResult[] = [];
    for (let n = 1; n <= pages.count; n++) {
      const own = await pages.text(n, DEFAULT_MAX_SIDE);
      if (own) out.push({ pageNo: n, source: 'pdf_text', ...own });
      else out.push({ pageNo: n, source: 'ocr', ...(await recognisePage(await pages.image(n, DEFAULT_MAX_SIDE), { maxSide: DEFAULT_MAX_SIDE, threads: 1 })) });
      ctx?.progress('read', args.offset + n, args.total);
    }
    return out;
  } finally {
    await pages.close();
  }
}

/** One page as PNG for the viewer (TIFF pages the browser cannot draw), in memory. */
export async function renderScanPage(args: { access: BlobAccess; kind: ScanKind; page: number; maxSide: number }): Promise<Uint8Array> {
  const pages = await openScanPages(args.access, args.kind);
  try {
    if (args.page < 1 || args.page > pages.count) throw new RangeError('page');
    return new Uint8Array(await pages.image(args.page, args.maxSide));
  } finally {
    await pages.close();
  }
}
