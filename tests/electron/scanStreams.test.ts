/**
 * Electron's scan byte streams: app:// uploads into the engine's encrypted blob store (with
 * browser mode's refusals) and `app://dossier/api/scans/<token>` read from the engine process
 * in acknowledged chunks, Range included. The engine side is the real one, in-process; the
 * messages cross asynchronously and structured-cloned, as between the two processes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import sharp from 'sharp';
import { MAX_HELD_PAGE_BYTES, PAGE_TTL_MS, RenderedPages } from '../../db/streams/pages.js';
import { pdfBytes, tiffBytes } from '../fixtures/scanFiles.js';
import { EngineClient } from '../../electron/engineClient.js';
import { serveEngine } from '../../electron/engineHost.js';
import { DOWNLOAD_CHUNK, DOWNLOAD_WINDOW } from '../../electron/engineProtocol.js';
import type { FromEngine, ToEngine } from '../../electron/engineProtocol.js';
import { createAppRequestHandler } from '../../electron/protocol.js';
import type { AppRequestHandler } from '../../electron/protocol.js';

vi.mock('electron', () => ({}));

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Counts of what crossed, to see the window hold. */
interface Traffic {
  chunks: number;
  chunkBytes: number;
  acks: number;
  uploadChunks: number;
  /** Largest number of download chunks sent and not yet acknowledged. */
  maxUnacked: number;
}

async function unlockedEngine() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-scanstreams-'));
  const host = new ArchiveHost(path.join(dir, 'archive'), { kdfCost: { N: 2 ** 10, r: 8, p: 1 } });
  const listeners: Record<string, ((value: never) => void)[]> = { message: [], exit: [] };
  const traffic: Traffic = { chunks: 0, chunkBytes: 0, acks: 0, uploadChunks: 0, maxUnacked: 0 };
  let toEngine: ((message: ToEngine) => void) | null = null;
  serveEngine(host, {
    on: (l) => (toEngine = l),
    post: (m: FromEngine) => {
      if (m.type === 'download-chunk') {
        traffic.chunks++;
        traffic.chunkBytes += m.bytes.byteLength;
        expect(m.bytes.byteLength).toBeLessThanOrEqual(DOWNLOAD_CHUNK);
        traffic.maxUnacked = Math.max(traffic.maxUnacked, traffic.chunks - traffic.acks);
      }
      const copy = structuredClone(m);
      setImmediate(() => listeners.message!.forEach((l) => l(copy as never)));
    },
  });
  const client = new EngineClient({
    postMessage: (m) => {
      if (m.type === 'download-ack') traffic.acks++;
      if (m.type === 'upload-chunk') traffic.uploadChunks++;
      const copy = structuredClone(m);
      setImmediate(() => toEngine!(copy));
    },
    on: (event: string, listener: (value: never) => void) => listeners[event]!.push(listener),
    kill: () => true,
  });
  const root = mkdtempSync(path.join(tmpdir(), 'dossier-root-'));
  cleanups.push(() => {
    host.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });
  await client.invoke('archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
  const owner = (await client.invoke('clients.create', { name: '北京宏远建工集团有限公司' })) as { id: string };
  const file = (await client.invoke('files.create', { clientId: owner.id, title: '客户基本资料' })) as { archiveNo: string };
  const handler = createAppRequestHandler(root, client);
  return { host, client, handler, traffic, archiveNo: file.archiveNo };
}

type Json = { ok: boolean; value?: { id: string; kind: string; pageCount: number; size: number }; error?: { code: string } };

