/**
 * The encrypted, content-addressed blob store in `<archive>/blobs/` (scans). One store per
 * open session (`blobsFor`), holding the session's blob keys in memory.
 *
 * A write, in the order that keeps a crash harmless:
 *   1. the bytes stream into `blobs/<id>.tmp`, encrypted chunk by chunk under a fresh blob key
 *      (never a plaintext byte on disk, never the OS temp folder), while the keyed hash of the
 *      plaintext (the address) is computed; the type is sniffed from the first bytes. Chunks
 *      are sealed in libuv's thread pool and written at their fixed offsets, a few at a time,
 *      while this thread hashes the next one;
 *   2. the temp file is read back (decrypting, tags checked) to count pages and refuse corrupt,
 *      truncated or encrypted documents: in a worker with pdf.js or sharp, or, for a one-chunk
 *      PDF of plain structure, here (db/blobs/pdfStructure.ts). Its fsync starts meanwhile
 *      and ends in the background while the next scan comes in;
 *   3. (scans.add) if the address is already stored the temp file is dropped (dedupe); else,
 *      its fsync made sure of, it is renamed to `blobs/<id>.blob` and the folder fsynced;
 *   4. the `blobs` and `scans` rows and the audit entries are written in one transaction.
 * A crash before 4 leaves a temp file or a blob no row names: the orphan sweep (at unlock, and
 * `verify`) removes it. A crash after 4 leaves a complete scan. Memory is a few chunks per stream.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { DossierError } from '../../shared/errors.js';
import { scanNameProblem, sniffScanKind, visibleName } from '../../shared/domain/scans.js';
import type { ScanKind } from '../../shared/domain/scans.js';
import type { ArchiveDb } from '../connection.js';
import { BLOB_DIR } from '../header.js';
import { runTask } from '../workers/pool.js';
import { BLOB_CHUNK, BLOB_ID, BlobDamagedError, BlobReader, blobHeader, chunkCount, chunkSealer, HEADER_BYTES, openChunk, SEALED_CHUNK, sealChunk, TAG_BYTES } from './format.js';
import type { BlobAccess, ChunkSealer } from './format.js';
import { addressSecret, blobKek, DATA_SCOPE, unwrapKey, wrapKey } from './keys.js';
import { plainPdfPageCount } from './pdfStructure.js';
import type { BlobKeySource } from './keys.js';

/** Points of a write at which the crash tests stop the process. */
export type BlobStep = 'tempWritten' | 'inspected' | 'fsynced' | 'renamed' | 'dirSynced' | 'committed';
let stepHook: ((step: BlobStep) => void) | null = null;
/** Tests only: called at each step of every blob write in this process. */
export function setBlobStepHook(hook: ((step: BlobStep) => void) | null): void {
  stepHook = hook;
}
export function blobStep(step: BlobStep): void {
  stepHook?.(step);
}

/** A scan's bytes, encrypted in a temp file of blobs/, checked, waiting for `scans.add`. */
export interface StagedScan {
  /** The upload id the client passes to scans.add. */
  id: string;
  name: string;
  blobId: string;
  size: number;
  kind: ScanKind;
  pageCount: number;
  /** HMAC-SHA-256 of the plaintext, hex. */
  address: string;
  /** The blob key wrapped for its row. */
  wrappedKey: string;
  /** Where the bytes are now (the .tmp until placed, then the .blob). */
  file: string;
  placed: boolean;
  /** Barcode texts on the first page, once read (`readBarcodes`): routing by a cover sheet. */
  barcodes?: string[];
}

export interface ReceiveScanOptions {
  name: string;
  maxBytes: number;
  signal?: AbortSignal;
}

/** The bytes ran over the configured limit; nothing of them is kept. */
export class ScanTooLargeError extends DossierError {
  constructor(
    readonly maxBytes: number,
    name: string,
  ) {
    super('scans.tooLarge', { name: visibleName(name), maxMb: Math.floor(maxBytes / 1024 / 1024) });
  }
}

/** Files of blobs/ that this process is writing right now: anything else without a row is an orphan. */
const live = new Set<string>();

