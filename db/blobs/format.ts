/**
 * The blob file format (blobs/<id>.blob): a 32-byte header, then the plaintext in 1 MiB
 * chunks, each sealed with AES-256-GCM under the blob's own random key. The associated data
 * of a chunk is the blob id, its index and whether it is the last one, so chunks cannot be
 * reordered, dropped, moved between blobs or the file cut short without a tag failing.
 * Chunk i sits at a fixed offset, so any byte range is read by decrypting only the chunks it
 * touches (the viewer's range requests, pdf.js reading a 2 GB PDF).
 *
 * Plain Node and no database: worker threads read blobs with this module alone.
 */
import { createCipheriv, createDecipheriv, webcrypto } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export const BLOB_CHUNK = 1024 * 1024;
export const TAG_BYTES = 16;
export const HEADER_BYTES = 32;
const MAGIC = Buffer.from('DOSBLOB1', 'ascii');
/** Sealed bytes of one full chunk. */
export const SEALED_CHUNK = BLOB_CHUNK + TAG_BYTES;

/** A blob's id: 16 random bytes, as 32 hex characters (its file name). */
export const BLOB_ID = /^[0-9a-f]{32}$/;

export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / BLOB_CHUNK));
}

/** Total bytes of a blob file holding `size` bytes of plaintext. */
export function sealedSize(size: number): number {
  return HEADER_BYTES + size + chunkCount(size) * TAG_BYTES;
}

export function blobHeader(blobId: string): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  Buffer.from(blobId, 'hex').copy(header, 8);
  header.writeUInt32BE(BLOB_CHUNK, 24);
  return header;
}

function nonce(index: number): Buffer {
  // Each blob has its own random key: the chunk index alone never repeats under it.
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(index, 8);
  return iv;
}

function aad(blobId: string, index: number, last: boolean): Buffer {
  const data = Buffer.alloc(16 + 5);
  Buffer.from(blobId, 'hex').copy(data, 0);
  data.writeUInt32BE(index, 16);
  data[20] = last ? 1 : 0;
  return data;
}

export function sealChunk(key: Buffer, blobId: string, index: number, last: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(index));
  cipher.setAAD(aad(blobId, index, last));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Seals chunk `index` of a blob: the bytes `sealChunk` gives. */
export type ChunkSealer = (index: number, last: boolean, plain: Uint8Array) => Promise<Uint8Array>;

/**
 * `sealChunk` off the calling thread: WebCrypto runs AES-GCM in libuv's thread pool (copying
 * `plain` at the call, so the caller may reuse it at once), and a writer hashes the next chunk
 * meanwhile instead of waiting for the cipher. Same nonce, associated data and output.
 */
export async function chunkSealer(key: Uint8Array, blobId: string): Promise<ChunkSealer> {
  const cryptoKey = await webcrypto.subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt']);
  return async (index, last, plain) =>
    new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce(index), additionalData: aad(blobId, index, last), tagLength: TAG_BYTES * 8 }, cryptoKey, plain));
}

/** The chunk's plaintext, or null when its tag does not verify (tampered, moved, reordered, cut). */
export function openChunk(key: Buffer, blobId: string, index: number, last: boolean, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG_BYTES) return null;
  const body = sealed.subarray(0, sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(index), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(blobId, index, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

/** A blob is damaged: which chunk (or `header`/`size`), for the verify report. */
export class BlobDamagedError extends Error {
  constructor(
    readonly blobId: string,
    readonly where: string,
  ) {
    super(`blob ${blobId} damaged at ${where}`);
  }
}

/** What reading a blob needs; cloneable, so it crosses to a worker thread. */
export interface BlobAccess {
  file: string;
  blobId: string;
  key: Uint8Array;
  size: number;
}

/**
 * Random access to a blob's plaintext. Every chunk read is authenticated; a damaged one
 * throws `BlobDamagedError`. Memory: one chunk (plus what the caller asked for).
 */
export class BlobReader {
  private cache: { index: number; plain: Buffer } | null = null;

  private constructor(
    private readonly handle: FileHandle,
    private readonly access: BlobAccess,
    private readonly key: Buffer,
    readonly size: number,
  ) {}

  static async open(access: BlobAccess): Promise<BlobReader> {
    const handle = await open(access.file, 'r');
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
      if (bytesRead !== HEADER_BYTES || !header.subarray(0, 8).equals(MAGIC) || header.subarray(8, 24).toString('hex') !== access.blobId) {
        throw new BlobDamagedError(access.blobId, 'header');
      }
      const { size } = await handle.stat();
      if (size !== sealedSize(access.size)) throw new BlobDamagedError(access.blobId, 'size');
      return new BlobReader(handle, access, Buffer.from(access.key), access.size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  get chunks(): number {
    return chunkCount(this.size);
  }

  /** The plaintext of chunk `index`, authenticated. */
  async chunk(index: number): Promise<Buffer> {
    if (this.cache?.index === index) return this.cache.plain;
    const last = index === this.chunks - 1;
    const plainLength = last ? this.size - index * BLOB_CHUNK : BLOB_CHUNK;
    const sealed = Buffer.allocUnsafe(plainLength + TAG_BYTES);
    const { bytesRead } = await this.handle.read(sealed, 0, sealed.length, HEADER_BYTES + index * SEALED_CHUNK);
    const plain = bytesRead === sealed.length ? openChunk(this.key, this.access.blobId, index, last, sealed) : null;
    if (!plain) throw new BlobDamagedError(this.access.blobId, `chunk ${index}`);
    this.cache = { index, plain };
    return plain;
  }

  /** `length` bytes from `offset` (fewer at the end). */
  async read(offset: number, length: number): Promise<Buffer> {
    const end = Math.min(this.size, offset + length);
    if (offset >= end) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for (let index = Math.floor(offset / BLOB_CHUNK); index * BLOB_CHUNK < end; index++) {
      const plain = await this.chunk(index);
      const from = Math.max(offset - index * BLOB_CHUNK, 0);
      const to = Math.min(end - index * BLOB_CHUNK, plain.length);
      parts.push(plain.subarray(from, to));
    }
    return parts.length === 1 ? Buffer.from(parts[0]!) : Buffer.concat(parts);
  }

  /** The plaintext from `start` to `end` (exclusive), chunk by chunk. */
  async *stream(start = 0, end = this.size): AsyncGenerator<Buffer> {
    for (let at = start; at < end;) {
      const index = Math.floor(at / BLOB_CHUNK);
      const plain = await this.chunk(index);
      const from = at - index * BLOB_CHUNK;
      const to = Math.min(plain.length, end - index * BLOB_CHUNK);
      yield Buffer.from(plain.subarray(from, to));
      at = index * BLOB_CHUNK + to;
    }
  }

  async close(): Promise<void> {
    this.key.fill(0);
    this.cache = null;
    await this.handle.close();
  }
}

/** Reads a whole blob into memory (images, small PDFs); refused above `maxBytes`. */
export async function readWholeBlob(access: BlobAccess): Promise<Buffer> {
  const reader = await BlobReader.open(access);
  try {
    return await reader.read(0, reader.size);
  } finally {
    await reader.close();
  }
}
