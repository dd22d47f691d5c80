/**
 * OCR text of scans (migration 0025): what has been read, the pages' text and line boxes, and
 * where a phrase is on a scan. The text lives only in the encrypted database; the search index
 * row of a scan (kind 'scan') is kept by triggers from `scan_ocr` and `scan_pages`.
 */
import { sql } from 'kysely';
import type { OcrLine } from '../../shared/domain/ocr.js';
import type { OcrStatus } from '../../shared/ops/ocr.js';
import type { OperationContext } from '../context.js';
import { onFileKeyChange, sealText } from '../levelKeys.js';
import { normalizeSearchText } from '../search/normalize.js';

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/**
 * A page's text for the index: lines in reading order; a line that wraps Chinese text joins the
 * next without a space (a phrase broken by the line end is still found), and the spaces OCR
 * puts between Chinese characters are dropped.
 */
export function pageSearchText(lines: readonly { text: string }[]): string {
  let out = '';
  for (const line of lines) {
    const text = line.text.replace(/(?<=[\p{Script=Han}])\s+(?=[\p{Script=Han}])/gu, '').trim();
    if (!text) continue;
    if (out && !(CJK.test(out.at(-1)!) && CJK.test(text[0]!))) out += ' ';
    out += text;
  }
  return out;
}

export interface PageWrite {
  pageNo: number;
  width: number;
  height: number;
  source: 'ocr' | 'pdf_text';
  lines: OcrLine[];
}

/** The file a scan belongs to (null: in the inbox), whose keys its text is sealed with. */
function fileOfScan(ctx: OperationContext, scanId: string): string | null {
  return ctx.db.one(ctx.db.k.selectFrom('scans').select('fileId').where('id', '=', scanId))?.fileId ?? null;
}

/** A value of a scan's page as stored: sealed under the file's key for a 机密/绝密 file, as it is otherwise. */
function sealed(ctx: OperationContext, fileId: string | null, value: string): string {
  return fileId ? sealText(ctx, fileId, value) : value;
}

interface StoredPage {
  pageNo: number;
  width: number;
  height: number;
  source: 'ocr' | 'pdf_text';
  text: string;
  lines: string;
}

function putPages(ctx: OperationContext, scanId: string, pages: StoredPage[]): void {
  const fileId = fileOfScan(ctx, scanId);
  ctx.db.run(ctx.db.k.deleteFrom('scan_pages').where('scanId', '=', scanId));
  for (const page of pages) {
    ctx.db.run(ctx.db.k.insertInto('scan_pages').values({ scanId, ...page, text: sealed(ctx, fileId, page.text), lines: sealed(ctx, fileId, page.lines) }));
  }
}

/** A scan's pages as stored, opened (rows read through ArchiveDb open sealed values). */
function storedPages(ctx: OperationContext, scanId: string): StoredPage[] {
  return ctx.db.all(ctx.db.k.selectFrom('scan_pages').select(['pageNo', 'width', 'height', 'source', 'text', 'lines']).where('scanId', '=', scanId).orderBy('pageNo'));
}

/** Replaces a scan's OCR result (pages first: the scan_ocr trigger indexes what they hold). */
export function writeScanText(
  ctx: OperationContext,
  scanId: string,
  result: { status: 'done' | 'failed'; engine: string; error: string | null; seconds: number; pages: PageWrite[] },
): void {
  putPages(
    ctx,
    scanId,
    result.pages.map((p) => ({ pageNo: p.pageNo, width: p.width, height: p.height, source: p.source, text: pageSearchText(p.lines), lines: JSON.stringify(p.lines) })),
  );
  const row = { status: result.status, engine: result.engine, pages: result.pages.length, error: result.error, seconds: result.seconds, finishedAt: ctx.now().toISOString() };
  ctx.db.run(
    ctx.db.k
      .insertInto('scan_ocr')
      .values({ scanId, ...row })
      .onConflict((oc) => oc.column('scanId').doUpdateSet(row)),
  );
}

/** Copies the text read from another scan of the same blob (the same document is read once), sealed for this scan's file. */
export function copyScanText(ctx: OperationContext, fromScanId: string, toScanId: string): number {
  putPages(ctx, toScanId, storedPages(ctx, fromScanId));
  const from = ctx.db.one(ctx.db.k.selectFrom('scan_ocr').selectAll().where('scanId', '=', fromScanId))!;
  const row = { status: from.status, engine: from.engine, pages: from.pages, error: from.error, seconds: 0, finishedAt: ctx.now().toISOString() };
  ctx.db.run(
    ctx.db.k
      .insertInto('scan_ocr')
      .values({ scanId: toScanId, ...row })
      .onConflict((oc) => oc.column('scanId').doUpdateSet(row)),
  );
  return from.pages;
}

/**
 * Seals a scan's text again for the file it now belongs to (after it moved to another file,
 * or its file's key changed): the OCR text follows the rule of the file's other content.
 */
