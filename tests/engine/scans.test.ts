/**
 * The scan store: dedupe, tampering detected (a flipped byte, two chunks swapped, a blob cut
 * short), hostile and corrupt inputs refused with nothing left behind, no plaintext on disk,
 * inbox and assignment, removal destroying the blob, rekey keeping blobs readable.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { BLOB_CHUNK, BlobReader, HEADER_BYTES, SEALED_CHUNK } from '../../db/blobs/format.js';
import { blobsFor } from '../../db/blobs/store.js';
import { DossierError } from '../../shared/errors.js';
import type { ErrorCode } from '../../shared/errors.js';
import { ADMIN, TEST_KDF, newArchive } from '../helpers.js';
import { jpegBytes, pdfBytes, pngBytes, tiffBytes } from '../fixtures/scanFiles.js';

// A temp folder of this test alone (worker threads take the environment when they start): the
// plaintext check reads every file in it, as well as the archive.
const TEMP = mkdtempSync(path.join(os.tmpdir(), 'dossier-scans-tmp-'));
process.env.TMPDIR = TEMP;

async function stage(session: ArchiveSession, bytes: Buffer, name = 'scan.pdf', piece = 64 * 1024) {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += piece) pieces.push(bytes.subarray(at, at + piece));
  return blobsFor(session).receive(Readable.from(pieces), { name, maxBytes: 100 * 1024 * 1024 });
}

async function refused(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(DossierError);
  expect((err as DossierError).code).toBe(code);
}

function blobFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'blobs')).sort();
}

async function setup() {
  const { dir, session } = await newArchive();
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
  const item = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照' });
  return { dir, session, file, item };
}

/** Bytes of one blob file on disk. */
function blobPath(dir: string, blobId: string): string {
  return path.join(dir, 'blobs', `${blobId}.blob`);
}

