/** Browser mode's page route: a page `pages.render` drew is fetched once from GET /api/pages/<token>, behind the bearer token. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { startBrowserServer } from '../../server/server.js';
import type { BrowserServer } from '../../server/server.js';
import { TEST_KDF, tempDir } from '../helpers.js';
import { tiffBytes } from '../fixtures/scanFiles.js';

let running: { server: BrowserServer; host: ArchiveHost } | null = null;
afterEach(async () => {
  running?.host.close();
  await running?.server.close();
  running = null;
});

function send(server: BrowserServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
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

describe('page route (browser mode)', { timeout: 120_000 }, () => {
  it('hands a drawn TIFF page over once as PNG bytes, only with the bearer token', async () => {
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
    const up = await send(server, { method: 'POST', path: `/api/upload?purpose=scan&name=${encodeURIComponent('图纸.tif')}`, body: await tiffBytes(2, 3, 320, 240) });
    const staged = (JSON.parse(up.body.toString()) as { value: { id: string } }).value;
    const { scans } = await api<{ scans: { id: string }[] }>(server, 'scans.add', { uploadIds: [staged.id], archiveNo: file.archiveNo });

    const drawn = await api<{ url: string; size: number }>(server, 'pages.render', { scanId: scans[0]!.id, page: 1, maxSide: 160 });
    expect(drawn.url).toMatch(/^\/api\/pages\//);
    // Without the session's token: nothing, and the page is still there for the right caller.
    expect((await send(server, { path: drawn.url, headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const page = await send(server, { path: drawn.url });
    expect([page.status, page.headers['content-type'], page.body.length]).toEqual([200, 'image/png', drawn.size]);
    const meta = await sharp(page.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 160, 120]);
    const again = await send(server, { path: drawn.url });
    expect([again.status, (JSON.parse(again.body.toString()) as { error: { code: string } }).error.code]).toEqual([404, 'scans.notFound']);
    expect((await send(server, { method: 'POST', path: drawn.url })).status).toBe(405);
  });
});
