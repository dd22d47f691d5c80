/**
 * `npx tsx bench/scans.ts [--large-mb 500] [--small 1000] [--small-kb 200]`: imports one large
 * PDF and many small ones into an encrypted archive through the blob store (streamed from a
 * file on disk, encrypted, checked, placed, rows written), next to the raw single-core
 * AES-256-GCM + SHA-256 throughput of the same bytes in this process, with the peak memory
 * (RSS) of the large import. Writes bench/scans-results.json.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createArchive } from '../db/archive.js';
import { blobsFor } from '../db/blobs/store.js';
import { BLOB_CHUNK } from '../db/blobs/format.js';

const { values } = parseArgs({ options: { 'large-mb': { type: 'string' }, small: { type: 'string' }, 'small-kb': { type: 'string' }, keep: { type: 'boolean' } } });
const LARGE_MB = Number(values['large-mb'] ?? 500);
const SMALL = Number(values.small ?? 1000);
const SMALL_KB = Number(values['small-kb'] ?? 200);

/** A valid one-page PDF carrying `bytes` of random data in an unused stream (written piece by piece). */
function writePdf(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  let at = 0;
  const offsets: number[] = [];
  const put = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    writeSync(fd, buf);
    at += buf.length;
  };
  put('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  offsets[1] = at;
  put('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  offsets[2] = at;
  put('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  offsets[3] = at;
  put('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n');
  offsets[4] = at;
  put(`4 0 obj\n<< /Length ${bytes} >>\nstream\n`);
  for (let left = bytes; left > 0; left -= BLOB_CHUNK) put(randomBytes(Math.min(BLOB_CHUNK, left)));
  put('\nendstream\nendobj\n');
  const xref = at;
  put(`xref\n0 5\n0000000000 65535 f \n${[1, 2, 3, 4].map((n) => `${String(offsets[n]).padStart(10, '0')} 00000 n \n`).join('')}`);
  put(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  closeSync(fd);
}

/** Raw single-core throughput of what a blob write does per byte: AES-256-GCM and a SHA-256 (the HMAC's hash). */
function rawThroughput(totalBytes: number): number {
  const chunk = randomBytes(BLOB_CHUNK);
  const key = randomBytes(32);
  const started = process.hrtime.bigint();
  const hash = createHash('sha256');
  for (let done = 0, i = 0; done < totalBytes; done += BLOB_CHUNK, i++) {
    const iv = Buffer.alloc(12);
    iv.writeUInt32BE(i, 8);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.update(chunk);
    cipher.final();
    cipher.getAuthTag();
    hash.update(chunk);
  }
  hash.digest();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return totalBytes / 1048576 / seconds;
}

const root = mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-scans-'));
const results: Record<string, unknown> = { at: new Date().toISOString(), loadavg: os.loadavg().map((n) => Math.round(n * 10) / 10), cpus: os.cpus().length };
try {
  const session = await createArchive(
    path.join(root, 'archive'),
    { username: 'admin', displayName: '管理员', password: 'bench password 1' },
    { kdfCost: { N: 2 ** 10, r: 8, p: 1 } },
  );
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '扫描件' });
  const store = blobsFor(session);

  // A first small import starts the checking worker thread (its code loads once per session), so the figures below are the work itself.
  const warm = path.join(root, 'warm.pdf');
  writePdf(warm, 1024);
  await session.call('scans.add', { uploadIds: [(await store.receive(createReadStream(warm), { name: 'warm.pdf', maxBytes: 1 << 30 })).id], archiveNo: file.archiveNo });

  // One large file.
  const large = path.join(root, 'large.pdf');
  writePdf(large, LARGE_MB * 1048576);
  const largeBytes = (await import('node:fs')).statSync(large).size;
  const rawLarge = rawThroughput(largeBytes);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const staged = await store.receive(createReadStream(large, { highWaterMark: BLOB_CHUNK }), { name: 'large.pdf', maxBytes: 4 * 1024 ** 3 });
  const t1 = process.hrtime.bigint();
  await session.call('scans.add', { uploadIds: [staged.id], archiveNo: file.archiveNo });
  const t2 = process.hrtime.bigint();
  clearInterval(sampler);
  const largeSeconds = Number(t2 - t0) / 1e9;
  results.large = {
    mb: Math.round(largeBytes / 1048576),
    seconds: Math.round(largeSeconds * 100) / 100,
    mbPerSecond: Math.round(largeBytes / 1048576 / largeSeconds),
    receiveAndCheckSeconds: Math.round((Number(t1 - t0) / 1e9) * 100) / 100,
    rawAesGcmSha256MbPerSecond: Math.round(rawLarge),
    shareOfRaw: Math.round((largeBytes / 1048576 / largeSeconds / rawLarge) * 100) / 100,
    peakRssMb: Math.round(peak / 1048576),
    rssBeforeMb: Math.round(rssBefore / 1048576),
  };
  console.log('large', results.large);

  // Many small files.
  const small = path.join(root, 'small');
  (await import('node:fs')).mkdirSync(small);
  const names: string[] = [];
  for (let i = 0; i < SMALL; i++) {
    const name = path.join(small, `scan-${i}.pdf`);
    writePdf(name, SMALL_KB * 1024);
    names.push(name);
  }
  const smallBytes = names.length * (SMALL_KB * 1024 + 400);
  const rawSmall = rawThroughput(smallBytes);
  const s0 = process.hrtime.bigint();
  const ids: string[] = [];
  for (const name of names) ids.push((await store.receive(createReadStream(name), { name: path.basename(name), maxBytes: 1 << 30 })).id);
  const s1 = process.hrtime.bigint();
  await session.call('scans.add', { uploadIds: ids, archiveNo: file.archiveNo });
  const s2 = process.hrtime.bigint();
  const smallSeconds = Number(s2 - s0) / 1e9;
  results.small = {
    files: SMALL,
    kb: SMALL_KB,
    seconds: Math.round(smallSeconds * 100) / 100,
    filesPerSecond: Math.round(SMALL / smallSeconds),
    mbPerSecond: Math.round((smallBytes / 1048576 / smallSeconds) * 10) / 10,
    receiveAndCheckSeconds: Math.round((Number(s1 - s0) / 1e9) * 100) / 100,
    addSeconds: Math.round((Number(s2 - s1) / 1e9) * 100) / 100,
    rawAesGcmSha256MbPerSecond: Math.round(rawSmall),
  };
  console.log('small', results.small);
  session.close();
  writeFileSync(path.join(import.meta.dirname, 'scans-results.json'), JSON.stringify(results, null, 2) + '\n');
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}
process.exit(0);