describe('scan store', { timeout: 120_000 }, () => {
  it('stores a PDF with its page count, lists it on the file and item, and dedupes the same document', async () => {
    const { dir, session, file, item } = await setup();
    const pdf = await pdfBytes('Contract of lease', 3);
    const first = await stage(session, pdf, '租赁合同.pdf');
    expect(first.pageCount).toBe(3);
    const added = await session.call('scans.add', { uploadIds: [first.id], archiveNo: file.archiveNo, itemSeq: item.seq });
    expect(added.scans).toHaveLength(1);
    expect(added.scans[0]).toMatchObject({ name: '租赁合同.pdf', kind: 'pdf', pageCount: 3, archiveNo: file.archiveNo, itemSeq: item.seq, size: pdf.length });
    expect(added.deduplicated).toBe(0);
    // The same bytes again, under another name and to the file itself: a second scan, the same blob.
    const again = await stage(session, pdf, 'copy.pdf', 7777);
    const second = await session.call('scans.add', { uploadIds: [again.id], archiveNo: file.archiveNo });
    expect(second.deduplicated).toBe(1);
    expect(blobFiles(dir).filter((n) => n.endsWith('.blob'))).toHaveLength(1);
    expect(blobFiles(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(0);
    const list = await session.call('scans.list', { archiveNo: file.archiveNo });
    expect(list.map((s) => [s.name, s.itemSeq])).toEqual([
      ['copy.pdf', null],
      ['租赁合同.pdf', item.seq],
    ]);
    // Removing one keeps the blob (still used); removing the other destroys it.
    expect((await session.call('scans.remove', { id: list[0]!.id })).destroyedBlob).toBe(false);
    expect((await session.call('scans.remove', { id: list[1]!.id })).destroyedBlob).toBe(true);
    expect(blobFiles(dir)).toEqual([]);
    session.close();
  });

  it('counts the pages of JPEG, PNG and multi-page TIFF by content, whatever the name says', async () => {
    const { session } = await setup();
    expect((await stage(session, await jpegBytes(3), 'photo.pdf')).kind).toBe('jpeg');
    expect((await stage(session, await pngBytes(4), 'scan.jpg')).kind).toBe('png');
    const tiff = await stage(session, await tiffBytes(3), 'pages.tif');
    expect([tiff.kind, tiff.pageCount]).toEqual(['tiff', 3]);
    session.close();
  });

  it('refuses bad input with its own error and leaves nothing in blobs/', async () => {
    const { dir, session } = await setup();
    const pdf = await pdfBytes('x', 2);
    const jpeg = await jpegBytes(5);
    await refused(stage(session, Buffer.alloc(0), 'empty.pdf'), 'scans.empty');
    await refused(stage(session, Buffer.from('PK\x03\x04 a zip, not a scan'), 'scan.pdf'), 'scans.unsupportedType');
    await refused(stage(session, Buffer.from('%PDF-1.7\n garbage garbage\n%%EOF\n'), 'broken.pdf'), 'scans.corruptPdf');
    await refused(stage(session, pdf.subarray(0, Math.floor(pdf.length / 2)), 'cut.pdf'), 'scans.truncated');
    await refused(stage(session, await pdfBytes('secret', 1, { userPassword: 'pw' }), 'locked.pdf'), 'scans.encryptedPdf');
    await refused(stage(session, jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg'), 'scans.truncated');
    for (const name of ['../../etc/passwd.pdf', 'a\\b.pdf', 'bell\u0007.pdf', 'evil\u202Efdp.exe', '..', '']) {
      await refused(stage(session, pdf, name), 'scans.badName');
    }
    await refused(blobsFor(session).receive(Readable.from([pdf]), { name: 'big.pdf', maxBytes: 100 }), 'scans.tooLarge');
    expect(blobFiles(dir)).toEqual([]);
    session.close();
  });

  it('detects a flipped byte, two swapped chunks and a cut-off blob (verify reports them by file and item)', async () => {
    const { dir, session, file, item } = await setup();
    // Three blobs of more than two chunks each.
    const docs = await Promise.all([1, 2, 3].map((seed) => pngBytes(seed, 1000, 1000)));
    for (const d of docs) expect(d.length).toBeGreaterThan(2 * BLOB_CHUNK);
    const staged = [];
    for (const [i, d] of docs.entries()) staged.push(await stage(session, d, `page${i}.png`));
    await session.call('scans.add', { uploadIds: staged.map((s) => s.id), archiveNo: file.archiveNo, itemSeq: item.seq });
    const clean = await session.call('scans.verify', {});
    expect([clean.blobs, clean.ok, clean.problems.length]).toEqual([3, 3, 0]);

    const [a, b, c] = staged.map((s) => blobPath(dir, s.blobId));
    const flip = readFileSync(a!);
    flip[HEADER_BYTES + 1000] = flip[HEADER_BYTES + 1000]! ^ 0x01;
    writeFileSync(a!, flip);
    const swap = readFileSync(b!);
    const c0 = Buffer.from(swap.subarray(HEADER_BYTES, HEADER_BYTES + SEALED_CHUNK));
    swap.copy(swap, HEADER_BYTES, HEADER_BYTES + SEALED_CHUNK, HEADER_BYTES + 2 * SEALED_CHUNK);
    c0.copy(swap, HEADER_BYTES + SEALED_CHUNK);
    writeFileSync(b!, swap);
    // Cut exactly at a chunk boundary: every remaining chunk is intact, only the final flag tells.
    writeFileSync(c!, readFileSync(c!).subarray(0, HEADER_BYTES + 2 * SEALED_CHUNK));
    writeFileSync(path.join(dir, 'blobs', `${'f'.repeat(32)}.blob`), 'left by a crash');

    const report = await session.call('scans.verify', { dryRun: true });
    expect(report.ok).toBe(0);
    const byBlob = new Map(report.problems.map((p) => [p.blobId, p]));
    expect(byBlob.get(staged[0]!.blobId)?.problem).toBe('corrupt');
    expect(byBlob.get(staged[1]!.blobId)?.problem).toBe('corrupt');
    expect(byBlob.get(staged[2]!.blobId)?.problem).toBe('corrupt');
    expect(byBlob.get('f'.repeat(32))?.problem).toBe('orphaned');
    expect(byBlob.get(staged[0]!.blobId)?.scans[0]).toMatchObject({ archiveNo: file.archiveNo, itemSeq: item.seq, name: 'page0.png' });
    // Reading a damaged blob fails loudly, never returns altered bytes.
    const [scan] = (await session.call('scans.list', { archiveNo: file.archiveNo })).filter((s) => s.name === 'page1.png');
    const opened = await session.call('scans.open', { id: scan!.id });
    expect(opened.url).toMatch(/^\/api\/scans\//);
    const removed = await session.call('scans.verify', {});
    expect(removed.removedOrphans).toBe(1);
    expect(blobFiles(dir)).not.toContain(`${'f'.repeat(32)}.blob`);
    session.close();
  });

  it('keeps no plaintext on disk: a marker in the scan is found in no file under the archive or the temp folder', async () => {
    const { dir, session, file } = await setup();
    const marker = `MARKER-${Date.now()}-dossier-plaintext`;
    const pdf = await pdfBytes(marker, 2);
    expect(pdf.includes(Buffer.from(marker))).toBe(true);
    const staged = await stage(session, pdf, 'marked.pdf');
    await session.call('scans.add', { uploadIds: [staged.id], archiveNo: file.archiveNo });
    const needle = Buffer.from(marker);
    const hits: string[] = [];
    const walk = (root: string) => {
      let names: string[];
      try {
        names = readdirSync(root);
      } catch {
        return;
      }
      for (const name of names) {
        const full = path.join(root, name);
        let st;
        try {
          st = statSync(full);
        } catch {
          continue;
        }
        if (st.isDirectory()) walk(full);
        else if (st.isFile() && st.size < 512 * 1024 * 1024) {
          try {
            if (readFileSync(full).includes(needle)) hits.push(full);
          } catch {
            // unreadable (another user's): not ours
          }
        }
      }
    };
    walk(dir);
    expect(os.tmpdir()).toBe(TEMP);
    walk(TEMP);
    expect(hits).toEqual([]);
    session.close();
  });

  it('puts scans without a file in the inbox, assigns them, and keeps blobs readable after a rekey', async () => {
    const { dir, session, file, item } = await setup();
    const staged = await stage(session, await pngBytes(9), 'inbox.png');
    const { scans } = await session.call('scans.add', { uploadIds: [staged.id] });
    expect(scans[0]).toMatchObject({ fileId: null, archiveNo: null });
    expect((await session.call('scans.inbox', {})).map((s) => s.id)).toEqual([scans[0]!.id]);
    const assigned = await session.call('scans.assign', { id: scans[0]!.id, archiveNo: file.archiveNo, itemId: item.id });
    expect(assigned).toMatchObject({ archiveNo: file.archiveNo, itemSeq: item.seq });
    expect(await session.call('scans.inbox', {})).toEqual([]);
    await session.rekey();
    const reopened = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    const report = await reopened.call('scans.verify', {});
    expect([report.blobs, report.ok]).toEqual([1, 1]);
    const [row] = reopened.db.all(reopened.db.k.selectFrom('blobs').selectAll());
    const reader = await BlobReader.open(blobsFor(reopened).access(row!));
    const bytes = await reader.read(0, reader.size);
    await reader.close();
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    reopened.close();
  });

  it('hides the scans of a 机密 file from a lower clearance, audits every view and export of them', async () => {
    const { dir, session } = await setup();
    const client = await session.call('clients.create', { name: '深圳前海投资有限公司' });
    const secret = await session.call('files.create', { clientId: client.id, title: '股权协议', confidentiality: 'confidential' });
    const staged = await stage(session, await pngBytes(41), '协议.png');
    const { scans } = await session.call('scans.add', { uploadIds: [staged.id], archiveNo: secret.archiveNo });
    const id = scans[0]!.id;
    const count = (action: string) => session.db.all(session.db.k.selectFrom('audit_log').select('seq').where('action', '=', action)).length;
    await session.call('scans.open', { id });
    await session.call('scans.open', { id });
    expect(count('scans.view')).toBe(2);
    await session.call('scans.export', { id });
    expect(count('scans.export')).toBe(1);
    await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader password', role: 'reader', clearance: 'normal' });
    session.close();
    const reader = await openArchive(dir, 'reader', 'reader password', { kdfCost: TEST_KDF });
    await refused(reader.call('scans.open', { id }), 'scans.notFound');
    await refused(reader.call('scans.list', { archiveNo: secret.archiveNo }), 'file.notFound');
    // A reader may view scans of what they may see, but not export a decrypted copy.
    await refused(reader.call('scans.export', { id }), 'auth.forbidden');
    reader.close();
  });
});
