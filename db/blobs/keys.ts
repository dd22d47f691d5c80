/**
 * Keys of the blob store. Each blob has its own random 256-bit key, stored in its `blobs`
 * row wrapped (AES-256-GCM) under a key-encryption key of the blob's key scope; deleting the
 * row (and the file) destroys the blob irrecoverably. The address of a blob is HMAC-SHA-256
 * of its plaintext under a random secret of the scope, itself stored wrapped (`blob_secrets`),
 * so identical uploads find each other while the address says nothing about the content.
 *
 * `blobKek` is the ONE place a scope's key-encryption key comes from: the `data` scope's is
 * derived from the data key; a 机密/绝密 file's scans are in the scope `file:<id>`, whose key
 * is derived from that file's content key (level keys, db/levelKeys.ts), so the data key alone
 * opens none of them and destroying the file key shreds them (db/blobs/scopes.ts moves blobs
 * between scopes). A rekey rewraps the data scope's blob keys and secret (`rewrapBlobKeys`);
 * file scopes do not depend on the data key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { DossierError } from '../../shared/errors.js';
import type { ArchiveDb } from '../connection.js';

/** The scope every blob has until level keys exist: readable with the data key. */
export const DATA_SCOPE = 'data';

export interface BlobKeySource {
  archiveId: string;
  dataKey: Buffer;
  /** The content key of a sealed file as this session holds it (`ctx.fileKey`); null when the file is not sealed. */
  fileKey?: (fileId: string) => Buffer | null;
}

const FILE_SCOPE = /^file:(.+)$/;

/** The scope of a 机密/绝密 file's scans. */
export function fileScope(fileId: string): string {
  return `file:${fileId}`;
}

/** The file of a `file:<id>` scope, null for the data scope. */
export function fileOfScope(scope: string): string | null {
  return FILE_SCOPE.exec(scope)?.[1] ?? null;
}

/** `source` with one file's key given explicitly (a key change: the old or the next key). */
export function withFileKey(source: BlobKeySource, fileId: string, key: Buffer | null): BlobKeySource {
  return { ...source, fileKey: (id) => (id === fileId ? key : (source.fileKey?.(id) ?? null)) };
}

/** The key-encryption key of a scope (see the module comment: the one place it comes from). */
export function blobKek(source: BlobKeySource, scope: string): Buffer {
  const fileId = fileOfScope(scope);
  if (fileId !== null) {
    // A sealed file's key, or none: a destroyed (or never-held) file key opens nothing.
    const key = source.fileKey?.(fileId) ?? null;
    if (!key) throw new DossierError('file.keyUnavailable');
    return Buffer.from(hkdfSync('sha256', key, Buffer.from(source.archiveId, 'utf8'), `dossier-blob-kek:v1:${scope}`, 32));
  }
  if (scope !== DATA_SCOPE) throw new DossierError('internal', {}, `no key for blob scope ${scope}`);
  return Buffer.from(hkdfSync('sha256', source.dataKey, Buffer.from(source.archiveId, 'utf8'), `dossier-blob-kek:v1:${scope}`, 32));
}

function wrapAad(archiveId: string, scope: string, what: string): Buffer {
  return Buffer.from(`dossier-blob-wrap:v1:${archiveId}:${scope}:${what}`, 'utf8');
}

/** `key` sealed under `kek`, bound to what it is (a blob id, or `address`): base64 of iv ‖ ciphertext ‖ tag. */
export function wrapKey(kek: Buffer, archiveId: string, scope: string, what: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(wrapAad(archiveId, scope, what));
  return Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

export function unwrapKey(kek: Buffer, archiveId: string, scope: string, what: string, wrapped: string): Buffer {
  const raw = Buffer.from(wrapped, 'base64');
  if (raw.length !== 12 + 32 + 16) throw new DossierError('archive.corrupt', { detail: `blob key of ${what}` });
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(wrapAad(archiveId, scope, what));
    decipher.setAuthTag(raw.subarray(44));
    return Buffer.concat([decipher.update(raw.subarray(12, 44)), decipher.final()]);
  } catch {
    throw new DossierError('archive.corrupt', { detail: `blob key of ${what}` });
  }
}

/** The address secret of a scope, made on first use. Call inside a write transaction, or read-only with `create: false`. */
export function addressSecret(db: ArchiveDb, source: BlobKeySource, scope: string, create: boolean): Buffer | null {
  const row = db.one(sql<{ wrapped: string }>`select wrapped from blob_secrets where scope = ${scope}`);
  const kek = blobKek(source, scope);
  try {
    if (row) return unwrapKey(kek, source.archiveId, scope, 'address', row.wrapped);
    if (!create) return null;
    const secret = randomBytes(32);
    db.run(sql`insert into blob_secrets (scope, wrapped) values (${scope}, ${wrapKey(kek, source.archiveId, scope, 'address', secret)})`);
    return secret;
  } finally {
    kek.fill(0);
  }
}

/**
 * A rekey: every blob key and scope secret unwrapped under the old data key and wrapped
 * under the new one, in the caller's transaction on the database copy being rekeyed (so it
 * takes effect exactly when the new key does). The blob files do not change.
 */
export function rewrapBlobKeys(db: ArchiveDb, archiveId: string, oldKey: Buffer, newKey: Buffer): number {
  const tables = db.all(sql<{ name: string }>`select name from sqlite_master where type = 'table' and name in ('blobs', 'blob_secrets')`);
  if (tables.length < 2) return 0;
  const oldSource = { archiveId, dataKey: oldKey };
  const newSource = { archiveId, dataKey: newKey };
  let count = 0;
  // Only the data scope: a file scope's keys are under its file key, which a rekey does not change.
  for (const s of db.all(sql<{ scope: string; wrapped: string }>`select scope, wrapped from blob_secrets where scope = ${DATA_SCOPE}`)) {
    const oldKek = blobKek(oldSource, s.scope);
    const newKek = blobKek(newSource, s.scope);
    const secret = unwrapKey(oldKek, archiveId, s.scope, 'address', s.wrapped);
    db.run(sql`update blob_secrets set wrapped = ${wrapKey(newKek, archiveId, s.scope, 'address', secret)} where scope = ${s.scope}`);
    secret.fill(0);
    oldKek.fill(0);
    newKek.fill(0);
  }
  for (const b of db.all(
    sql<{ id: string; keyScope: string; wrappedKey: string }>`select id, key_scope as "keyScope", wrapped_key as "wrappedKey" from blobs where key_scope = ${DATA_SCOPE}`,
  )) {
    const oldKek = blobKek(oldSource, b.keyScope);
    const newKek = blobKek(newSource, b.keyScope);
    const key = unwrapKey(oldKek, archiveId, b.keyScope, b.id, b.wrappedKey);
    db.run(sql`update blobs set wrapped_key = ${wrapKey(newKek, archiveId, b.keyScope, b.id, key)} where id = ${b.id}`);
    key.fill(0);
    oldKek.fill(0);
    newKek.fill(0);
    count++;
  }
  return count;
}
