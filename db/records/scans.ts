/** Scans and their blobs: queries limited by need-to-know, and the row mapper. */
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { DEFAULT_SCAN_MAX_MB, SCAN_MIME_TYPES } from '../../shared/domain/scans.js';
import { DossierError } from '../../shared/errors.js';
import type { Scan } from '../../shared/ops/scans.js';
import type { OperationContext } from '../context.js';
import { findFile } from './files.js';
import type { FileRow } from './files.js';

/**
 * Scans with their blob, file and current item; a scan of a file above the user's clearance
 * (and not granted) does not exist for them. Inbox scans (no file) are included only when
 * `inbox` is asked for (their viewers need scans.write, checked by the operation).
 */
export function scanQuery(ctx: OperationContext, inbox = false) {
  return ctx.db.k
    .selectFrom('scans')
    .innerJoin('blobs', 'blobs.id', 'scans.blobId')
    .innerJoin('users', 'users.id', 'scans.createdBy')
    .leftJoin('files', 'files.id', 'scans.fileId')
    .select([
      'scans.id',
      'scans.fileId',
      'scans.itemId',
      'scans.originalName',
      'scans.source',
      'scans.createdAt',
      'users.username as createdBy',
      'files.archiveNo',
      'files.confidentiality',
      'blobs.id as blobId',
      'blobs.kind',
      'blobs.size',
      'blobs.pageCount',
      'blobs.keyScope',
      'blobs.wrappedKey',
      'blobs.address',
      // The item's current version (a correction supersedes the row the scan was attached to).
      sql<string | null>`(select c.id from file_items o join file_items c on c.origin_id = o.origin_id and c.superseded_by_id is null where o.id = scans.item_id)`.as(
        'currentItemId',
      ),
      sql<number | null>`(select c.seq from file_items o join file_items c on c.origin_id = o.origin_id and c.superseded_by_id is null where o.id = scans.item_id)`.as('itemSeq'),
    ])
    .where((eb) =>
      inbox
        ? eb.or([eb('scans.fileId', 'is', null), ctx.fileVisible('files.id', 'files.confidentiality')])
        : eb.and([eb('scans.fileId', 'is not', null), ctx.fileVisible('files.id', 'files.confidentiality')]),
    );
}

export type ScanRow = InferResult<ReturnType<typeof scanQuery>>[number];

export function toScan(row: ScanRow): Scan {
  return {
    id: row.id,
    fileId: row.fileId,
    archiveNo: row.archiveNo ?? null,
    confidentiality: row.confidentiality ?? null,
    itemId: row.currentItemId ?? row.itemId,
    itemSeq: row.itemSeq ?? null,
    name: row.originalName,
    kind: row.kind,
    mimeType: SCAN_MIME_TYPES[row.kind],
    pageCount: row.pageCount,
    size: row.size,
    source: row.source,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

/** A scan the user may see (inbox scans only for those who may assign them). */
export function findScan(ctx: OperationContext, id: string, inbox: boolean): ScanRow {
  const row = ctx.db.one(scanQuery(ctx, inbox).where('scans.id', '=', id));
  if (!row) throw new DossierError('scans.notFound');
  return row;
}

export interface ScanTarget {
  file: FileRow | null;
  /** The item row id (its current version). */
  itemId: string | null;
}

/** The file (by id or archive number) and item (by id or 序号) an input names. */
export function scanTarget(
  ctx: OperationContext,
  input: { fileId?: string | undefined; archiveNo?: string | undefined; itemId?: string | undefined; itemSeq?: number | undefined },
): ScanTarget {
  let file: FileRow | null = null;
  if (input.archiveNo !== undefined) file = findFile(ctx, input.archiveNo);
  else if (input.fileId !== undefined) {
    const row = ctx.db.one(ctx.db.k.selectFrom('files').select('archiveNo').where('id', '=', input.fileId).where(ctx.fileVisible('files.id', 'files.confidentiality')));
    if (!row) throw new DossierError('file.notFound', { archiveNo: input.fileId });
    file = findFile(ctx, row.archiveNo);
  }
  if (!file) return { file: null, itemId: null };
  if (input.itemId === undefined && input.itemSeq === undefined) return { file, itemId: null };
  const item = ctx.db.one(
    ctx.db.k
      .selectFrom('file_items')
      .select(['id'])
      .where('fileId', '=', file.id)
      .where('supersededById', 'is', null)
      .where((eb) => (input.itemId !== undefined ? eb('id', '=', input.itemId) : eb('seq', '=', input.itemSeq!))),
  );
  if (!item) throw new DossierError('scans.itemNotInFile');
  return { file, itemId: item.id };
}

/** The largest scan accepted, in bytes (`scanMaxMb` in the settings table; administrators change it). */
export function scanMaxMb(ctx: { db: OperationContext['db'] }): number {
  const row = ctx.db.one(sql<{ value: string }>`select value from settings where key = 'scanMaxMb'`);
  const value = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_SCAN_MAX_MB;
}

/** How many scans use a blob. */
export function blobUses(ctx: OperationContext, blobId: string): number {
  return ctx.db.one(sql<{ n: number }>`select count(*) as n from scans where blob_id = ${blobId}`)?.n ?? 0;
}
