import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { roleCan } from '../../shared/domain/permissions.js';
import { SCAN_MIME_TYPES } from '../../shared/domain/scans.js';
import { DossierError } from '../../shared/errors.js';
import type { Scan, ScanItemPages, ScanVerifyReport, scansOps } from '../../shared/ops/scans.js';
import { blobStep, blobsFor } from '../blobs/store.js';
import type { BlobStore, StagedScan } from '../blobs/store.js';
import { DATA_SCOPE } from '../blobs/keys.js';
import { placeScan, scopeOfFile } from '../blobs/scopes.js';
import type { OperationContext } from '../context.js';
import { followScanPages } from '../records/itemPages.js';
import { blobUses, findScan, scanMaxMb, scanQuery, scanTarget, storedScanName, toScan } from '../records/scans.js';
import { resealScanText } from '../records/scanOcr.js';
import type { ScanTarget } from '../records/scans.js';
import { writeSettings } from '../records/settings.js';
import { staged } from './kit.js';
import type { Handler, HandlersOf } from './kit.js';

const canAssign = (ctx: OperationContext) => roleCan(ctx.user.role, 'scans.write');

function auditTarget(scan: Scan) {
  return scan.fileId
    ? { targetType: 'file', targetId: scan.fileId, targetLabel: scan.itemSeq ? `${scan.archiveNo} #${scan.itemSeq}` : scan.archiveNo }
    : { targetType: 'scan', targetId: scan.id, targetLabel: scan.name };
}

function scanById(ctx: OperationContext, id: string): Scan {
  return toScan(findScan(ctx, id, canAssign(ctx)));
}

/**
 * Attaching scans: the uploads were encrypted and checked as they arrived (db/blobs/store.ts).
 * Inside the one transaction: each document already stored (same address) is used again and
 * its new copy dropped; the others are renamed into place (one folder fsync), then every row
 * and audit entry is written. A failure rolls the rows back and removes the placed files;
 * a cancelled job never reaches this and keeps its uploads for another try.
 */
export const addScans = staged<
  'scans.add',
  undefined,
  { scans: Scan[]; deduplicated: number; itemPages: ScanItemPages[]; drop: StagedScan[]; kept: StagedScan[]; store: BlobStore }