function postScan(handler: AppRequestHandler, name: string, body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Response> {
  const streamed = body instanceof ReadableStream;
  return handler(
    new Request(`app://dossier/api/upload?purpose=scan&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers,
      body,
      ...(streamed ? { duplex: 'half' } : {}),
    } as RequestInit),
  );
}

/** The bytes as a request body stream in pieces of `piece`. */
function streamOf(bytes: Buffer, piece = 256 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + piece)));
      at += piece;
    },
  });
}

/** A valid one-page PDF carrying `junkBytes` of random bytes in an unused stream: big, cheap to check. */
function bigPdf(junkBytes: number): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  const add = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    at += buf.length;
  };
  const obj = (n: number, ...body: (Buffer | string)[]) => {
    offsets[n] = at;
    add(`${n} 0 obj\n`);
    body.forEach(add);
    add('\nendobj\n');
  };
  add('%PDF-1.4\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>');
  obj(4, '<< /Length 0 >>\nstream\n\nendstream');
  const junk = randomBytes(junkBytes);
  obj(5, `<< /Length ${junk.length} >>\nstream\n`, junk, '\nendstream');
  const xref = at;
  add(
    `xref\n0 6\n0000000000 65535 f \n${offsets
      .slice(1)
      .map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)
      .join('')}`,
  );
  add(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

async function stored(e: Awaited<ReturnType<typeof unlockedEngine>>, bytes: Buffer, name: string): Promise<string> {
  const res = await postScan(e.handler, name, streamOf(bytes));
  const body = (await res.json()) as Json;
  expect([res.status, body.ok]).toEqual([200, true]);
  const added = (await e.client.invoke('scans.add', { uploadIds: [body.value!.id], archiveNo: e.archiveNo })) as { scans: { id: string }[] };
  const opened = (await e.client.invoke('scans.open', { id: added.scans[0]!.id })) as { url: string };
  expect(opened.url).toMatch(/^\/api\/scans\//);
  return `app://dossier${opened.url}`;
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('app:// scan routes', { timeout: 300_000 }, () => {
  it('stores an uploaded scan and serves the whole scan and byte ranges of it (206, Content-Range, Accept-Ranges)', async () => {
    const e = await unlockedEngine();
    const pdf = await pdfBytes('served in ranges over app', 2);
    const res = await postScan(e.handler, '营业执照.pdf', pdf, { 'content-type': 'application/pdf' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const staged = ((await res.json()) as Json).value!;
    expect([staged.kind, staged.pageCount, staged.size]).toEqual(['pdf', 2, pdf.length]);
    const added = (await e.client.invoke('scans.add', { uploadIds: [staged.id], archiveNo: e.archiveNo })) as { scans: { id: string }[] };
    const opened = (await e.client.invoke('scans.open', { id: added.scans[0]!.id })) as { url: string };
    const url = `app://dossier${opened.url}`;

    const whole = await e.handler(new Request(url));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(pdf.length));
    expect(whole.headers.get('content-disposition')).toMatch(/^inline; .*filename\*=UTF-8''%E8%90%A5/);
    expect(Buffer.from(await whole.arrayBuffer()).equals(pdf)).toBe(true);

    const part = await e.handler(new Request(url, { headers: { range: 'bytes=100-1099' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${pdf.length}`);
    expect(part.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await part.arrayBuffer()).equals(pdf.subarray(100, 1100))).toBe(true);

    const open = await e.handler(new Request(url, { headers: { range: `bytes=${pdf.length - 50}-` } }));
    expect([open.status, open.headers.get('content-range')]).toEqual([206, `bytes ${pdf.length - 50}-${pdf.length - 1}/${pdf.length}`]);
    expect(Buffer.from(await open.arrayBuffer()).equals(pdf.subarray(pdf.length - 50))).toBe(true);
    const tail = await e.handler(new Request(url, { headers: { range: 'bytes=-10' } }));
    expect(Buffer.from(await tail.arrayBuffer()).equals(pdf.subarray(pdf.length - 10))).toBe(true);
    const beyond = await e.handler(new Request(url, { headers: { range: `bytes=${pdf.length}-` } }));
    expect([beyond.status, beyond.headers.get('content-range')]).toEqual([416, `bytes */${pdf.length}`]);

    // A token never given out: 404 with the translated error; a write to the route: 405.
    const unknown = await e.handler(new Request('app://dossier/api/scans/not-a-token'));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).error!.code).toBe('scans.notFound');
    expect((await e.handler(new Request(url, { method: 'POST', body: 'x' }))).status).toBe(405);

    // Locked: the token is gone with the session; the route says locked (409), uploads too.
    await e.client.invoke('session.lock', {});
    const locked = await e.handler(new Request(url));
    expect([locked.status, ((await locked.json()) as Json).error!.code]).toEqual([409, 'archive.locked']);
    const lockedUpload = await postScan(e.handler, 'a.pdf', pdf);
    expect([lockedUpload.status, ((await lockedUpload.json()) as Json).error!.code]).toEqual([409, 'archive.locked']);
  });

  it('refuses what browser mode refuses, with the same statuses and translated errors, and stores none of it', async () => {
    const e = await unlockedEngine();
    const pdf = await pdfBytes('refusals', 1);
    const refusal = async (body: Buffer | ReadableStream<Uint8Array>, name: string, headers: Record<string, string> = {}) => {
      const res = await postScan(e.handler, name, body, headers);
      return [res.status, ((await res.json()) as Json).error?.code];
    };
    expect(await refusal(Buffer.from('MZ an executable, not a scan'), 'x.pdf')).toEqual([415, 'scans.unsupportedType']);
    expect(await refusal(pdf.subarray(0, 200), 'cut.pdf')).toEqual([422, 'scans.truncated']);
    expect(await refusal(pdf, 'a/b.pdf')).toEqual([422, 'scans.badName']);
    expect(await refusal(Buffer.alloc(0), 'empty.pdf')).toEqual([422, expect.stringMatching(/^scans\./)]);

    await e.client.invoke('scans.setLimits', { maxMb: 1 });
    const big = bigPdf(3 * 1024 * 1024);
    // Declared too large: refused before a byte crosses to the engine.
    const before = e.traffic.uploadChunks;
    expect(await refusal(big, 'big.pdf', { 'content-length': String(big.length) })).toEqual([413, 'scans.tooLarge']);
    expect(e.traffic.uploadChunks).toBe(before);
    // Streamed without a length: cut off once past the limit, well before the end.
    const streamedBefore = e.traffic.uploadChunks;
    expect(await refusal(streamOf(big, 64 * 1024), 'big.pdf')).toEqual([413, 'scans.tooLarge']);
    expect(e.traffic.uploadChunks - streamedBefore).toBeLessThan(big.length / (64 * 1024));
    await expect(e.client.invoke('scans.inbox', {})).resolves.toEqual([]);
  });

  it('an upload the page abandons half way (cancel) leaves nothing in the blob store', async () => {
    const e = await unlockedEngine();
    const big = bigPdf(4 * 1024 * 1024);
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.error(new Error('the user cancelled'));
        controller.enqueue(new Uint8Array(big.subarray(sent, sent + 256 * 1024)));
        sent += 256 * 1024;
      },
    });
    const res = await postScan(e.handler, '半途.pdf', failing);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const blobs = path.join(e.host.dir, 'blobs');
    // The engine's receive ends with the aborted body and removes its temporary file.
    await expect.poll(() => (existsSync(blobs) ? readdirSync(blobs) : []), { timeout: 10_000 }).toEqual([]);
    // The next upload is not disturbed.
    expect((await postScan(e.handler, '完整.pdf', big)).status).toBe(200);
  });

  it('streams a 30 MB scan from the engine in many acknowledged chunks, never more than the window ahead of the reader', async () => {
    const e = await unlockedEngine();
    const big = bigPdf(30 * 1024 * 1024);
    const url = await stored(e, big, '大档案.pdf');

    const res = await e.handler(new Request(url));
    expect([res.status, res.headers.get('content-length')]).toEqual([200, String(big.length)]);
    const reader = res.body!.getReader();
    const hash = createHash('sha256');
    let read = 0;
    let pieces = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      read += value.byteLength;
      pieces++;
      if (pieces % 5 === 0) {
        // A slow page: the engine may not run ahead while nobody reads.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(e.traffic.chunks - e.traffic.acks).toBeLessThanOrEqual(DOWNLOAD_WINDOW);
      }
    }
    expect(read).toBe(big.length);
    expect(hash.digest('hex')).toBe(sha(big));
    expect(e.traffic.chunks).toBeGreaterThanOrEqual(30);
    expect(e.traffic.maxUnacked).toBeLessThanOrEqual(DOWNLOAD_WINDOW);

    // A range deep inside the big scan crosses as only its own bytes.
    const chunksBefore = e.traffic.chunkBytes;
    const part = await e.handler(new Request(url, { headers: { range: 'bytes=20000000-20999999' } }));
    expect(part.status).toBe(206);
    expect(sha(new Uint8Array(await part.arrayBuffer()))).toBe(sha(big.subarray(20_000_000, 21_000_000)));
    expect(e.traffic.chunkBytes - chunksBefore).toBe(1_000_000);

    // A damaged chunk on disk: the stream stops with an error where it is, it never hands over altered bytes.
    const db = e.host.current!.db;
    const blob = db.one(db.k.selectFrom('blobs').select('id').where('size', '=', big.length))!;
    const blobFile = path.join(e.host.dir, 'blobs', `${blob.id}.blob`);
    const damaged = readFileSync(blobFile);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    writeFileSync(blobFile, damaged);
    const broken = await e.handler(new Request(url));
    expect(broken.status).toBe(200);
    const brokenReader = broken.body!.getReader();
    let delivered = 0;
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await brokenReader.read();
          if (done) return;
          expect(Buffer.from(value).equals(big.subarray(delivered, delivered + value.byteLength))).toBe(true);
          delivered += value.byteLength;
        }
      })(),
    ).rejects.toThrow();
    expect(delivered).toBeLessThan(big.length);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    writeFileSync(blobFile, damaged);

    // The page stops reading: the engine stops sending.
    const cancelled = await e.handler(new Request(url));
    const partial = cancelled.body!.getReader();
    await partial.read();
    await partial.read();
    await partial.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sentAfterCancel = e.traffic.chunks;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(e.traffic.chunks).toBe(sentAfterCancel);
  });
});

describe('pages drawn by the engine (pages.render) through the page route', { timeout: 300_000 }, () => {
  it('gives a TIFF page as PNG bytes from app://…/api/pages/<token> once, not as base64 in the answer, and audits each view of a 机密 file', async () => {
    const e = await unlockedEngine();
    const owner = (await e.client.invoke('clients.create', { name: '深圳博达科技有限公司' })) as { id: string };
    const secret = (await e.client.invoke('files.create', { clientId: owner.id, title: '股权转让协议', confidentiality: 'confidential' })) as { archiveNo: string };
    const tiff = await tiffBytes(2, 7, 400, 300);
    const res = await postScan(e.handler, '协议.tif', tiff);
    const staged = ((await res.json()) as Json).value!;
    expect([staged.kind, staged.pageCount]).toEqual(['tiff', 2]);
    const added = (await e.client.invoke('scans.add', { uploadIds: [staged.id], archiveNo: secret.archiveNo })) as { scans: { id: string }[] };
    const views = () => e.host.current!.db.all(e.host.current!.db.k.selectFrom('audit_log').select('action').where('action', '=', 'scans.view')).length;
    const before = views();

    const drawn = (await e.client.invoke('pages.render', { scanId: added.scans[0]!.id, page: 2, maxSide: 200 })) as Record<string, unknown> & { url: string; size: number };
    expect(drawn).not.toHaveProperty('base64');
    expect(drawn.url).toMatch(/^\/api\/pages\/[\w-]+$/);
    expect(views()).toBe(before + 1);

    const page = await e.handler(new Request(`app://dossier${drawn.url}`));
    expect([page.status, page.headers.get('content-type'), page.headers.get('content-length')]).toEqual([200, 'image/png', String(drawn.size)]);
    const png = Buffer.from(await page.arrayBuffer());
    expect(png.length).toBe(drawn.size);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 200, 150]);
    // Once: the same link again (or a made-up one) finds nothing.
    const again = await e.handler(new Request(`app://dossier${drawn.url}`));
    expect([again.status, ((await again.json()) as Json).error!.code]).toEqual([404, 'scans.notFound']);
    expect((await e.handler(new Request('app://dossier/api/pages/made-up'))).status).toBe(404);

    // A second render is a second view.
    const next = (await e.client.invoke('pages.render', { scanId: added.scans[0]!.id, page: 1, maxSide: 200 })) as { url: string };
    expect(views()).toBe(before + 2);
    await e.client.invoke('session.lock', {});
    const locked = await e.handler(new Request(`app://dossier${next.url}`));
    expect(locked.status).toBe(409);
  });

  it('holds drawn pages for a minute at most and never more than its cap, the oldest dropped first', () => {
    let now = 0;
    const pages = new RenderedPages(() => now);
    const a = pages.keep(new Uint8Array(10));
    now += PAGE_TTL_MS + 1;
    expect(pages.take(a)).toBeUndefined();
    const big = MAX_HELD_PAGE_BYTES / 4;
    const tokens = [1, 2, 3, 4, 5].map(() => pages.keep(new Uint8Array(big)));
    expect(pages.heldBytes).toBeLessThanOrEqual(MAX_HELD_PAGE_BYTES);
    expect(pages.take(tokens[0]!)).toBeUndefined();
    expect(pages.take(tokens[4]!)?.byteLength).toBe(big);
    expect(pages.heldBytes).toBe(3 * big);
  });
});
