/**
 * The archive header (`archive.json`): the only unencrypted file of an archive. It holds
 * the format version and the key slots, nothing about clients. Written atomically.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DossierError } from '../shared/errors.js';
import { KeySlot } from './keys.js';

export const HEADER_FILE = 'archive.json';
export const DATABASE_FILE = 'archive.db';
export const BLOB_DIR = 'blobs';
export const FORMAT_VERSION = 1;

export const ArchiveHeader = z.object({
  format: z.literal('dossier-archive'),
  formatVersion: z.number().int().min(1),
  archiveId: z.string().min(1),
  createdAt: z.string(),
  cipher: z.literal('sqlcipher'),
  slots: z.array(KeySlot),
});
export type ArchiveHeader = z.infer<typeof ArchiveHeader>;

export function headerPath(dir: string): string {
  return path.join(dir, HEADER_FILE);
}

export function readHeader(dir: string): ArchiveHeader {
  let text: string;
  try {
    text = readFileSync(headerPath(dir), 'utf8');
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
export function writeHeader(dir: string, header: ArchiveHeader): void {
  const target = headerPath(dir);
  const temp = `${target}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(header, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
  // The rename itself must survive a power cut: sync the folder's entry too.
  if (process.platform !== 'win32') {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