const TEMP_FILE = /^([0-9a-f]{32})\.tmp$/;
const BLOB_FILE = /^([0-9a-f]{32})\.blob$/;
/** The end of a document is checked for its end marker (JPEG EOI, PNG IEND, PDF %%EOF) within this many bytes. */
const TAIL_BYTES = 1024;

/** Chunks of one write sealed and written at once, at most (memory: about twice as many MiB; 8 kept the thread pool busier than 4 here, under load). */
const IN_FLIGHT = 8;

/**
 * Chunk buffers of finished writes, wiped, for the next ones: a 1 MiB allocation per scan
 * made the garbage collector run a full collection every few dozen small scans.
 */
const spareBuffers: Buffer[] = [];

function takeChunkBuffer(): Buffer {
  return spareBuffers.pop() ?? Buffer.allocUnsafeSlow(BLOB_CHUNK);
}

function giveChunkBuffer(buffer: Buffer): void {
  buffer.fill(0);
  if (spareBuffers.length < 4) spareBuffers.push(buffer);
}

/**
 * A one-chunk PDF read back here (decrypted, its tag checked) and, when its structure is plain
 * (db/blobs/pdfStructure.ts), counted without the worker's round trip and pdf.js; null leaves
 * the document to the worker, which alone refuses.
 */
