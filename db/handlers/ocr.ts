/**
 * The `ocr.*` operations. `ocr.run` reads scans in worker threads (db/ocr/run.ts, one page at a
 * time, progress per page) while the engine keeps answering; the text is written with one audit
 * row in one transaction at the end, so a cancelled run leaves nothing. Scans of the same blob
 * are read once. The viewer's reads (`ocr.page`, `ocr.find`) go through the scans query, so a
 * scan of a file above the user's clearance does not exist here either.
 */
import { performance } from 'node:perf_hooks';
import { DossierError } from '../../shared/errors.js';
import type { ocrOps } from '../../shared/ops/ocr.js';
import { blobsFor } from '../blobs/store.js';
import type { OperationContext } from '../context.js';
import { OCR_ENGINE } from '../ocr/run.js';
import type { OcrPageResult } from '../ocr/run.js';
import { copyScanText, findPhrase, ocrStates, pageText, readTwin, toStatus, writeScanText } from '../records/scanOcr.js';
import { findScan, scanQuery, scanTarget } from '../records/scans.js';
import type { ScanRow } from '../records/scans.js';
import { runTask } from '../workers/pool.js';
import { roleCan } from '../../shared/domain/permissions.js';
import { staged } from './kit.js';
import type { Handler, HandlersOf } from './kit.js';

type Outcome =
  | { scanId: string; name: string; kind: 'read'; pages: OcrPageResult[]; seconds: number }
  | { scanId: string; name: string; kind: 'twin'; from: string }
  | { scanId: string; name: string; kind: 'failed'; error: string; seconds: number };

interface RunResult {
  scans: number;
  pages: number;
  reused: number;
  failed: { scanId: string; name: string; error: string }[];
  seconds: number;
}

interface Prepared {
  outcomes: Outcome[];
  fileId: string | null;
  archiveNo: string | null;
  started: number;
}

function selectScans(ctx: OperationContext, input: { scanIds?: string[] | undefined; fileId?: string | undefined; archiveNo?: string | undefined; all: boolean; again: boolean }) {
  let rows: ScanRow[];
  let file: { id: string; archiveNo: string } | null = null;
  if (input.scanIds) rows = input.scanIds.map((id) => findScan(ctx, id, true));
  else if (input.all) rows = ctx.db.all(scanQuery(ctx, true).orderBy('scans.createdAt'));
  else {
    file = scanTarget(ctx, { fileId: input.fileId, archiveNo: input.archiveNo }).file!;
    rows = ctx.db.all(scanQuery(ctx).where('scans.fileId', '=', file.id).orderBy('scans.createdAt'));
  }
  const states = ocrStates(
    ctx,
    rows.map((r) => r.id),
  );
  // Named scans are read again when asked; otherwise only those not read yet (a failed one is retried).
  const todo = input.again ? rows : rows.filter((r) => states.get(r.id)?.status !== 'done');
  return { rows: todo, file };
}

function errorCode(err: unknown): string {
  if (err instanceof DossierError) return err.code;
  const name = (err as { name?: string }).name ?? '';
  if (name === 'BlobDamagedError') return 'scans.corrupt';
  return 'ocr.unreadable';
}

