/**
 * `npx tsx bench/scans.ts [--large-mb 500] [--rounds 3] [--small 1000] [--small-kb 200] [--out FILE] [--keep]`:
 * imports one large PDF and many small ones into an encrypted archive through the blob store
 * (streamed from a file on disk, encrypted, hashed, checked, fsynced, placed, rows written) and
 * measures the raw single-core AES-256-GCM + SHA-256 throughput of the same number of bytes
 * right before and right after each import, so both see the same load of a shared machine.
 * The large import runs `--rounds` times (the scan removed in between, so nothing is
 * deduplicated); reported: each round, the median round, the peak memory (RSS of the whole
 * process, worker threads included) during the imports, CPU time beside wall time.
 * Writes bench/scans-results.json (or `--out`).
 */
import { createCipheriv, createHash, randomBytes, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createArchive } from '../db/archive.js';
import { blobsFor, setBlobStepHook } from '../db/blobs/store.js';
import type { BlobStep } from '../db/blobs/store.js';
import { BLOB_CHUNK } from '../db/blobs/format.js';
import { openScanContent } from '../db/streams/scans.js';

const { values } = parseArgs({
  options: {
    'large-mb': { type: 'string' },
    rounds: { type: 'string' },
    small: { type: 'string' },
    'small-kb': { type: 'string' },
    keep: { type: 'boolean' },
    out: { type: 'string' },
  },
});
const LARGE_MB = Number(values['large-mb'] ?? 500);
const ROUNDS = Number(values.rounds ?? 3);
const SMALL = Number(values.small ?? 1000);
const SMALL_KB = Number(values['small-kb'] ?? 200);

const MiB = 1048576;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const load = () => os.loadavg().map((n) => round(n, 1));

/** A valid one-page PDF carrying `bytes` of random data in an unused stream (written piece by piece, one buffer reused). */
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
  const piece = Buffer.allocUnsafe(Math.min(BLOB_CHUNK, bytes));
  for (let left = bytes; left > 0; left -= piece.length) put(randomFillSync(piece).subarray(0, Math.min(piece.length, left)));
  put('\nendstream\nendobj\n');
  const xref = at;
  put(`xref\n0 5\n0000000000 65535 f \n${[1, 2, 3, 4].map((n) => `${String(offsets[n]).padStart(10, '0')} 00000 n \n`).join('')}`);
  put(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  // On disk before the import starts (a scanner's file has long been written): its writeback would otherwise land in the import's fsync.
  fsyncSync(fd);
  closeSync(fd);
}

/** Raw single-core throughput (MB/s) of what a blob write computes per byte: AES-256-GCM and a SHA-256 (the HMAC's hash), one after the other. */
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
  return totalBytes / MiB / seconds;
}

