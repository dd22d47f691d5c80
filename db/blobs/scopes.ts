/**
 * Which key scope a scan's blob is in, and moving it (issue 8 finding 2, issue 13): a scan of a
 * 机密/绝密 file is in the scope `file:<id>` (its blob key wrapped under a key derived from the
 * file's content key, its address keyed by that scope's own secret), every other scan in the
 * `data` scope. A move re-encrypts the blob under a fresh key (a data-key holder may have
 * unwrapped the old one) in the transaction that changes the file or the scan; a blob still
 * used by scans in its old scope stays there for them (a document in a 普通 and a 机密 file is
 * stored once in each scope). Within a scope the same document is stored once.
 */
import { sql } from 'kysely';
import type { ArchiveDb } from '../connection.js';
import type { OperationContext } from '../context.js';
import { flushSealedIndex, isSealedLevel, onFileKeyChange, SEALED_LEVELS } from '../levelKeys.js';
import type { FileKeyChange } from '../levelKeys.js';
import { DATA_SCOPE, addressSecret, blobKek, fileOfScope, fileScope, unwrapKey, withFileKey, wrapKey } from './keys.js';
import type { BlobKeySource } from './keys.js';
import { sealStrayScans } from '../records/scans.js';
import { blobsFor } from './store.js';

interface BlobRow {
  id: string;
  keyScope: string;
  wrappedKey: string;
  size: number;
  kind: 'pdf' | 'jpeg' | 'png' | 'tiff';
  pageCount: number;
  createdAt: string;
}

/** The scope new scans of the file go to: its own for a 机密/绝密 file, else the data scope. */
export function scopeOfFile(ctx: { db: ArchiveDb }, fileId: string | null): string {
  return fileId !== null && ctx.db.content.current(fileId) ? fileScope(fileId) : DATA_SCOPE;
}

function blobRow(ctx: { db: ArchiveDb }, blobId: string): BlobRow {
  return ctx.db.one(ctx.db.k.selectFrom('blobs').select(['id', 'keyScope', 'wrappedKey', 'size', 'kind', 'pageCount', 'createdAt']).where('id', '=', blobId))! as BlobRow;
}

/**
 * Moves the scans `scanIds` (all using `blob`) into `toScope`: the blob re-encrypted there (or
 * the copy already stored there used), the scans pointed at it, the old row deleted once no
 * scan uses it (its file, whose key went with the row, is swept as an orphan).
 */
export function moveScans(ctx: { db: ArchiveDb }, blob: BlobRow, scanIds: readonly string[], toScope: string, from: BlobKeySource, to: BlobKeySource): string {
  const store = blobsFor(ctx);
  const copy = store.reencryptSync(store.access(blob, from), toScope, to);
  const existing = ctx.db.one(sql<{ id: string }>`select id from blobs where key_scope = ${toScope} and address = ${copy.address}`)?.id;
  let target = copy.blobId;
  if (existing) {
    store.release(copy.file, true);
    target = existing;
  } else {
    ctx.db.run(
      ctx.db.k.insertInto('blobs').values({
        id: copy.blobId,
        keyScope: toScope,
        address: copy.address,
        wrappedKey: copy.wrappedKey,
        size: blob.size,
        kind: blob.kind,
        pageCount: blob.pageCount,
        createdAt: blob.createdAt,
      }),
    );
    store.release(copy.file, false);
  }
  ctx.db.run(
    ctx.db.k
      .updateTable('scans')
      .set({ blobId: target })
      .where('id', 'in', [...scanIds]),
  );
  if ((ctx.db.one(sql<{ n: number }>`select count(*) as n from scans where blob_id = ${blob.id}`)?.n ?? 0) === 0) {
    ctx.db.run(ctx.db.k.deleteFrom('blobs').where('id', '=', blob.id));
  }
  return target;
}

/** Puts one scan into the scope its file asks for (an assignment, in its transaction). */
export function placeScan(ctx: OperationContext, scanId: string): void {
  const scan = ctx.db.one(ctx.db.k.selectFrom('scans').select(['blobId', 'fileId']).where('id', '=', scanId));
  if (!scan) return;
  const blob = blobRow(ctx, scan.blobId);
  const toScope = scopeOfFile(ctx, scan.fileId);
  if (blob.keyScope === toScope) return;
  const source = blobsFor(ctx).keySource();
  moveScans(ctx, blob, [scanId], toScope, source, source);
}

/** The blobs used by a file's scans, with those scans' ids. */
function blobsOfFile(ctx: OperationContext, fileId: string): { blob: BlobRow; scanIds: string[] }[] {
  const rows = ctx.db.all(sql<{ id: string; blobId: string }>`select id, blob_id as "blobId" from scans where file_id = ${fileId} order by id`);
  const byBlob = new Map<string, string[]>();
  for (const r of rows) byBlob.set(r.blobId, [...(byBlob.get(r.blobId) ?? []), r.id]);
  return [...byBlob].map(([blobId, scanIds]) => ({ blob: blobRow(ctx, blobId), scanIds }));
}