export const runOcr = staged<'ocr.run', Prepared, RunResult>({
  prepare: async (ctx, input, control) => {
    const started = performance.now();
    const { rows, file } = selectScans(ctx, input);
    const total = rows.reduce((n, r) => n + r.pageCount, 0);
    control.progress('recognize', 0, total);
    const outcomes: Outcome[] = [];
    const readBlobs = new Map<string, string>();
    let done = 0;
    for (const row of rows) {
      control.checkCancelled();
      const twin = readBlobs.get(row.blobId) ?? (input.again ? null : readTwin(ctx, row.id, row.blobId));
      if (twin) {
        outcomes.push({ scanId: row.id, name: row.originalName, kind: 'twin', from: twin });
      } else {
        const t0 = performance.now();
        try {
          const access = blobsFor(ctx).access({ id: row.blobId, keyScope: row.keyScope, wrappedKey: row.wrappedKey, size: row.size });
          const pages = await runTask(
            'ocr.scan',
            { access, kind: row.kind, offset: done, total },
            { signal: control.signal, onProgress: (_phase, d, t) => control.progress('recognize', d, t) },
          );
          outcomes.push({ scanId: row.id, name: row.originalName, kind: 'read', pages, seconds: (performance.now() - t0) / 1000 });
          readBlobs.set(row.blobId, row.id);
        } catch (err) {
          if (control.signal.aborted) throw new DossierError('job.cancelled');
          outcomes.push({ scanId: row.id, name: row.originalName, kind: 'failed', error: errorCode(err), seconds: (performance.now() - t0) / 1000 });
        }
      }
      done += row.pageCount;
      control.progress('recognize', done, total);
    }
    control.progress('write', 0, outcomes.length);
    return { outcomes, fileId: file?.id ?? null, archiveNo: file?.archiveNo ?? null, started };
  },
  run: (ctx, _input, prepared) => {
    // A scan removed while it was being read is skipped (its rows would have no scan).
    const present = new Set(
      ctx.db
        .all(
          ctx.db.k
            .selectFrom('scans')
            .select('id')
            .where('id', 'in', prepared.outcomes.map((o) => o.scanId).concat([''])),
        )
        .map((r) => r.id),
    );
    let scans = 0;
    let pages = 0;
    let reused = 0;
    const failed: RunResult['failed'] = [];
    for (const outcome of prepared.outcomes) {
      if (!present.has(outcome.scanId)) continue;
      if (outcome.kind === 'read') {
        writeScanText(ctx, outcome.scanId, { status: 'done', engine: OCR_ENGINE, error: null, seconds: outcome.seconds, pages: outcome.pages });
        scans++;
        pages += outcome.pages.length;
      } else if (outcome.kind === 'twin') {
        if (!present.has(outcome.from) && !ctx.db.one(ctx.db.k.selectFrom('scan_ocr').select('scanId').where('scanId', '=', outcome.from))) continue;
        pages += copyScanText(ctx, outcome.from, outcome.scanId);
        scans++;
        reused++;
      } else {
        writeScanText(ctx, outcome.scanId, { status: 'failed', engine: OCR_ENGINE, error: outcome.error, seconds: outcome.seconds, pages: [] });
        failed.push({ scanId: outcome.scanId, name: outcome.name, error: outcome.error });
      }
    }
    const seconds = Math.round((performance.now() - prepared.started) / 100) / 10;
    ctx.audit({
      action: 'ocr.run',
      targetType: prepared.fileId ? 'file' : 'archive',
      targetId: prepared.fileId,
      targetLabel: prepared.archiveNo,
      details: { scans, pages, ...(reused ? { reused } : {}), ...(failed.length ? { failed: failed.length } : {}), engine: OCR_ENGINE },
    });
    return { scans, pages, reused, failed, seconds };
  },
});

export const ocrStatus: Handler<'ocr.status'> = (ctx, input) => {
  const { file } = scanTarget(ctx, { fileId: input.fileId });
  const rows = ctx.db.all(scanQuery(ctx).where('scans.fileId', '=', file!.id));
  const states = ocrStates(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toStatus(r, states.get(r.id)));
};

/** Inbox scans (no file yet) only for those who may assign them, as in scans.inbox. */
const viewable = (ctx: OperationContext, scanId: string) => findScan(ctx, scanId, roleCan(ctx.user.role, 'scans.write'));

export const ocrPage: Handler<'ocr.page'> = (ctx, input) => {
  const scan = viewable(ctx, input.scanId);
  if (input.page > scan.pageCount) throw new DossierError('validation', { detail: 'no such page' });
  const state = ocrStates(ctx, [scan.id]).get(scan.id);
  const page = pageText(ctx, scan.id, input.page);
  return {
    state: state ? state.status : 'pending',
    width: page?.width ?? 0,
    height: page?.height ?? 0,
    source: page?.source ?? null,
    lines: page?.lines ?? [],
  };
};

export const ocrFind: Handler<'ocr.find'> = (ctx, input) => {
  const scan = viewable(ctx, input.scanId);
  return { hits: findPhrase(ctx, scan.id, input.q) };
};

/** The handlers of the `ocr.*` operations. */
export const ocrHandlers = {
  'ocr.run': runOcr,
  'ocr.status': ocrStatus,
  'ocr.page': ocrPage,
  'ocr.find': ocrFind,
} satisfies HandlersOf<typeof ocrOps>;
