import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { startBrowserServer } from '../../server/server.js';
import type { BrowserServer } from '../../server/server.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { TEST_KDF, tempDir } from '../helpers.js';

let running: { server: BrowserServer; host: ArchiveHost } | null = null;
afterEach(async () => {
  running?.host.close();
  await running?.server.close();
  running = null;
});

async function start() {
  const root = tempDir();
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Dossier</title>');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  const host = new ArchiveHost(path.join(root, 'archive'), { kdfCost: TEST_KDF });
  const server = await startBrowserServer({ host, rendererDir });
  running = { server, host };
  return server;
}

/** A raw request, so tests control the Host header and the path exactly. */
function send(server: BrowserServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function api(server: BrowserServer, operation: string, input: unknown, token = server.token) {
  return send(server, {
    method: 'POST',
    path: `/api/${operation}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
}

describe('browser-mode server', () => {
  it('listens on loopback and prints a URL with a fresh random token', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
    const other = await startBrowserServer({ host: new ArchiveHost(tempDir()), rendererDir: tempDir() });
    expect(other.token).not.toBe(server.token);
    await other.close();
  });

  it('carries the contract over HTTP: create, lend, refuse a second loan with a typed error', async () => {
    const server = await start();
    expect(JSON.parse((await api(server, 'archive.status', {})).body)).toEqual({ ok: true, value: { state: 'missing', archiveName: null, user: null } });
    const created = JSON.parse((await api(server, 'archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } })).body);
    expect(created.value.role).toBe('admin');
    const client = JSON.parse((await api(server, 'clients.create', { name: '深圳博达科技有限公司' })).body).value;
    const file = JSON.parse((await api(server, 'files.create', { clientId: client.id, title: '基本资料' })).body).value;
    await api(server, 'departments.add', { name: '销售部' });
    await api(server, 'people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
    await api(server, 'people.add', { kind: 'staff', name: '王芳', department: '销售部', staffNo: 'S002' });
    const paperApproval = { signedBy: '赵经理', signedOn: '2026-01-05' };
    expect(JSON.parse((await api(server, 'loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval })).body).ok).toBe(true);
    const again = await api(server, 'loans.lend', { archiveNo: file.archiveNo, borrower: 'S002', paperApproval });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ ok: false, error: { code: 'loan.alreadyOnLoan', params: { borrower: '销售部 李明' } } });
    const invalid = JSON.parse((await api(server, 'clients.create', { name: 42 })).body);
    expect(invalid.error.code).toBe('validation');
    const unknown = JSON.parse((await api(server, 'system.shutdown', {})).body);
    expect(unknown.error.code).toBe('transport.unknownOperation');
    const locked = JSON.parse((await api(server, 'session.lock', {})).body);
    expect(locked.ok).toBe(true);
    expect(JSON.parse((await api(server, 'clients.list', {})).body).error.code).toBe('archive.locked');
  });

  it('refuses API calls without the token, from another origin, or through another Host name', async () => {
    const server = await start();
    expect((await api(server, 'archive.status', {}, 'wrong-token')).status).toBe(401);
    expect((await send(server, { method: 'POST', path: '/api/archive.status', body: '{}' })).status).toBe(401);
    const crossOrigin = await send(server, {
      method: 'POST',
      path: '/api/archive.status',
      headers: { authorization: `Bearer ${server.token}`, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    const rebinding = await send(server, {
      method: 'POST',
      path: '/api/archive.status',
      headers: { host: `evil.example:${server.port}`, authorization: `Bearer ${server.token}` },
      body: '{}',
    });
    expect(rebinding.status).toBe(421);
    expect((await send(server, { method: 'GET', path: '/api/archive.status', headers: { authorization: `Bearer ${server.token}` } })).status).toBe(405);
    const badJson = await send(server, { method: 'POST', path: '/api/archive.status', headers: { authorization: `Bearer ${server.token}` }, body: '{nope' });
    expect(JSON.parse(badJson.body).error.code).toBe('validation');
  });

  it('serves the renderer with the CSP and refuses paths outside it', async () => {
    const server = await start();
    const index = await send(server, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['content-type']).toContain('text/html');
    expect((await send(server, { path: '/../secret.txt' })).status).toBe(404);
    expect((await send(server, { path: '/%2e%2e/secret.txt' })).status).toBe(404);
    expect((await send(server, { path: '/missing.js' })).status).toBe(404);
    expect((await send(server, { method: 'DELETE', path: '/index.html' })).status).toBe(405);
  });
});
