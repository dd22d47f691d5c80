import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { startBrowserServer } from '../../server/server.js';
import type { BrowserServer } from '../../server/server.js';
import type { Job } from '../../shared/ops/jobs.js';
import { TEST_KDF, tempDir } from '../helpers.js';

let running: { server: BrowserServer; host: ArchiveHost } | null = null;
afterEach(async () => {
  running?.host.close();
  await running?.server.close();
  running = null;
});

const CSV = 'text/csv';

async function start(options: { maxUploadBytes?: number; heartbeatMs?: number; lastTabGraceMs?: number } = {}) {
  const root = tempDir();
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const archive = path.join(root, 'archive');
  const host = new ArchiveHost(archive, { kdfCost: TEST_KDF });
  const server = await startBrowserServer({ host, rendererDir, ...options });
  running = { server, host };
  return { server, host, archive };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request whose body is a stream of chunks (written with backpressure). */
function send(server: BrowserServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer | AsyncIterable<Buffer> }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return req.end(body);
    void (async () => {
      try {
        for await (const chunk of body) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        req.end();
      } catch {
        // the server closed the connection (refused the upload)
      }
    })();
  });
}

const auth = (server: BrowserServer) => ({ authorization: `Bearer ${server.token}` });

async function api<T = unknown>(server: BrowserServer, operation: string, input: unknown): Promise<{ ok: boolean; value: T; error?: { code: string } }> {
  const reply = await send(server, { method: 'POST', path: `/api/${operation}`, headers: { ...auth(server), 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return JSON.parse(reply.body.toString('utf8'));
}

async function unlocked() {
  const started = await start();
  await api(started.server, 'archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
  return started;
}

function upload(server: BrowserServer, name: string, body: string | Buffer | AsyncIterable<Buffer>, headers: Record<string, string> = {}) {
  return send(server, { method: 'POST', path: `/api/upload?name=${encodeURIComponent(name)}`, headers: { ...auth(server), 'content-type': CSV, ...headers }, body });
}

async function* zeros(total: number, chunk = 1024 * 1024): AsyncGenerator<Buffer> {
  const block = Buffer.alloc(chunk, 0x41);
  for (let sent = 0; sent < total; sent += chunk) yield block.subarray(0, Math.min(chunk, total - sent));
}

describe('browser-mode uploads', () => {
  it('stream a spreadsheet in, encrypted on disk, for an import that consumes it', async () => {
    const { server, archive } = await unlocked();
    const csv = '客户名称,联系人\n西安测试建材有限公司,王经理\n宝鸡测试物流有限公司,李经理\n';
    const reply = await upload(server, '客户.csv', csv);
    expect(reply.status).toBe(200);
    const { value } = JSON.parse(reply.body.toString('utf8')) as { value: { id: string; size: number } };
    expect(value.size).toBe(Buffer.byteLength(csv));
    // Only ciphertext waits in the archive's tmp folder.
    const waiting = readdirSync(path.join(archive, 'tmp'));
    expect(waiting).toHaveLength(1);
    expect(readFileSync(path.join(archive, 'tmp', waiting[0]!)).includes(Buffer.from('西安测试'))).toBe(false);

    const check = await api<{ goodRows: number; dryRun: boolean }>(server, 'import.check', { kind: 'clients', fileName: '客户.csv', uploadId: value.id });
    expect(check.value).toMatchObject({ dryRun: true, goodRows: 2 });
    const run = await api<{ created: { clients: number } }>(server, 'import.run', { kind: 'clients', fileName: '客户.csv', uploadId: value.id });
    expect(run.value.created.clients).toBe(2);
    expect(readdirSync(path.join(archive, 'tmp'))).toEqual([]);
    expect((await api(server, 'import.run', { kind: 'clients', fileName: '客户.csv', uploadId: value.id })).error?.code).toBe('validation');
  });

  it('refuse without the token, with a wrong type or name, and past the size limit', async () => {
    const { server } = await unlocked();
    expect((await send(server, { method: 'POST', path: '/api/upload?name=a.csv', headers: { 'content-type': CSV }, body: 'a' })).status).toBe(401);
    expect((await upload(server, 'a.csv', 'a', { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await upload(server, 'a.csv', 'a', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await upload(server, 'a.exe', 'a')).status).toBe(415);
    expect((await upload(server, 'a.csv', 'a', { 'content-type': 'text/html' })).status).toBe(415);
    expect((await send(server, { method: 'GET', path: '/api/upload?name=a.csv', headers: auth(server) })).status).toBe(405);
    // Declared too large: refused before a byte is read.
    const declared = await upload(server, 'big.csv', zeros(300 * 1024 * 1024 + 1), { 'content-length': String(300 * 1024 * 1024 + 1) });
    expect(declared.status).toBe(413);
    // Streamed (chunked) past the limit: cut off, nothing kept.
    const streamed = await upload(server, 'big.csv', zeros(201 * 1024 * 1024));
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body.toString('utf8')).error.code).toBe('import.tooLarge');
    expect(readdirSync(path.join(running!.host.dir, 'tmp'))).toEqual([]);
  });

  it('need an unlocked archive, and vanish when it locks', async () => {
    const { server, archive } = await unlocked();
    expect((await upload(server, 'a.csv', 'x,y\n')).status).toBe(200);
    await api(server, 'session.lock', {});
    expect(readdirSync(path.join(archive, 'tmp'))).toEqual([]);
    expect((await upload(server, 'a.csv', 'x,y\n')).status).toBe(409);
  });

  it('stream 300 MB in bounded memory', { timeout: 60_000 }, async () => {
    const { server } = await start({ maxUploadBytes: 400 * 1024 * 1024 });
    await api(server, 'archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const reply = await upload(server, 'big.csv', zeros(300 * 1024 * 1024));
    clearInterval(sampler);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body.toString('utf8')).value.size).toBe(300 * 1024 * 1024);
    // The client and the server share this process: both together stay far below the file.
    expect(peak - before).toBeLessThan(120 * 1024 * 1024);
  });
});

describe('browser-mode downloads', () => {
  it('stream a finished export with its name and type, to the token holder only', async () => {
    const { server } = await unlocked();
    await api(server, 'clients.create', { name: '深圳博达科技有限公司' });
    const job = (await api<Job>(server, 'jobs.start', { operation: 'export.create', input: { list: 'clients', format: 'csv' } })).value;
    await running!.host.current!.jobs.settled(job.id);
    expect((await send(server, { path: `/api/download/${job.id}` })).status).toBe(401);
    const reply = await send(server, { path: `/api/download/${job.id}`, headers: auth(server) });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/csv');
    expect(reply.headers['content-disposition']).toMatch(/^attachment; filename=".*\.csv"; filename\*=UTF-8''/);
    expect(reply.body.toString('utf8')).toContain('深圳博达科技有限公司');
    expect((await send(server, { path: '/api/download/no-such-job', headers: auth(server) })).status).toBe(404);
  });
});

/** Reads an SSE stream until `until` says stop; the parsed events. */
function events(server: BrowserServer, headers: Record<string, string>, until: (seen: { event: string; data: unknown }[]) => boolean) {
  return new Promise<{ status: number; seen: { event: string; data: unknown }[]; comments: number }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const seen: { event: string; data: unknown }[] = [];
      let comments = 0;
      let buffer = '';
      const finish = () => resolve({ status: res.statusCode ?? 0, seen, comments });
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) comments++;
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) seen.push({ event, data: JSON.parse(data) });
        }
        if (until(seen)) {
          finish();
          req.destroy();
        }
      });
      res.on('end', finish);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode events', () => {
  it('carry job progress to the token holder, beat while idle, and end when the archive locks', async () => {
    const { server } = await start({ heartbeatMs: 20 });
    expect((await events(server, {}, () => true)).status).toBe(401);
    expect((await events(server, { ...auth(server), origin: 'http://evil.example' }, () => true)).status).toBe(403);
    // Locked: the stream says so and ends.
    expect((await events(server, auth(server), () => false)).seen).toEqual([{ event: 'locked', data: {} }]);

    await api(server, 'archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
    for (let i = 0; i < 20; i++) await api(server, 'clients.create', { name: `宝鸡测试物流有限公司${i}` });
    const stream = events(server, auth(server), (seen) => seen.some((e) => e.event === 'locked'));
    await new Promise((r) => setTimeout(r, 100));
    const job = (await api<Job>(server, 'jobs.start', { operation: 'export.create', input: { list: 'clients' } })).value;
    await running!.host.current!.jobs.settled(job.id);
    await api(server, 'session.lock', {});
    const { seen, comments } = await stream;
    expect(comments).toBeGreaterThan(0);
    const mine = seen.filter((e) => e.event === 'job' && (e.data as Job).id === job.id).map((e) => e.data as Job);
    expect(mine[0]!.state).toBe('running');
    expect(mine.at(-1)).toMatchObject({ state: 'done', result: { rows: 20 } });
    expect(seen.at(-1)).toEqual({ event: 'locked', data: {} });
  });
});

