/**
 * The blob write path as tuned for throughput: chunks sealed in the thread pool (WebCrypto)
 * give exactly the bytes of the synchronous sealer, a multi-chunk scan fed in odd-sized pieces
 * reads back byte for byte under its keyed-hash address, a file's fsync (ending in the
 * background) always comes before its rename, and a write failing with chunks still in flight
 * (the source breaking off, the size limit passed) leaves nothing in blobs/.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BLOB_CHUNK, BlobReader, chunkSealer, openChunk, sealChunk } from '../../db/blobs/format.js';
import { blobsFor, setBlobStepHook } from '../../db/blobs/store.js';
import type { BlobStep } from '../../db/blobs/store.js';
import { DossierError } from '../../shared/errors.js';
import { newArchive } from '../helpers.js';
import { paddedPdf } from '../fixtures/scanFiles.js';

function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

describe('blob writes', { timeout: 120_000 }, () => {
  it('seals a chunk in the thread pool into the same bytes as the synchronous sealer, bound to blob, index and last flag', async () => {
    const key = randomBytes(32);
    const blobId = randomBytes(16).toString('hex');
    const seal = await chunkSealer(key, blobId);
    for (const [index, last, length] of [
      [0, false, BLOB_CHUNK],
      [7, true, 12_345],
    ] as const) {
      const plain = randomBytes(length);
      const sealed = Buffer.from(await seal(index, last, plain));
      expect(sealed.equals(sealChunk(key, blobId, index, last, plain))).toBe(true);
      expect(openChunk(key, blobId, index, last, sealed)?.equals(plain)).toBe(true);
      // Another index, the other last flag or another blob: the tag fails.
      expect(openChunk(key, blobId, index + 1, last, sealed)).toBeNull();
      expect(openChunk(key, blobId, index, !last, sealed)).toBeNull();
      expect(openChunk(key, randomBytes(16).toString('hex'), index, last, sealed)).toBeNull();
    }
    // The caller may reuse its buffer as soon as the call returns.
    const plain = randomBytes(4096);
    const copy = Buffer.from(plain);
    const pending = seal(1, true, plain);
    plain.fill(0);
    expect(Buffer.from(await pending).equals(sealChunk(key, blobId, 1, true, copy))).toBe(true);
  });

  it('writes a multi-chunk scan fed in odd-sized pieces that reads back byte for byte under its keyed hash', async () => {
    const { dir, session } = await newArchive();
    const store = blobsFor(session);
    // 5.3 chunks, in pieces that never line up with a chunk.
    const pdf = paddedPdf(Math.round(5.3 * BLOB_CHUNK));
    const staged = await store.receive(Readable.from(pieces(pdf, 70_001)), { name: 'large.pdf', maxBytes: 100 * BLOB_CHUNK });
    expect([staged.size, staged.kind, staged.pageCount]).toEqual([pdf.length, 'pdf', 1]);
    const hash = store.hasher();
    hash.update(pdf);
    expect(staged.address).toBe(hash.digest());
    expect(staged.address).not.toBe(createHmac('sha256', Buffer.alloc(32)).update(pdf).digest('hex'));
    const reader = await BlobReader.open(store.stagedAccess(staged));
    try {
      expect(reader.chunks).toBe(6);
      expect((await reader.read(0, reader.size)).equals(pdf)).toBe(true);
    } finally {
      await reader.close();
    }
    const added = await session.call('scans.add', { uploadIds: [staged.id] });
    expect(added.scans).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'blobs'))).toEqual([`${staged.blobId}.blob`]);
    session.close();
  });

  it('syncs every file before it is renamed into place, also when the add comes at once', async () => {
    const { session } = await newArchive();
    const store = blobsFor(session);
    const steps: BlobStep[] = [];
    setBlobStepHook((step) => steps.push(step));
    try {
      const ids: string[] = [];
      // One-chunk PDFs (checked here), a multi-chunk one (checked in the worker).
      for (const bytes of [paddedPdf(50_000), paddedPdf(60_000), paddedPdf(3 * BLOB_CHUNK)]) {
        ids.push((await store.receive(Readable.from([bytes]), { name: 'scan.pdf', maxBytes: 100 * BLOB_CHUNK })).id);
      }
      await session.call('scans.add', { uploadIds: ids });
    } finally {
      setBlobStepHook(null);
    }
    const count = (step: BlobStep) => steps.filter((s) => s === step).length;
    expect([count('tempWritten'), count('inspected'), count('fsynced'), count('renamed'), count('dirSynced'), count('committed')]).toEqual([3, 3, 3, 3, 1, 1]);
    // The n-th fsync comes before the n-th rename, and every rename before the folder's sync and the commit.
    const at = (step: BlobStep, n: number) => steps.map((s, i) => (s === step ? i : -1)).filter((i) => i >= 0)[n]!;
    for (let n = 0; n < 3; n++) expect(at('fsynced', n)).toBeLessThan(at('renamed', n));
    expect(at('renamed', 2)).toBeLessThan(at('dirSynced', 0));
    expect(at('dirSynced', 0)).toBeLessThan(at('committed', 0));
    session.close();
  });

  it('leaves nothing in blobs/ when the source breaks off or the limit is passed with chunks still being written', async () => {
    const { dir, session } = await newArchive();
    const store = blobsFor(session);
    const pdf = paddedPdf(6 * BLOB_CHUNK);
    async function* breaking() {
      yield* pieces(pdf.subarray(0, 4 * BLOB_CHUNK + 5), 300_000);
      throw new Error('connection reset');
    }
    await expect(store.receive(breaking(), { name: 'cut.pdf', maxBytes: 100 * BLOB_CHUNK })).rejects.toThrow('connection reset');
    const tooLarge = await store.receive(Readable.from(pieces(pdf, BLOB_CHUNK)), { name: 'big.pdf', maxBytes: 3 * BLOB_CHUNK + 1 }).catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(DossierError);
    expect((tooLarge as DossierError).code).toBe('scans.tooLarge');
    expect(readdirSync(path.join(dir, 'blobs'))).toEqual([]);
    // The store still works afterwards.
    const staged = await store.receive(Readable.from([paddedPdf(2 * BLOB_CHUNK)]), { name: 'ok.pdf', maxBytes: 100 * BLOB_CHUNK });
    expect(staged.pageCount).toBe(1);
    session.close();
  });
});
