/**
 * Uploads: client files (spreadsheets now, scans later) received as byte streams and kept
 * until an operation reads them. They wait in `<archive>/tmp/`, encrypted: AES-256-GCM in
 * 1 MiB chunks under a random key of this upload held only in memory, each chunk's index
 * (and whether it is the last) bound as associated data, so chunks cannot be reordered,
 * dropped or cut off unnoticed. No plaintext of a client file ever touches the disk, and a
 * file left behind by a crash is unreadable noise, removed when the archive next opens.
 *
 * One store per open session (`uploadsFor`); it ends with the session.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DossierError } from '../../shared/errors.js';
import type { ArchiveDb } from '../connection.js';

export const UPLOAD_DIR = 'tmp';
export const CHUNK_BYTES = 1024 * 1024;
const TAG_BYTES = 16;
const HEADER_BYTES = 4;
const UPLOAD_FILE = /^[0-9a-f-]{36}\.upload$/;

export interface Upload {
  id: string;
  /** Only its extension is ever looked at. */
  name: string;
  type: string;
  size: number;
}

export interface ReceiveOptions {
  name: string;
  type?: string;
  /** Past this many bytes the upload is refused (`UploadTooLargeError`) and its file removed. */
  maxBytes: number;
  signal?: AbortSignal;
}

/** The stream was longer than allowed; nothing of it is kept. */
export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`upload larger than ${maxBytes} bytes`);
  }
}

interface Entry extends Upload {
  file: string;
  key: Buffer;
  /** Nonce prefix; the chunk index fills the last 4 bytes. */
  salt: Buffer;
  chunks: number;
}

/** Every upload file of this process: anything else in a tmp/ folder is a crash's leftover (the archive lock keeps other processes out). */
const live = new Set<string>();

function nonce(salt: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(12);
  salt.copy(iv, 0, 0, 8);
  iv.writeUInt32BE(index, 8);
  return iv;
}

function aad(index: number, last: boolean): Buffer {
  const data = Buffer.alloc(5);
  data.writeUInt32BE(index, 0);
  data[4] = last ? 1 : 0;
  return data;
}

export class UploadStore {
  private readonly entries = new Map<string, Entry>();
  private readonly dir: string;
  private closed = false;

  constructor(archiveDir: string) {
    this.dir = path.join(archiveDir, UPLOAD_DIR);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    removeStaleUploads(archiveDir);
  }

  /** Streams `source` into an encrypted file; memory stays at about one chunk whatever the size. */
  async receive(source: AsyncIterable<Uint8Array | string>, options: ReceiveOptions): Promise<Upload> {
    if (this.closed) throw new DossierError('archive.locked');
    const id = randomUUID();
    const entry: Entry = {
      id,
      name: options.name,
      type: options.type ?? '',
      size: 0,
      file: path.join(this.dir, `${id}.upload`),
      key: randomBytes(32),
      salt: randomBytes(8),
      chunks: 0,
    };
    live.add(entry.file);
    let handle: FileHandle | undefined;
    try {
      handle = await open(entry.file, 'wx', 0o600);
      const writer = handle;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const seal = async (plain: Buffer, last: boolean) => {
        const cipher = createCipheriv('aes-256-gcm', entry.key, nonce(entry.salt, entry.chunks));
        cipher.setAAD(aad(entry.chunks, last));
        const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        const header = Buffer.alloc(HEADER_BYTES);
        header.writeUInt32BE(plain.length, 0);
        await writer.write(Buffer.concat([header, body]));
        entry.chunks++;
      };
      for await (const piece of source) {
        if (options.signal?.aborted) throw new DossierError('job.cancelled');
        const bytes = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        entry.size += bytes.length;
        if (entry.size > options.maxBytes) throw new UploadTooLargeError(options.maxBytes);
        pending.push(bytes);
        pendingBytes += bytes.length;
        while (pendingBytes >= CHUNK_BYTES) {
          const all = Buffer.concat(pending);
          await seal(all.subarray(0, CHUNK_BYTES), false);
          const rest = all.subarray(CHUNK_BYTES);
          pending = rest.length ? [Buffer.from(rest)] : [];
          pendingBytes = rest.length;
        }
      }
      // The last chunk is marked as such: a file cut short fails to decrypt.
      await seal(Buffer.concat(pending), true);
      await handle.close();
      handle = undefined;
      if (this.closed) throw new DossierError('archive.locked');
      this.entries.set(id, entry);
      return { id, name: entry.name, type: entry.type, size: entry.size };
    } catch (err) {
      await handle?.close().catch(() => {});
      this.discard(entry);
      throw err;
    }
  }

  get(id: string): Upload {
    const entry = this.entry(id);
    return { id: entry.id, name: entry.name, type: entry.type, size: entry.size };
  }