describe('the last tab', () => {
  /** An event stream that stays open until `close()` (a tab showing the session). */
  function tab(server: BrowserServer) {
    let req: ReturnType<typeof request> | null = null;
    const opened = new Promise<void>((resolve, reject) => {
      req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { host: `127.0.0.1:${server.port}`, ...auth(server) } }, (res) => {
        res.on('data', () => resolve());
        res.on('error', () => undefined);
      });
      req.on('error', () => undefined);
      req.end();
      setTimeout(() => reject(new Error('no stream')), 2000).unref();
    });
    return { opened, close: () => req!.destroy() };
  }
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('locks the session when its last tab has gone, but not on a reload or while another tab is open', async () => {
    const { server, host } = await start({ lastTabGraceMs: 300, heartbeatMs: 50 });
    await api(server, 'archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
    await api(server, 'clients.create', { name: '宝鸡测试物流有限公司' });
    const first = tab(server);
    await first.opened;
    const second = tab(server);
    await second.opened;
    // One of two tabs closed: still unlocked.
    first.close();
    await wait(600);
    expect(host.current).not.toBeNull();
    // A reload: the stream closes and reopens at once.
    second.close();
    await wait(50);
    const reloaded = tab(server);
    await reloaded.opened;
    await wait(600);
    expect(host.current).not.toBeNull();
    // The last tab closed: locked after the grace period; a new tab finds it locked.
    reloaded.close();
    await wait(100);
    expect(host.current).not.toBeNull();
    await wait(600);
    expect(host.current).toBeNull();
    expect((await events(server, auth(server), () => false)).seen).toEqual([{ event: 'locked', data: {} }]);
    expect((await api(server, 'clients.list', {})).ok).toBe(false);
  });
});