/** Wall and CPU seconds (all threads of the process) of `work`, and the peak RSS while it ran. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number; peakRss: number; rssBefore: number }> {
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    const value = await work();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { value, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRss, rssBefore };
  } finally {
    clearInterval(sampler);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const root = mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-scans-'));
const results: Record<string, unknown> = { at: new Date().toISOString(), loadavgAtStart: load(), cpus: os.cpus().length, node: process.version };
try {
  const session = await createArchive(
    path.join(root, 'archive'),
    { username: 'admin', displayName: '管理员', password: 'bench password 1' },
    { kdfCost: { N: 2 ** 10, r: 8, p: 1 } },
  );
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '扫描件' });
  const store = blobsFor(session);
  const importOne = async (name: string, highWaterMark?: number) => {
    const staged = await store.receive(createReadStream(name, highWaterMark ? { highWaterMark } : {}), { name: path.basename(name), maxBytes: 4 * 1024 ** 3 });
    return staged.id;
  };

  // A first import starts the checking worker thread (its code and pdf.js load once per session), so the figures below are the work itself:
  // over one chunk, as a one-chunk PDF is checked without the worker.
  const warm = path.join(root, 'warm.pdf');
  writePdf(warm, 2 * BLOB_CHUNK);
  await session.call('scans.add', { uploadIds: [await importOne(warm)], archiveNo: file.archiveNo });

  // One large file, ROUNDS times: raw, import, raw.
  const large = path.join(root, 'large.pdf');
  writePdf(large, LARGE_MB * MiB);
  const largeMb = statSync(large).size / MiB;
  const rounds: Record<string, number>[] = [];
  let peakRss = 0;
  let rssBefore = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const rawBefore = rawThroughput(largeMb * MiB);
    let receiveSeconds = 0;
    // When each step of the write was reached, in seconds from the start.
    const steps: Partial<Record<BlobStep, number>> = {};
    const run = await measured(async () => {
      const t0 = process.hrtime.bigint();
      setBlobStepHook((step) => (steps[step] = round(Number(process.hrtime.bigint() - t0) / 1e9)));
      const id = await importOne(large, BLOB_CHUNK);
      receiveSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      return (await session.call('scans.add', { uploadIds: [id], archiveNo: file.archiveNo })).scans[0]!.id;
    });
    setBlobStepHook(null);
    const rawAfter = rawThroughput(largeMb * MiB);
    const raw = (rawBefore + rawAfter) / 2;
    peakRss = Math.max(peakRss, run.peakRss);
    rssBefore = Math.min(rssBefore, run.rssBefore);
    rounds.push({
      seconds: round(run.seconds),
      mbPerSecond: Math.round(largeMb / run.seconds),
      receiveSeconds: round(receiveSeconds),
      addSeconds: round(run.seconds - receiveSeconds),
      cpuSeconds: round(run.cpuSeconds),
      rawBefore: Math.round(rawBefore),
      rawAfter: Math.round(rawAfter),
      shareOfRaw: round(largeMb / run.seconds / raw),
      peakRssMb: Math.round(run.peakRss / MiB),
      loadavg1: load()[0]!,
      ...Object.fromEntries(Object.entries(steps).map(([step, at]) => [`at_${step}`, at])),
    });
    console.log('large round', r + 1, rounds.at(-1));
    if (r === ROUNDS - 1) {
      // The last round's scan is verified (every chunk's tag, the keyed hash) and read back whole as the viewer's route streams it.
      const verified = await measured(() => session.call('scans.verify', {}));
      const token = (await session.call('scans.open', { id: run.value })).url.split('/').pop()!;
      const read = await measured(async () => {
        let bytes = 0;
        for await (const chunk of (await openScanContent(session, token)).stream) bytes += (chunk as Buffer).length;
        return bytes;
      });
      results.largeReadBack = {
        verifySeconds: round(verified.seconds),
        verifiedOk: verified.value.ok,
        verifyPeakRssMb: Math.round(verified.peakRss / MiB),
        readSeconds: round(read.seconds),
        readMbPerSecond: Math.round(read.value / MiB / read.seconds),
        readBytesMatch: read.value === statSync(large).size,
        readPeakRssMb: Math.round(read.peakRss / MiB),
        rssBeforeMb: Math.round(verified.rssBefore / MiB),
      };
      console.log('large read back', results.largeReadBack);
    }
    // Removed, so the next round stores it again instead of finding it.
    await session.call('scans.remove', { id: run.value });
  }
  const shares = rounds.map((r) => r.shareOfRaw!);
  const best = rounds.find((r) => r.shareOfRaw === median(shares))!;
  results.large = {
    mb: Math.round(largeMb),
    rounds,
    median: { ...best },
    medianShareOfRaw: median(shares),
    peakRssMb: Math.round(peakRss / MiB),
    rssBeforeMb: Math.round(rssBefore / MiB),
  };
  console.log('large', results.large);
  rmSync(large, { force: true });

  // Many small files, each received (and checked) in turn, then one scans.add.
  const small = path.join(root, 'small');
  mkdirSync(small);
  const names: string[] = [];
  for (let i = 0; i < SMALL; i++) {
    const name = path.join(small, `scan-${i}.pdf`);
    writePdf(name, SMALL_KB * 1024);
    names.push(name);
  }
  const smallMb = names.reduce((n, name) => n + statSync(name).size, 0) / MiB;
  const rawBefore = rawThroughput(smallMb * MiB);
  let receiveSeconds = 0;
  // Milliseconds spent per step of the receives, summed over the files (from the previous step, or the start of the file's receive).
  // A file's fsync ends in the background, during later receives: what a receive spends after its check is waiting for those.
  const stepMs: Partial<Record<BlobStep, number>> = {};
  let since = process.hrtime.bigint();
  const run = await measured(async () => {
    const t0 = process.hrtime.bigint();
    const ids: string[] = [];
    setBlobStepHook((step) => {
      if (step === 'fsynced') return;
      const now = process.hrtime.bigint();
      stepMs[step] = (stepMs[step] ?? 0) + Number(now - since) / 1e6;
      since = now;
    });
    for (const name of names) {
      since = process.hrtime.bigint();
      ids.push(await importOne(name));
    }
    setBlobStepHook(null);
    receiveSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await session.call('scans.add', { uploadIds: ids, archiveNo: file.archiveNo });
  });
  const rawAfter = rawThroughput(smallMb * MiB);
  results.small = {
    files: SMALL,
    kb: SMALL_KB,
    seconds: round(run.seconds),
    msPerFile: round((run.seconds / SMALL) * 1000, 1),
    filesPerSecond: Math.round(SMALL / run.seconds),
    mbPerSecond: round(smallMb / run.seconds, 1),
    receiveSeconds: round(receiveSeconds),
    receiveMsPerFile: round((receiveSeconds / SMALL) * 1000, 1),
    addSeconds: round(run.seconds - receiveSeconds),
    cpuSeconds: round(run.cpuSeconds),
    rawBefore: Math.round(rawBefore),
    rawAfter: Math.round(rawAfter),
    shareOfRaw: round(smallMb / run.seconds / ((rawBefore + rawAfter) / 2)),
    peakRssMb: Math.round(run.peakRss / MiB),
    ...Object.fromEntries(Object.entries(stepMs).map(([step, ms]) => [`msPerFileTo_${step}`, round(ms / SMALL)])),
    msPerFileWaitingForFsyncs: round((receiveSeconds * 1000 - Object.values(stepMs).reduce((a, b) => a + b, 0)) / SMALL),
  };
  console.log('small', results.small);
  results.loadavgAtEnd = load();
  session.close();
  writeFileSync(values.out ?? path.join(import.meta.dirname, 'scans-results.json'), JSON.stringify(results, null, 2) + '\n');
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}
process.exit(0);
