/**
 * OCR of scans (文字识别): read the text printed on a scan's pages, offline, in a background
 * job, into the search index, with each line's box kept so the viewer can show where a phrase
 * is. Whether OCR runs by itself after scans are added is an archive setting (`ocrEnabled`).
 */
import { z } from 'zod';
import { Id, op, optionalText, trimmed } from './kit.js';

export const OcrLineOut = z.object({
  text: z.string(),
  confidence: z.number(),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});

export const OCR_STATES = ['pending', 'done', 'failed'] as const;

export const OcrStatus = z.object({
  scanId: Id,
  state: z.enum(OCR_STATES),
  /** Pages read (done), or the scan's page count (pending). */
  pages: z.number().int(),
  engine: z.string().nullable(),
  /** The error code of a failed read. */
  error: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type OcrStatus = z.output<typeof OcrStatus>;

export const OcrRunResult = z.object({
  scans: z.number().int(),
  pages: z.number().int(),
  /** Scans whose text was taken from another scan of the same document (read once). */
  reused: z.number().int(),
  failed: z.array(z.object({ scanId: Id, name: z.string(), error: z.string() })),
  seconds: z.number(),
});

export const ocrOps = {
  /**
   * Reads the scans named, or those of a file, or every scan the user may see (`all`) — only
   * scans not read yet unless `again`. Runs as a job (progress per page, cancel: nothing
   * written); the text goes into the search index in one transaction at the end.
   */
  'ocr.run': op(
    z
      .object({
        scanIds: z.array(Id).min(1).max(1000).optional(),
        fileId: Id.optional(),
        archiveNo: optionalText(64),
        all: z.boolean().default(false),
        again: z.boolean().default(false),
      })
      .refine((i) => [i.scanIds !== undefined, i.fileId !== undefined || i.archiveNo !== undefined, i.all].filter(Boolean).length === 1, {
        message: 'name scans, a file, or all',
      }),
    OcrRunResult,
    { capability: 'scans.write', write: true },
  ),
  /** Whether each scan of a file has been read. */
  'ocr.status': op(z.object({ fileId: Id }), z.array(OcrStatus)),
  /** The text and line boxes of one page, for the viewer. */
  'ocr.page': op(
    z.object({ scanId: Id, page: z.number().int().min(1) }),
    z.object({ state: z.enum(OCR_STATES), width: z.number().int(), height: z.number().int(), source: z.enum(['ocr', 'pdf_text']).nullable(), lines: z.array(OcrLineOut) }),
  ),
  /**
   * Where a phrase is printed on a scan: every page and box whose text holds it, with the
   * search index's normalisation (Traditional → Simplified, full-width → half-width, case).
   */
  'ocr.find': op(
    z.object({ scanId: Id, q: trimmed(200) }),
    z.object({
      hits: z.array(
        z.object({ page: z.number().int(), width: z.number().int(), height: z.number().int(), box: z.tuple([z.number(), z.number(), z.number(), z.number()]), text: z.string() }),
      ),
    }),
  ),
} as const;
