/** Browser mode's scan byte streams: an upload straight into the encrypted store, refusals by status, the viewer's Range reads. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { startBrowserServer } from '../../server/server.js';
import type { BrowserServer } from '../../server/server.js';
import { TEST_KDF, tempDir } from '../helpers.js';
import { pdfBytes } from '../fixtures/scanFiles.js';

let running: { server: BrowserServer; host: ArchiveHost } | null = null;
afterEach(async () => {
  running?.host.close();
  await running?.server.close();
  running = null;
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(server: BrowserServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function api<T>(server: BrowserServer, operation: string, input: unknown): Promise<T> {
  const reply = await send(server, { method: 'POST', path: `/api/${operation}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const parsed = JSON.parse(reply.body.toString('utf8')) as { ok: boolean; value: T; error?: unknown };
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

describe('scan streams (browser mode)', { timeout: 300_000 }, () => {
  it('takes a scan as a byte stream, refuses bad ones by status, and serves byte ranges of the decrypted scan', async () => {
    const root = tempDir();
    const rendererDir = path.join(root, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const host = new ArchiveHost(path.join(root, 'archive'), { kdfCost: TEST_KDF });
    const server = await startBrowserServer({ host, rendererDir });
    running = { server, host };
    await api(server, 'archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
    const client = await api<{ id: string }>(server, 'clients.create', { name: '北京宏远建工集团有限公司' });
    const file = await api<{ archiveNo: string }>(server, 'files.create', { clientId: client.id, title: '客户基本资料' });

    const pdf = await pdfBytes('served in ranges', 2);
    const up = await send(server, {
      method: 'POST',
      path: `/api/upload?purpose=scan&name=${encodeURIComponent('执照.pdf')}`,
      headers: { 'content-type': 'application/octet-stream' },
      body: pdf,
    });
    expect(up.status).toBe(200);
    const staged = (JSON.parse(up.body.toString()) as { value: { id: string; pageCount: number; kind: string } }).value;
    expect([staged.kind, staged.pageCount]).toEqual(['pdf', 2]);

    const refusal = async (body: Buffer, name: string) => {
      const r = await send(server, { method: 'POST', path: `/api/upload?purpose=scan&name=${encodeURIComponent(name)}`, body });
      return [r.status, (JSON.parse(r.body.toString()) as { error: { code: string } }).error.code];
    };
    expect(await refusal(Buffer.from('MZ an executable'), 'x.pdf')).toEqual([415, 'scans.unsupportedType']);
    expect(await refusal(pdf.subarray(0, 200), 'cut.pdf')).toEqual([422, 'scans.truncated']);
    expect(await refusal(pdf, 'a/b.pdf')).toEqual([422, 'scans.badName']);

    const { scans } = await api<{ scans: { id: string }[] }>(server, 'scans.add', { uploadIds: [staged.id], archiveNo: file.archiveNo });
    const opened = await api<{ url: string; size: number; mimeType: string }>(server, 'scans.open', { id: scans[0]!.id });
    const whole = await send(server, { path: opened.url });
    expect([whole.status, whole.headers['content-type'], whole.body.equals(pdf)]).toEqual([200, 'application/pdf', true]);
    const part = await send(server, { path: opened.url, headers: { range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${pdf.length}`);
    expect(part.body.equals(pdf.subarray(100, 1100))).toBe(true);
    const tail = await send(server, { path: opened.url, headers: { range: 'bytes=-10' } });
    expect(tail.body.equals(pdf.subarray(pdf.length - 10))).toBe(true);
    // A token not given out, or without the session's bearer token: nothing.
    expect((await send(server, { path: '/api/scans/not-a-token' })).status).toBe(404);
    expect((await send(server, { path: opened.url, headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});