>({
  prepare: async (ctx, input, control) => {
    // Refused at once for a wrong file or item, before anything moves.
    scanTarget(ctx, input);
    const store = blobsFor(ctx);
    for (const id of input.uploadIds) if (!store.peek(id)) throw new DossierError('validation', { detail: 'unknown upload (already used, or the archive was locked since)' });
    // The uploads' background fsyncs end here, outside the transaction (place() would otherwise sync them one by one inside it).
    await store.whenSynced(input.uploadIds);
    control.progress('write', 0, input.uploadIds.length);
    return undefined;
  },
  run: (ctx, input, _prepared, control) => {
    const store = blobsFor(ctx);
    const named = scanTarget(ctx, input);
    const uploads = input.uploadIds.map((id) => store.take(id));
    const targets = uploads.map((staged) => (named.file || !input.route ? named : routed(ctx, staged)));
    const placed: StagedScan[] = [];
    const drop: StagedScan[] = [];
    // Re-encrypted copies in a 机密/绝密 file's scope (the staged data-scope file is then dropped).
    const copies: string[] = [];
    let deduplicated = 0;
    try {
      const at = ctx.now().toISOString();
      // By scope and address: dedupe never crosses scopes.
      const blobFor = new Map<string, string>();
      const plans: { blobId: string; scope: string; insert: { address: string; wrappedKey: string } | null }[] = [];
      uploads.forEach((staged, index) => {
        const scope = scopeOfFile(ctx, targets[index]!.file?.id ?? null);
        let address = staged.address;
        let fresh: { blobId: string; wrappedKey: string } = staged;
        if (scope !== DATA_SCOPE) {
          const copy = store.reencryptSync(store.stagedAccess(staged), scope, store.keySource());
          copies.push(copy.file);
          drop.push(staged);
          address = copy.address;
          fresh = copy;
        }
        const existing = blobFor.get(`${scope} ${address}`) ?? ctx.db.one(sql<{ id: string }>`select id from blobs where key_scope = ${scope} and address = ${address}`)?.id;
        if (existing) {
          deduplicated++;
          if (scope === DATA_SCOPE) drop.push(staged);
          else store.release(copies.pop()!, true);
          plans.push({ blobId: existing, scope, insert: null });
          return;
        }
        if (scope === DATA_SCOPE) {
          store.place(staged, false);
          placed.push(staged);
        }
        blobFor.set(`${scope} ${address}`, fresh.blobId);
        plans.push({ blobId: fresh.blobId, scope, insert: { address, wrappedKey: fresh.wrappedKey } });
      });
      if (placed.length) store.syncDir();
      const scans: Scan[] = [];
      uploads.forEach((staged, index) => {
        control.checkCancelled();
        const target = targets[index]!;
        const plan = plans[index]!;
        const blobId = plan.blobId;
        if (plan.insert) {
          ctx.db.run(
            ctx.db.k.insertInto('blobs').values({
              id: blobId,
              keyScope: plan.scope,
              address: plan.insert.address,
              wrappedKey: plan.insert.wrappedKey,
              size: staged.size,
              kind: staged.kind,
              pageCount: staged.pageCount,
              createdAt: at,
            }),
          );
        }
        const id = randomUUID();
        ctx.db.run(
          ctx.db.k.insertInto('scans').values({
            id,
            blobId,
            fileId: target.file?.id ?? null,
            itemId: target.itemId,
            // Sealed under the file's key in a 机密/绝密 file (migration 0026).
            originalName: storedScanName(ctx, target.file?.id ?? null, staged.name),
            source: input.source,
            createdAt: at,
            createdBy: ctx.user.id,
          }),
        );
        const scan = scanById(ctx, id);
        scans.push(scan);
        ctx.audit({
          action: 'scans.add',
          ...auditTarget(scan),
          details: { scanId: id, name: scan.name, kind: scan.kind, pages: scan.pageCount, size: scan.size, deduplicated: plan.insert === null, inbox: !scan.fileId },
        });
        control.progress('write', index + 1, uploads.length);
      });
      // The item's page count follows its scans, in this transaction.
      const itemPages = followScanPages(
        ctx,
        targets.map((t) => t.itemId),
      );
      for (const file of copies) store.release(file, false);
      return { scans, deduplicated, itemPages, drop, kept: placed, store };
    } catch (err) {
      for (const file of copies) store.release(file, true);
      for (const staged of [...placed, ...drop]) store.discard(staged);
      for (const staged of uploads.filter((u) => !placed.includes(u) && !drop.includes(u))) store.discard(staged);
      throw err;
    }
  },
  finish: async (result) => {
    blobStep('committed');
    for (const staged of result.drop) result.store.discard(staged);
    for (const staged of result.kept) result.store.settle(staged);
    return { scans: result.scans, deduplicated: result.deduplicated, itemPages: result.itemPages };
  },
});

/** Where the hot folder's scan goes: an archive number in its name (the longest), else on a barcode; else the inbox. */
function routed(ctx: OperationContext, staged: StagedScan): ScanTarget {
  const byName = ctx.db.one(
    sql<{ archiveNo: string }>`select archive_no as "archiveNo" from files
      where instr(upper(${staged.name}), upper(archive_no)) > 0 and ${ctx.fileVisible('files.id', 'files.confidentiality')}
      order by length(archive_no) desc limit 1`,
  );
  const candidates = [...(byName ? [byName.archiveNo] : []), ...(staged.barcodes ?? [])];
  for (const archiveNo of candidates) {
    try {
      return scanTarget(ctx, { archiveNo });
    } catch {
      // a barcode that is not an archive number of a visible file
    }
  }
  return { file: null, itemId: null };
}

function ordered(ctx: OperationContext, query: ReturnType<typeof scanQuery>): Scan[] {
  return ctx.db.all(query.orderBy('scans.createdAt').orderBy('scans.id')).map(toScan);
}

