/**
 * The archive header (`archive.json`): the only unencrypted file of an archive. It holds
 * the format version, the key slots, the authority's public keys and the recovery
 * envelope, nothing about clients. Written atomically.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DossierError } from '../shared/errors.js';
import { AnySlot, SealedKey } from './keys.js';

export const HEADER_FILE = 'archive.json';
export const DATABASE_FILE = 'archive.db';
export const BLOB_DIR = 'blobs';
/** 1: data key wrapped per user; 2: user key pairs, sealed keys, signed authority, recovery. */
export const FORMAT_VERSION = 2;
/** Written beside the header during a rekey; see db/rekey.ts. */
export const PENDING_HEADER_FILE = 'archive.json.next';

const b64 = z.string().min(8).max(512);

/**
 * The authority's Ed25519 public keys, oldest first: each later key is signed by the one
 * before it (a rekey rotates the key), so an envelope pinned to an older key still leads
 * to the current one and to no other.
 */
export const AuthorityKeys = z.object({
  keys: z
    .array(z.object({ publicKey: b64, signature: b64.optional() }))
    .min(1)
    .max(1000),
});
export type AuthorityKeys = z.infer<typeof AuthorityKeys>;

/** The data and authority keys sealed to the recovery key's derived X25519 public key. */
export const RecoveryEnvelope = z.object({ encryptionKey: b64, sealed: z.record(z.string(), SealedKey) });
export type RecoveryEnvelope = z.infer<typeof RecoveryEnvelope>;

export const ArchiveHeader = z
  .object({
    format: z.literal('dossier-archive'),
    formatVersion: z.number().int().min(1),
    archiveId: z.string().min(1),
    createdAt: z.string(),
    cipher: z.literal('sqlcipher'),
    authority: AuthorityKeys.optional(),
    recovery: RecoveryEnvelope.optional(),
    slots: z.array(AnySlot).max(10000),
  })
  .refine((h) => h.formatVersion < 2 || h.authority !== undefined, { message: 'authority' });
export type ArchiveHeader = z.infer<typeof ArchiveHeader>;

export function headerPath(dir: string): string {
  return path.join(dir, HEADER_FILE);
}

export function readHeader(dir: string, file = HEADER_FILE): ArchiveHeader {
  let text: string;
  try {
    text = readFileSync(path.join(dir, file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DossierError('archive.missing', { dir });
    throw new DossierError('archive.corrupt', { detail: (err as Error).message });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DossierError('archive.corrupt', { detail: HEADER_FILE });
  }
  const version = (json as { formatVersion?: unknown })?.formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new DossierError('archive.unsupportedVersion', { version });
  }
  const parsed = ArchiveHeader.safeParse(json);
  if (!parsed.success) throw new DossierError('archive.corrupt', { detail: HEADER_FILE });
  return parsed.data;
}

/** Write to a temporary file, fsync, rename, fsync the folder: a crash leaves the old or the new header, never half. */
export function writeHeader(dir: string, header: ArchiveHeader, file = HEADER_FILE): void {
  const target = path.join(dir, file);
  const temp = `${target}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(header, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
  syncFolder(dir);
}

/** The header a rekey wrote before changing the database's key, if one was interrupted. */
export function readPendingHeader(dir: string): ArchiveHeader | null {
  return existsSync(path.join(dir, PENDING_HEADER_FILE)) ? readHeader(dir, PENDING_HEADER_FILE) : null;
}

/** The pending header becomes the header (the database already has its key). */
export function commitPendingHeader(dir: string): void {
  renameSync(path.join(dir, PENDING_HEADER_FILE), headerPath(dir));
  syncFolder(dir);
}

export function discardPendingHeader(dir: string): void {
  rmSync(path.join(dir, PENDING_HEADER_FILE), { force: true });
  syncFolder(dir);
}

function syncFolder(dir: string): void {
  // A rename must survive a power cut: sync the folder's entry too.
  if (process.platform !== 'win32') {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