/**
 * A file's key changed (db/levelKeys.ts, inside the level change's transaction): raised from
 * 普通/内部, its scans move from the data scope into its own; 机密↔绝密 (a new key), its scope's
 * blob keys and secret are rewrapped under the new key; lowered, its scans move back to the data
 * scope; its key destroyed, its blobs' wrapped keys and scope secret are erased (shredded).
 */
export function fileKeyChanged(ctx: OperationContext, fileId: string, change: FileKeyChange): void {
  if (ctx.db.one(sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'blobs'`)?.n !== 1) return;
  const store = blobsFor(ctx);
  const base = store.keySource();
  const scope = fileScope(fileId);
  const from = withFileKey(base, fileId, change.old);
  const to = withFileKey(base, fileId, change.next);
  const level = ctx.db.one(sql<{ confidentiality: string }>`select confidentiality from files where id = ${fileId}`)?.confidentiality ?? '';
  if (!change.next && isSealedLevel(level)) {
    // destroyFileKey: the file stays sealed and nobody will hold its key again.
    ctx.db.run(sql`update blobs set wrapped_key = '' where key_scope = ${scope}`);
    ctx.db.run(sql`delete from blob_secrets where scope = ${scope}`);
    return;
  }
  const toScope = change.next ? scope : DATA_SCOPE;
  if (change.next && change.old) {
    // The same scope under a new key: rewrap (an address keeps its meaning).
    const secret = addressSecret(ctx.db, from, scope, false);
    if (secret) {
      const kek = blobKek(to, scope);
      ctx.db.run(sql`update blob_secrets set wrapped = ${wrapKey(kek, store.archiveId, scope, 'address', secret)} where scope = ${scope}`);
      kek.fill(0);
      secret.fill(0);
    }
  }
  for (const { blob, scanIds } of blobsOfFile(ctx, fileId)) {
    if (blob.keyScope === toScope && blob.keyScope === scope && change.old && change.next) {
      const oldKek = blobKek(from, scope);
      const newKek = blobKek(to, scope);
      const key = unwrapKey(oldKek, store.archiveId, scope, blob.id, blob.wrappedKey);
      ctx.db.run(sql`update blobs set wrapped_key = ${wrapKey(newKek, store.archiveId, scope, blob.id, key)} where id = ${blob.id}`);
      key.fill(0);
      oldKek.fill(0);
      newKek.fill(0);
      continue;
    }
    if (blob.keyScope === toScope) continue;
    // A blob of another scope (data, or another file's: a scan assigned from there) moves in.
    const fromSource = fileOfScope(blob.keyScope) === fileId ? from : base;
    moveScans(ctx, blob, scanIds, toScope, fromSource, to);
  }
  if (!change.next) ctx.db.run(sql`delete from blob_secrets where scope = ${scope}`);
}

onFileKeyChange(fileKeyChanged);

/**
 * At unlock: scans of 机密/绝密 files still outside their file's scope (stored before scans
 * followed level keys, or sealed by an archive's first level keys) move into it, for the files
 * whose key this session holds, in one transaction. A failure (a damaged blob) leaves them for
 * the next unlock; verify reports the damage. First, names and page text still in plaintext
 * are sealed (`sealStrayScans`).
 */
export function moveStrayScans(db: ArchiveDb): number {
  // Their names and page text first (stored before migration 0026): sealed, and the level index told at once.
  try {
    if (sealStrayScans(db) > 0) flushSealedIndex(db);
  } catch {
    // Left for the next unlock (another writer holds the archive); the rest still runs.
  }
  const hasTables = db.one(sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name in ('blobs', 'file_keys')`)?.n === 2;
  if (!hasTables || db.content.levelKeys().size === 0) return 0;
  const stray = db.all(
    sql<{ id: string; fileId: string; blobId: string }>`select s.id, s.file_id as "fileId", s.blob_id as "blobId" from scans s
      join files f on f.id = s.file_id join blobs b on b.id = s.blob_id
      where f.confidentiality in (${sql.join([...SEALED_LEVELS])}) and b.key_scope <> 'file:' || f.id order by s.id`,
  );
  let moved = 0;
  try {
    db.transaction(() => {
      const ctx = { db };
      const source = blobsFor(ctx).keySource();
      for (const scan of stray) {
        let scope: string;
        try {
          scope = scopeOfFile(ctx, scan.fileId);
        } catch {
          continue; // a file this session holds no key for
        }
        if (scope === DATA_SCOPE) continue;
        const blob = blobRow(ctx, scan.blobId);
        if (blob.keyScope === scope) continue;
        moveScans(ctx, blob, [scan.id], scope, source, source);
        moved++;
      }
    });
  } catch {
    return 0;
  }
  return moved;
}