export const listScans: Handler<'scans.list'> = (ctx, input) => {
  const { file } = scanTarget(ctx, { fileId: input.fileId, archiveNo: input.archiveNo });
  const scans = ordered(ctx, scanQuery(ctx).where('scans.fileId', '=', file!.id));
  // The file's own scans first, then by item number.
  return scans.sort((a, b) => (a.itemSeq ?? 0) - (b.itemSeq ?? 0));
};

export const inboxScans: Handler<'scans.inbox'> = (ctx) => ordered(ctx, scanQuery(ctx, true).where('scans.fileId', 'is', null));

export const assignScan: Handler<'scans.assign'> = (ctx, input) => {
  const before = scanById(ctx, input.id);
  const target = scanTarget(ctx, input);
  // The name sealed for its new file in the same statement (a 机密/绝密 file refuses a plaintext one).
  ctx.db.run(
    ctx.db.k
      .updateTable('scans')
      .set({ fileId: target.file!.id, itemId: target.itemId, originalName: storedScanName(ctx, target.file!.id, before.name) })
      .where('id', '=', input.id),
  );
  // Its blob goes to the key scope of its new file (re-encrypted into a 机密/绝密 file's own), in this transaction.
  placeScan(ctx, input.id);
  // Its OCR text follows the rule of its new file's content (sealed for 机密/绝密).
  resealScanText(ctx, input.id);
  const after = scanById(ctx, input.id);
  const itemPages = followScanPages(ctx, [before.itemId, after.itemId]);
  ctx.audit({
    action: 'scans.assign',
    ...auditTarget(after),
    details: { scanId: after.id, name: after.name, from: before.archiveNo ? `${before.archiveNo}${before.itemSeq ? ` #${before.itemSeq}` : ''}` : 'inbox', itemSeq: after.itemSeq },
  });
  return { ...after, itemPages };
};

/** The row goes in the transaction; the blob's file (useless without its key, which went with the row) after it. */
export const removeScan = staged<'scans.remove', undefined, { id: string; destroyed: string | null; itemPages: ScanItemPages[]; db: OperationContext['db'] }>({
  run: (ctx, input) => {
    const scan = findScan(ctx, input.id, canAssign(ctx));
    const shown = toScan(scan);
    ctx.db.run(ctx.db.k.deleteFrom('scans').where('id', '=', input.id));
    let destroyed: string | null = null;
    if (blobUses(ctx, scan.blobId) === 0) {
      ctx.db.run(ctx.db.k.deleteFrom('blobs').where('id', '=', scan.blobId));
      destroyed = scan.blobId;
    }
    ctx.audit({ action: 'scans.remove', ...auditTarget(shown), details: { scanId: shown.id, name: shown.name, reason: input.reason ?? '', destroyedBlob: destroyed !== null } });
    const itemPages = followScanPages(ctx, [shown.itemId]);
    return { id: input.id, destroyed, itemPages, db: ctx.db };
  },
  finish: async (result) => {
    if (result.destroyed) blobsFor({ db: result.db }).destroy(result.destroyed);
    return { id: result.id, destroyedBlob: result.destroyed !== null, itemPages: result.itemPages };
  },
});

function content(ctx: OperationContext, scan: Scan) {
  const token = blobsFor(ctx).grant(scan.id);
  return { scan, url: `/api/scans/${token}`, size: scan.size, mimeType: SCAN_MIME_TYPES[scan.kind], fileName: scan.name };
}

export const openScan: Handler<'scans.open'> = (ctx, input) => content(ctx, scanById(ctx, input.id));

export const exportScan: Handler<'scans.export'> = (ctx, input) => {
  const scan = scanById(ctx, input.id);
  ctx.audit({ action: 'scans.export', ...auditTarget(scan), details: { scanId: scan.id, name: scan.name, size: scan.size, confidentiality: scan.confidentiality ?? '' } });
  return content(ctx, scan);
};

type Checked = { report: Omit<ScanVerifyReport, 'removedOrphans'>; orphans: string[] };

/** Re-reads every blob outside the transaction (progress by blob, cancel between blobs); the report is audited. */
export const verifyScans = staged<'scans.verify', Checked, Checked & { db: OperationContext['db']; dryRun: boolean }>({
  prepare: async (ctx, _input, control) => {
    const store = blobsFor(ctx);
    // A blob shredded with its file's key (wrapped key erased) is unreadable on purpose: not checked.
    const rows = ctx.db.all(ctx.db.k.selectFrom('blobs').selectAll().where('wrappedKey', '!=', '').orderBy('createdAt'));
    const orphans = store.orphans(true);
    control.progress('check', 0, rows.length);
    const problems: ScanVerifyReport['problems'] = [];
    let ok = 0;
    let bytes = 0;
    for (const [index, row] of rows.entries()) {
      control.checkCancelled();
      const result = await store.check(store.access(row), row.address, row.keyScope);
      if (result === 'ok') ok++;
      else problems.push({ blobId: row.id, problem: result, scans: usesOf(ctx, row.id) });
      bytes += row.size;
      control.progress('check', index + 1, rows.length);
    }
    for (const id of orphans) problems.push({ blobId: id, problem: 'orphaned', scans: [] });
    return { report: { blobs: rows.length, ok, bytes, problems }, orphans };
  },
  run: (ctx, input, checked) => {
    const counts = { missing: 0, corrupt: 0, orphaned: 0 };
    for (const p of checked.report.problems) counts[p.problem]++;
    ctx.audit({
      action: 'scans.verify',
      targetType: 'archive',
      targetId: null,
      targetLabel: null,
      details: { blobs: checked.report.blobs, ok: checked.report.ok, ...counts, dryRun: input.dryRun },
    });
    return { ...checked, db: ctx.db, dryRun: input.dryRun };
  },
  finish: async (result) => ({ ...result.report, removedOrphans: result.dryRun ? 0 : blobsFor({ db: result.db }).removeOrphans(result.orphans) }),
});

/** The scans using a blob, named by file and item as far as the user may see them. */
function usesOf(ctx: OperationContext, blobId: string): ScanVerifyReport['problems'][number]['scans'] {
  const rows = ctx.db.all(
    ctx.db.k
      .selectFrom('scans')
      .leftJoin('files', 'files.id', 'scans.fileId')
      .select([
        'scans.id',
        'scans.originalName',
        sql<string | null>`case when files.id is not null and ${ctx.fileVisible('files.id', 'files.confidentiality')} then files.archive_no end`.as('archiveNo'),
        sql<number | null>`(select c.seq from file_items o join file_items c on c.origin_id = o.origin_id and c.superseded_by_id is null where o.id = scans.item_id)`.as('itemSeq'),
      ])
      .where('scans.blobId', '=', blobId),
  );
  return rows.map((r) => ({ id: r.id, name: r.originalName, archiveNo: r.archiveNo, itemSeq: r.itemSeq }));
}

export const scanLimits: Handler<'scans.limits'> = (ctx) => ({ maxMb: scanMaxMb(ctx) });

export const setScanLimits: Handler<'scans.setLimits'> = (ctx, input) => {
  const before = scanMaxMb(ctx);
  writeSettings(ctx.db, { scanMaxMb: input.maxMb } as never);
  ctx.audit({ action: 'scans.setLimits', targetType: 'archive', targetId: null, targetLabel: null, details: { from: before, to: input.maxMb } });
  return { maxMb: input.maxMb };
};

/** The handlers of the `scans.*` operations. */
export const scansHandlers = {
  'scans.add': addScans,
  'scans.list': listScans,
  'scans.inbox': inboxScans,
  'scans.assign': assignScan,
  'scans.remove': removeScan,
  'scans.open': openScan,
  'scans.export': exportScan,
  'scans.verify': verifyScans,
  'scans.limits': scanLimits,
  'scans.setLimits': setScanLimits,
} satisfies HandlersOf<typeof scansOps>;
