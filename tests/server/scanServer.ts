/** A browser-mode server over a new archive with one client file, for the scan route tests; requests carry its bearer token. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { startBrowserServer } from '../../server/server.js';
import type { BrowserServer } from '../../server/server.js';
import { TEST_KDF, tempDir } from '../helpers.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function send(server: BrowserServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
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

/** A contract call's value; a refusal throws. */
export async function api<T>(server: BrowserServer, operation: string, input: unknown): Promise<T> {
  const reply = await send(server, { method: 'POST', path: `/api/${operation}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const parsed = JSON.parse(reply.body.toString('utf8')) as { ok: boolean; value: T; error?: unknown };
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

let running: { server: BrowserServer; host: ArchiveHost } | null = null;
afterEach(async () => {
  running?.host.close();
  await running?.server.close();
  running = null;
});

/** The server (closed after the test), its archive signed in as the administrator, and one file to attach scans to. */
export async function serveArchiveWithFile(): Promise<{ server: BrowserServer; host: ArchiveHost; archiveNo: string }> {
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
  return { server, host, archiveNo: file.archiveNo };
}