function quickPdfCheck(handle: FileHandle, blobId: string, key: Buffer, size: number): { ok: true; pageCount: number } | null {
  const sealed = Buffer.allocUnsafe(size + TAG_BYTES);
  if (readSync(handle.fd, sealed, 0, sealed.length, HEADER_BYTES) !== sealed.length) return null;
  const plain = openChunk(key, blobId, 0, true, sealed);
  if (!plain) return null;
  const pageCount = plainPdfPageCount(plain);
  plain.fill(0);
  return pageCount === null ? null : { ok: true, pageCount };
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** Received scans whose fsync may still be running, at most. */
const MAX_SYNCING = 16;

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class BlobStore {
  readonly dir: string;
  private readonly staged = new Map<string, StagedScan>();
  private closed = false;
  private readonly source: BlobKeySource;

  constructor(
    readonly db: ArchiveDb,
    archiveDir: string,
    archiveId: string,
    dataKey: Buffer,
  ) {
    this.dir = path.join(archiveDir, BLOB_DIR);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // A file scope's key is the file's current content key as this session holds it (clearance or grant).
    this.source = { archiveId, dataKey: Buffer.from(dataKey), fileKey: (fileId) => db.content.current(fileId)?.key ?? null };
  }

  /** Where this session's scope keys come from (db/blobs/scopes.ts overrides one file's key during a key change). */
  keySource(): BlobKeySource {
    return this.source;
  }

  get archiveId(): string {
    return this.source.archiveId;
  }

  /** The address secret of a scope (the data scope's made once, at the first unlock after migration 0024; a file scope's when its first blob moves in). */
  private secret(scope: string): Buffer {
    const existing = addressSecret(this.db, this.source, scope, false);
    if (existing) return existing;
    if (scope !== DATA_SCOPE) throw new DossierError('file.keyUnavailable');
    return this.db.transaction(() => addressSecret(this.db, this.source, DATA_SCOPE, true)!);
  }

  /** The keyed hash of `plain` as an address in `scope` (for tests and the hot folder's check). */
  hasher(scope: string = DATA_SCOPE): { update(b: Buffer): void; digest(): string } {
    const secret = this.secret(scope);
    const hmac = createHmac('sha256', secret);
    secret.fill(0);
    return { update: (b) => hmac.update(b), digest: () => hmac.digest('hex') };
  }

  /**
   * Streams `source` into an encrypted temp file and checks it (steps 1-2 above). A bad
   * document throws its translated error and leaves nothing behind.
   */
  async receive(source: AsyncIterable<Uint8Array | string>, options: ReceiveScanOptions): Promise<StagedScan> {
    if (this.closed) throw new DossierError('archive.locked');
    if (scanNameProblem(options.name)) throw new DossierError('scans.badName', { name: visibleName(options.name) });
    const blobId = randomBytes(16).toString('hex');
    const temp = path.join(this.dir, `${blobId}.tmp`);
    const key = randomBytes(32);
    const hash = this.hasher();
    live.add(temp);
    let handle: FileHandle | undefined;
    // Chunks being sealed and written (positional writes, so they may finish in any order).
    const inFlight: Promise<void>[] = [];
    let durable: Promise<void> | null = null;
    let buffer: Buffer | null = null;
    try {
      // Read as well: a one-chunk PDF is read back through the same handle.
      handle = await open(temp, 'wx+', 0o600);
      const writer = handle;
      // Made at the first chunk that more bytes follow (a one-chunk scan needs none).
      let sealer: ChunkSealer | null = null;
      await writeFully(writer, blobHeader(blobId), 0);
      // One chunk of plaintext being filled: sealing copies it, so it is reused at once.
      const chunk = (buffer = takeChunkBuffer());
      let filled = 0;
      let index = 0;
      let size = 0;
      let kind: ScanKind | null = null;
      const head = Buffer.alloc(16);
      let headBytes = 0;
      // The last bytes of the document, for its end marker.
      let tail = Buffer.alloc(0);
      const flush = async (last: boolean) => {
        const plain = chunk.subarray(0, filled);
        // Hashed here while earlier chunks are sealed and written in the thread pool.
        hash.update(plain);
        tail = filled >= TAIL_BYTES ? Buffer.from(plain.subarray(filled - TAIL_BYTES)) : Buffer.concat([tail, plain]).subarray(-TAIL_BYTES);
        const at = HEADER_BYTES + index * SEALED_CHUNK;
        // The last chunk is sealed here: nothing is left to overlap it with.
        const job = last
          ? writeFully(writer, sealChunk(key, blobId, index, true, plain), at)
          : (sealer ??= await chunkSealer(key, blobId))(index, false, plain).then((sealed) => writeFully(writer, sealed, at));
        // Awaited below, in order; this only keeps a failure from being reported as unhandled meanwhile.
        job.catch(() => {});
        inFlight.push(job);
        index++;
        filled = 0;
        if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      };
      for await (const piece of source) {
        if (options.signal?.aborted) throw new DossierError('job.cancelled');
        let bytes = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        size += bytes.length;
        if (size > options.maxBytes) throw new ScanTooLargeError(options.maxBytes, options.name);
        if (kind === null && headBytes < head.length) {
          headBytes += bytes.copy(head, headBytes, 0, Math.min(bytes.length, head.length - headBytes));
          if (headBytes === head.length) kind = this.kindOrRefuse(head, options.name);
        }
        while (bytes.length > 0) {
          // A full chunk is sealed only once more bytes follow: the last chunk carries the final flag.
          if (filled === BLOB_CHUNK) await flush(false);
          const n = bytes.copy(chunk, filled, 0, Math.min(bytes.length, BLOB_CHUNK - filled));
          filled += n;
          bytes = bytes.subarray(n);
        }
      }
      if (size === 0) throw new DossierError('scans.empty', { name: options.name });
      if (kind === null) kind = this.kindOrRefuse(head.subarray(0, headBytes), options.name);
      await flush(true);
      while (inFlight.length) await inFlight.shift();
      blobStep('tempWritten');
      // The fsync runs while the worker checks the document (both only read what is written).
      durable = writer.sync();
      durable.catch(() => {});
      const access: BlobAccess = { file: temp, blobId, key: new Uint8Array(key), size };
      const checked =
        (kind === 'pdf' && index === 1 ? quickPdfCheck(writer, blobId, key, size) : null) ??
        (await runTask('scans.inspect', { access, kind, tail: new Uint8Array(tail) }, { signal: options.signal }));
      if (!checked.ok) throw new DossierError(checked.code, { name: options.name, detail: checked.detail });
      blobStep('inspected');
      if (this.closed) throw new DossierError('archive.locked');
      const kek = blobKek(this.source, DATA_SCOPE);
      const staged: StagedScan = {
        id: randomUUID(),
        name: options.name,
        blobId,
        size,
        kind,
        pageCount: checked.pageCount,
        address: hash.digest(),
        wrappedKey: wrapKey(kek, this.archiveId, DATA_SCOPE, blobId, key),
        file: temp,
        placed: false,
      };
      kek.fill(0);
      this.staged.set(staged.id, staged);
      // The fsync ends in the background while the next scan comes in; `place` makes sure of it before the rename.
      const sync = { done: false, running: durable.then(() => writer.close()) };
      handle = undefined;
      this.syncs.set(staged.id, sync);
      const running = sync.running.then(
        () => this.synced(staged.id),
        // A failed fsync leaves the file unsynced: `place` syncs it itself and fails with the real error.
        () => writer.close().catch(() => {}),
      );
      this.syncing.add(running);
      void running.finally(() => this.syncing.delete(running));
      // Only so many files wait for their fsync (each holds a descriptor).
      if (this.syncing.size >= MAX_SYNCING) await Promise.race(this.syncing);
      return staged;
    } catch (err) {
      // Nothing may still write to (or sync) the file once it is removed.
      await Promise.allSettled([...inFlight, ...(durable ? [durable] : [])]);
      await handle?.close().catch(() => {});
      live.delete(temp);
      rmSync(temp, { force: true });
      throw err;
    } finally {
      key.fill(0);
      if (buffer) giveChunkBuffer(buffer);
    }
  }

  /** Background fsyncs of received scans: done once synced, by the background or by `place`. */
  private readonly syncs = new Map<string, { done: boolean; running: Promise<void> }>();
  private readonly syncing = new Set<Promise<void>>();

  private synced(id: string): void {
    const sync = this.syncs.get(id);
    if (!sync || sync.done) return;
    sync.done = true;
    blobStep('fsynced');
  }

  /** Resolves once the staged scans' background fsyncs have ended (so `place` need not sync them itself). */
  async whenSynced(ids: readonly string[]): Promise<void> {
    await Promise.allSettled(ids.map((id) => this.syncs.get(id)?.running));
  }

  private kindOrRefuse(head: Buffer, name: string): ScanKind {
    const kind = sniffScanKind(head);
    if (!kind) throw new DossierError('scans.unsupportedType', { name });
    return kind;
  }

  /** A staged scan of this session (taken: a second use is refused). */
  take(id: string): StagedScan {
    const staged = this.staged.get(id);
    if (!staged) throw new DossierError('validation', { detail: 'unknown upload (already used, or the archive was locked since)' });
    this.staged.delete(id);
    return staged;
  }

  peek(id: string): StagedScan | undefined {
    return this.staged.get(id);
  }

  /** Step 3: the temp file becomes `blobs/<id>.blob`; durable once the folder is synced (`sync`, or `syncDir` after a batch). */
  place(staged: StagedScan, sync = true): void {
    // The temp file's bytes reach the disk before its name does.
    if (this.syncs.get(staged.id)?.done !== true) {
      fsyncFile(staged.file);
      this.synced(staged.id);
    }
    this.syncs.delete(staged.id);
    const final = path.join(this.dir, `${staged.blobId}.blob`);
    live.add(final);
    renameSync(staged.file, final);
    live.delete(staged.file);
    staged.file = final;
    staged.placed = true;
    blobStep('renamed');
    if (sync) this.syncDir();
  }

  syncDir(): void {
    fsyncDir(this.dir);
    blobStep('dirSynced');
  }

  /** The row was written (or the write failed): the file is no longer this process's to track. */
  settle(staged: StagedScan): void {
    live.delete(staged.file);
  }

  /** Drops a staged or placed file that no row will name (dedupe, a failed or cancelled add). */
  discard(staged: StagedScan): void {
    this.syncs.delete(staged.id);
    live.delete(staged.file);
    rmSync(staged.file, { force: true });
  }

  /** Destroys a blob whose row is gone (its key went with the row). */
  destroy(blobId: string): void {
    if (!BLOB_ID.test(blobId)) return;
    rmSync(path.join(this.dir, `${blobId}.blob`), { force: true });
  }

  /** What reading a stored blob needs: its file and its unwrapped key (for a reader or a worker). */
  access(row: { id: string; keyScope: string; wrappedKey: string; size: number }, source: BlobKeySource = this.source): BlobAccess {
    // A shredded blob (its file's key destroyed): nobody can open it any more.
    if (row.wrappedKey === '') throw new DossierError('file.keyUnavailable');
    const kek = blobKek(source, row.keyScope);
    try {
      const key = unwrapKey(kek, this.archiveId, row.keyScope, row.id, row.wrappedKey);
      const access = { file: path.join(this.dir, `${row.id}.blob`), blobId: row.id, key: new Uint8Array(key), size: row.size };
      key.fill(0);
      return access;
    } finally {
      kek.fill(0);
    }
  }

  /** Reads the Code 128 / QR symbols on a staged scan's first page (in a worker) and keeps them on it. */
  async readBarcodes(staged: StagedScan): Promise<string[]> {
    staged.barcodes = await runTask('scans.barcodes', { access: this.stagedAccess(staged), kind: staged.kind });
    return staged.barcodes;
  }

  /** A staged scan's bytes (the hot folder reads its copy back before deleting the source). */
  stagedAccess(staged: StagedScan): BlobAccess {
    return { ...this.access({ id: staged.blobId, keyScope: DATA_SCOPE, wrappedKey: staged.wrappedKey, size: staged.size }), file: staged.file };
  }

  /** Re-reads a blob: every chunk's tag, then its keyed hash against the address. */
  async check(access: BlobAccess, address: string, scope: string = DATA_SCOPE): Promise<'ok' | 'missing' | 'corrupt'> {
    let reader: BlobReader;
    try {
      reader = await BlobReader.open(access);
    } catch (err) {
      return (err as { code?: string }).code === 'ENOENT' ? 'missing' : 'corrupt';
    }
    try {
      const hash = this.hasher(scope);
      for await (const chunk of reader.stream()) hash.update(chunk);
      return hash.digest() === address ? 'ok' : 'corrupt';
    } catch {
      return 'corrupt';
    } finally {
      await reader.close();
    }
  }

  /**
   * Files of blobs/ that no row names and no write of this process is making: temp files
   * and blobs left by a crash or a failed add. Removed unless `dryRun`; returns their ids.
   */
  orphans(dryRun: boolean): string[] {
    const known = new Set(this.db.all(sql<{ id: string }>`select id from blobs`).map((r) => r.id));
    const found: string[] = [];
    for (const name of readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      const id = TEMP_FILE.exec(name)?.[1] ?? BLOB_FILE.exec(name)?.[1];
      if (!id || live.has(file) || [...this.staged.values()].some((s) => s.file === file)) continue;
      if (BLOB_FILE.test(name) && known.has(id)) continue;
      found.push(id);
      if (!dryRun) rmSync(file, { force: true });
    }
    return found;
  }

  /** Removes those of `ids` that are still orphans (verify, after its report is committed). */
  removeOrphans(ids: readonly string[]): number {
    const wanted = new Set(ids);
    const known = new Set(this.db.all(sql<{ id: string }>`select id from blobs`).map((r) => r.id));
    let removed = 0;
    for (const id of wanted) {
      if (known.has(id)) continue;
      for (const file of [path.join(this.dir, `${id}.tmp`), path.join(this.dir, `${id}.blob`)]) {
        if (live.has(file) || [...this.staged.values()].some((s) => s.file === file)) continue;
        try {
          rmSync(file);
          removed++;
        } catch {
          // already gone
        }
      }
    }
    return removed;
  }

  /**
   * A blob's plaintext under a fresh key in another scope (a scan moving into or out of a
   * 机密/绝密 file's scope): read chunk by chunk (tags checked), hashed with the scope's
   * secret, sealed into `<new id>.tmp`, fsynced, renamed to `.blob`, the folder fsynced; the
   * caller writes its row in the same transaction that moves the scans. Synchronous: it runs
   * inside that transaction (a crash before the commit leaves an orphan the sweep removes).
   * The new key is wrapped under `toSource`'s key of `toScope`.
   */
  reencryptSync(from: BlobAccess, toScope: string, toSource: BlobKeySource): { blobId: string; address: string; wrappedKey: string; file: string } {
    if (this.closed) throw new DossierError('archive.locked');
    const blobId = randomBytes(16).toString('hex');
    const temp = path.join(this.dir, `${blobId}.tmp`);
    const final = path.join(this.dir, `${blobId}.blob`);
    const secret = addressSecret(this.db, toSource, toScope, true)!;
    const hmac = createHmac('sha256', secret);
    secret.fill(0);
    const oldKey = Buffer.from(from.key);
    const key = randomBytes(32);
    live.add(temp);
    let input: number | null = null;
    let output: number | null = null;
    try {
      input = openSync(from.file, 'r');
      output = openSync(temp, 'wx', 0o600);
      writeSync(output, blobHeader(blobId));
      const chunks = chunkCount(from.size);
      const sealed = Buffer.allocUnsafe(SEALED_CHUNK);
      for (let index = 0; index < chunks; index++) {
        const last = index === chunks - 1;
        const length = (last ? from.size - index * BLOB_CHUNK : BLOB_CHUNK) + TAG_BYTES;
        const read = readSync(input, sealed, 0, length, HEADER_BYTES + index * SEALED_CHUNK);
        const plain = read === length ? openChunk(oldKey, from.blobId, index, last, sealed.subarray(0, length)) : null;
        if (!plain) throw new BlobDamagedError(from.blobId, `chunk ${index}`);
        hmac.update(plain);
        writeSync(output, sealChunk(key, blobId, index, last, plain));
        plain.fill(0);
      }
      fsyncSync(output);
      closeSync(output);
      output = null;
      live.add(final);
      renameSync(temp, final);
      live.delete(temp);
      fsyncDir(this.dir);
      const kek = blobKek(toSource, toScope);
      const wrappedKey = wrapKey(kek, this.archiveId, toScope, blobId, key);
      kek.fill(0);
      return { blobId, address: hmac.digest('hex'), wrappedKey, file: final };
    } catch (err) {
      if (output !== null) closeSync(output);
      live.delete(temp);
      live.delete(final);
      rmSync(temp, { force: true });
      rmSync(final, { force: true });
      if (err instanceof BlobDamagedError) throw new DossierError('archive.corrupt', { detail: err.message });
      throw err;
    } finally {
      if (input !== null) closeSync(input);
      key.fill(0);
      oldKey.fill(0);
    }
  }

  /** A file made by `reencryptSync` is settled (its row committed) or dropped (a duplicate, or the transaction failed). */
  release(file: string, drop: boolean): void {
    live.delete(file);
    if (drop) rmSync(file, { force: true });
  }

  /** Tokens of opened and exported scans: the byte route serves a scan only by a token its operation gave out. */
  private readonly tokens = new Map<string, string>();

  grant(scanId: string): string {
    const token = randomBytes(18).toString('base64url');
    this.tokens.set(token, scanId);
    return token;
  }

  granted(token: string): string | undefined {
    return this.tokens.get(token);
  }

  close(): void {
    this.closed = true;
    this.tokens.clear();
    for (const staged of this.staged.values()) this.discard(staged);
    this.staged.clear();
    this.syncs.clear();
    this.source.dataKey.fill(0);
  }
}

const stores = new WeakMap<ArchiveDb, BlobStore>();

/**
 * Opens the session's blob store (at unlock; `db/archive.ts`) and sweeps orphans: the
 * archive's lock keeps other processes out, so a file no row names is a crash's leftover.
 */
export function openBlobStore(db: ArchiveDb, archiveDir: string, archiveId: string, dataKey: Buffer): BlobStore {
  const store = new BlobStore(db, archiveDir, archiveId, dataKey);
  stores.set(db, store);
  try {
    const hasTable = db.one(sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'blobs'`)?.n === 1;
    if (hasTable) store.orphans(false);
  } catch {
    // a sweep that fails (a read-only folder) leaves the orphans for verify
  }
  return store;
}

/** The blob store of the session holding `db` (every operation's context has its db). */
export function blobsFor(holder: { db: ArchiveDb }): BlobStore {
  const store = stores.get(holder.db);
  if (!store) throw new DossierError('archive.locked');
  return store;
}

export function closeBlobStore(db: ArchiveDb): void {
  stores.get(db)?.close();
  stores.delete(db);
}
