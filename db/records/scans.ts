/** Scans and their blobs: queries limited by need-to-know, and the row mapper. */
import { sql } from 'kysely';
import type { InferResult } from 'kysely';
import { DEFAULT_SCAN_MAX_MB, SCAN_MIME_TYPES } from '../../shared/domain/scans.js';
import { DossierError } from '../../shared/errors.js';
import type { Scan } from '../../shared/ops/scans.js';
import type { ArchiveDb } from '../connection.js';
import type { OperationContext } from '../context.js';
import { isSealedLevel, onFileKeyChange, SEALED_LEVELS, sealText } from '../levelKeys.js';
import { isToken } from '../sealed.js';
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

// ---- the scan's name, sealed like its file's title (migration 0026) ----

/**
 * A scan's name as stored: sealed under the file's key when the file is 机密/绝密 (the uploaded
 * file's name often carries a client's name or a contract title), as given otherwise and in the
 * inbox. Rows read through ArchiveDb open it again for whoever holds the key.
 */
export function storedScanName(ctx: { db: ArchiveDb }, fileId: string | null, name: string): string {
  return fileId ? sealText(ctx.db, fileId, name) : name;
}

/** The name as stored, opened with this connection's keys; throws when it cannot be (never rewritten as ''). */
function openedName(db: ArchiveDb, stored: string): string {
  const name = db.content.open(stored, true);
  if (name === null) throw new DossierError('file.keyUnavailable');
  return name;
}

/** The names of a file's scans sealed again for the file as it is now (sealed, resealed under a new key, or opened). */
export function resealScanNames(ctx: { db: ArchiveDb }, fileId: string): void {
  const rows = ctx.db.sqlite.prepare('select id, original_name as name from scans where file_id = ?').all(fileId) as { id: string; name: string }[];
  const update = ctx.db.sqlite.prepare('update scans set original_name = ? where id = ?');
  for (const row of rows) update.run(storedScanName(ctx, fileId, openedName(ctx.db, row.name)), row.id);
}

// A file raised to 机密/绝密, moved between them, or lowered: its scans' names follow (in the level change's transaction).
onFileKeyChange((ctx, fileId, change) => {
  const level = ctx.db.one(sql<{ confidentiality: string }>`select confidentiality from files where id = ${fileId}`)?.confidentiality;
  // destroyFileKey (the file stays sealed, its keys go): the names go with them, nothing to rewrite.
  if (!change.next && isSealedLevel(level)) return;
  resealScanNames(ctx, fileId);
});

/**
 * At unlock: scans of 机密/绝密 files whose name or page text is still plaintext (stored before
 * migration 0026, or by an archive's first level keys, which seal files without telling the
 * scans) are sealed, for the files whose key this session holds, in one transaction. Returns
 * how many scans were sealed.
 */
export function sealStrayScans(db: ArchiveDb): number {
  const ready = db.one(sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name in ('scans', 'scan_pages', 'file_keys')`)?.n === 3;
  if (!ready || db.content.levelKeys().size === 0) return 0;
  const plain = (column: string) => `${column} <> '' and substr(${column}, 1, 6) <> char(2) || 'dsk1.'`;
  const stray = db.sqlite
    .prepare(
      `select s.id, s.file_id as fileId, s.original_name as name from scans s join files f on f.id = s.file_id
       where f.confidentiality in (${SEALED_LEVELS.map((l) => `'${l}'`).join(', ')})
         and (${plain('s.original_name')} or exists (select 1 from scan_pages p where p.scan_id = s.id and (${plain('p.text')} or ${plain('p.lines')})))
       order by s.id`,
    )
    .all() as { id: string; fileId: string; name: string }[];
  let sealed = 0;
  db.transaction(() => {
    const pages = db.sqlite.prepare('select page_no as pageNo, text, lines from scan_pages where scan_id = ?');
    const putPage = db.sqlite.prepare('update scan_pages set text = ?, lines = ? where scan_id = ? and page_no = ?');
    const putName = db.sqlite.prepare('update scans set original_name = ? where id = ?');
    for (const scan of stray) {
      try {
        if (!db.content.current(scan.fileId)) continue;
      } catch {
        continue; // a file this session holds no key for
      }
      const seal = (v: string) => (v === '' || isToken(v) ? v : sealText(db, scan.fileId, v));
      for (const p of pages.all(scan.id) as { pageNo: number; text: string; lines: string }[]) putPage.run(seal(p.text), seal(p.lines), scan.id, p.pageNo);
      // Last: its search row is derived again from the sealed name and pages (nothing of them stays in the main index).
      putName.run(isToken(scan.name) ? scan.name : sealText(db, scan.fileId, scan.name), scan.id);
      db.sqlite.prepare('update scan_ocr set finished_at = finished_at where scan_id = ?').run(scan.id);
      sealed++;
    }
  });
  return sealed;
}