  /** The plaintext as a stream, chunk by chunk; a tampered or truncated file ends it with an error. */
  stream(id: string): Readable {
    const entry = this.entry(id);
    return Readable.from(this.decrypt(entry));
  }

  /** The whole plaintext, refused before reading anything when it is larger than `maxBytes`. */
  async read(id: string, maxBytes: number): Promise<Buffer> {
    const entry = this.entry(id);
    if (entry.size > maxBytes) throw new UploadTooLargeError(maxBytes);
    const out = Buffer.allocUnsafe(entry.size);
    let at = 0;
    for await (const chunk of this.decrypt(entry)) {
      chunk.copy(out, at);
      at += chunk.length;
    }
    return out;
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.discard(entry);
  }

  /** Removes every upload of the session. */
  close(): void {
    this.closed = true;
    for (const entry of [...this.entries.values()]) this.discard(entry);
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new DossierError('validation', { detail: 'unknown upload (already used, or the archive was locked since)' });
    return entry;
  }

  private async *decrypt(entry: Entry): AsyncGenerator<Buffer> {
    const handle = await open(entry.file, 'r');
    try {
      let position = 0;
      for (let index = 0; index < entry.chunks; index++) {
        const header = Buffer.alloc(HEADER_BYTES);
        await readExactly(handle, header, position);
        const length = header.readUInt32BE(0);
        if (length > CHUNK_BYTES) throw new DossierError('internal', {}, 'upload file damaged');
        const body = Buffer.alloc(length + TAG_BYTES);
        await readExactly(handle, body, position + HEADER_BYTES);
        position += HEADER_BYTES + body.length;
        const decipher = createDecipheriv('aes-256-gcm', entry.key, nonce(entry.salt, index));
        decipher.setAAD(aad(index, index === entry.chunks - 1));
        decipher.setAuthTag(body.subarray(length));
        try {
          yield Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
        } catch {
          throw new DossierError('internal', {}, 'upload file damaged');
        }
      }
    } finally {
      await handle.close();
    }
  }

  private discard(entry: Entry): void {
    this.entries.delete(entry.id);
    entry.key.fill(0);
    live.delete(entry.file);
    rmSync(entry.file, { force: true });
  }
}

async function readExactly(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  const { bytesRead } = await handle.read(into, 0, into.length, position);
  if (bytesRead !== into.length) throw new DossierError('internal', {}, 'upload file damaged');
}

/** Upload files no store of this process knows: left by a process that ended without closing. */
export function removeStaleUploads(archiveDir: string): void {
  const dir = path.join(archiveDir, UPLOAD_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    if (UPLOAD_FILE.test(name) && !live.has(file)) rmSync(file, { force: true });
  }
}

const stores = new WeakMap<ArchiveDb, UploadStore>();

/**
 * The upload store of the session holding `db` (what an operation's context carries),
 * created on first use when `archiveDir` is given. Closing the session's store is its
 * owner's part (the archive host, the command line).
 */
export function uploadsFor(session: { db: ArchiveDb; dir: string }): UploadStore;
export function uploadsFor(session: { db: ArchiveDb }): UploadStore | undefined;
export function uploadsFor(session: { db: ArchiveDb; dir?: string }): UploadStore | undefined {
  let store = stores.get(session.db);
  if (!store && session.dir !== undefined) {
    store = new UploadStore(session.dir);
    stores.set(session.db, store);
  }
  return store;
}

/** Ends the session's uploads, if it had any. */
export function closeUploads(session: { db: ArchiveDb }): void {
  stores.get(session.db)?.close();
  stores.delete(session.db);
}

/** The upload an operation consumes, if any: an import that writes reads its file once (a dry run leaves it for the run). */
export function consumedUpload(operation: string, input: unknown): string | undefined {
  const record = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  const body = operation === 'jobs.start' && record(input).operation === 'import.run' ? record(record(input).input) : operation === 'import.run' ? record(input) : {};
  return typeof body.uploadId === 'string' ? body.uploadId : undefined;
}

/**
 * Runs a transport's call and removes the upload it consumed once the work has ended
 * (for a job: once the job has settled, whatever its end).
 */
export async function invokeConsuming(
  target: { invoke(operation: string, input: unknown): Promise<unknown>; current: { db: ArchiveDb; jobs: { settled(id: string): Promise<unknown> } } | null },
  operation: string,
  input: unknown,
): Promise<unknown> {
  const uploadId = consumedUpload(operation, input);
  const session = target.current;
  if (uploadId === undefined || !session) return target.invoke(operation, input);
  const release = () => uploadsFor(session)?.remove(uploadId);
  let value: unknown;
  try {
    value = await target.invoke(operation, input);
  } catch (err) {
    release();
    throw err;
  }
  if (operation === 'jobs.start') void session.jobs.settled((value as { id: string }).id).finally(release);
  else release();
  return value;
}