export function resealScanText(ctx: OperationContext, scanId: string): void {
  const pages = storedPages(ctx, scanId);
  if (!pages.length) return;
  putPages(ctx, scanId, pages);
  // Re-derives the scan's row in the main index (trigger search_scan_ocr_au): sealed text
  // leaves it, opened text comes back.
  ctx.db.run(sql`update scan_ocr set finished_at = finished_at where scan_id = ${scanId}`);
}

// A file raised to 机密/绝密, moved between them, or lowered: its scans' text goes under the new key.
onFileKeyChange((ctx, fileId) => {
  for (const scan of ctx.db.all(ctx.db.k.selectFrom('scans').select('id').where('fileId', '=', fileId))) resealScanText(ctx, scan.id);
});

/** A scan of the same blob whose text has been read, other than `scanId`. */
export function readTwin(ctx: OperationContext, scanId: string, blobId: string): string | null {
  return (
    ctx.db.one(
      sql<{ scanId: string }>`select o.scan_id from scan_ocr o join scans s on s.id = o.scan_id
        where s.blob_id = ${blobId} and o.status = 'done' and o.scan_id <> ${scanId} limit 1`,
    )?.scanId ?? null
  );
}

export function ocrStates(
  ctx: OperationContext,
  scanIds: string[],
): Map<string, { status: 'done' | 'failed'; pages: number; engine: string; error: string | null; finishedAt: string }> {
  if (scanIds.length === 0) return new Map();
  const rows = ctx.db.all(ctx.db.k.selectFrom('scan_ocr').selectAll().where('scanId', 'in', scanIds));
  return new Map(rows.map((r) => [r.scanId, r]));
}

export function toStatus(scan: { id: string; pageCount: number }, row: ReturnType<typeof ocrStates> extends Map<string, infer V> ? V | undefined : never): OcrStatus {
  return row
    ? { scanId: scan.id, state: row.status, pages: row.pages, engine: row.engine, error: row.error, finishedAt: row.finishedAt }
    : { scanId: scan.id, state: 'pending', pages: scan.pageCount, engine: null, error: null, finishedAt: null };
}

export function pageText(ctx: OperationContext, scanId: string, pageNo: number) {
  const row = ctx.db.one(ctx.db.k.selectFrom('scan_pages').select(['width', 'height', 'source', 'lines']).where('scanId', '=', scanId).where('pageNo', '=', pageNo));
  return row ? { width: row.width, height: row.height, source: row.source, lines: JSON.parse(row.lines) as OcrLine[] } : null;
}

export interface PhraseHit {
  page: number;
  width: number;
  height: number;
  box: [number, number, number, number];
  text: string;
}

/**
 * Where `q` is printed on a scan. Each term of the query (normalised like the search index) is
 * looked for in each page's lines joined as the index joins them, so a phrase that wraps to the
 * next line is found too; a hit inside one line gets the part of the line's box its characters
 * take (characters of a Chinese line are about equally wide), a hit across lines each line's part.
 */
export function findPhrase(ctx: OperationContext, scanId: string, q: string): PhraseHit[] {
  const terms = normalizeSearchText(q).split(' ').filter(Boolean);
  if (terms.length === 0) return [];
  const pages = ctx.db.all(ctx.db.k.selectFrom('scan_pages').select(['pageNo', 'width', 'height', 'lines']).where('scanId', '=', scanId).orderBy('pageNo'));
  const hits: PhraseHit[] = [];
  for (const page of pages) {
    const lines = JSON.parse(page.lines) as OcrLine[];
    // The page's normalised text with, for each character, its line and position in that line.
    const chars: { line: number; at: number; of: number }[] = [];
    let text = '';
    lines.forEach((line, index) => {
      const norm = [...normalizeSearchText(line.text).replace(/(?<=[\p{Script=Han}])\s+(?=[\p{Script=Han}])/gu, '')];
      if (text && !(CJK.test(text.at(-1)!) && CJK.test(norm[0] ?? ''))) {
        text += ' ';
        chars.push({ line: -1, at: 0, of: 0 });
      }
      norm.forEach((c, at) => {
        text += c;
        chars.push({ line: index, at, of: norm.length });
      });
    });
    const codePoints = [...text];
    for (const term of terms) {
      const want = [...term];
      for (let start = 0; start + want.length <= codePoints.length; start++) {
        if (!want.every((c, k) => codePoints[start + k] === c)) continue;
        const span = chars.slice(start, start + want.length).filter((c) => c.line >= 0);
        for (const lineIndex of [...new Set(span.map((c) => c.line))]) {
          const mine = span.filter((c) => c.line === lineIndex);
          const line = lines[lineIndex]!;
          const [x, y, w, h] = line.box;
          const from = mine[0]!.at / mine[0]!.of;
          const to = (mine.at(-1)!.at + 1) / mine[0]!.of;
          hits.push({
            page: page.pageNo,
            width: page.width,
            height: page.height,
            box: [Math.round(x + w * from), y, Math.max(1, Math.round(w * (to - from))), h],
            text: line.text,
          });
        }
        start += want.length - 1;
      }
    }
  }
  return hits;
}
