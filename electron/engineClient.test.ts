import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveHost } from '../db/host.js';
import { DossierError } from '../shared/errors.js';
import type { Job } from '../shared/ops/jobs.js';
import { EngineClient } from './engineClient.js';
import { serveEngine } from './engineHost.js';
import type { FromEngine, ToEngine } from './engineProtocol.js';
import { createAppRequestHandler } from './protocol.js';

vi.mock('electron', () => ({}));

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** An engine process played in-process: the real engine side, messages crossing asynchronously. */
function engine() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-engine-'));
  const host = new ArchiveHost(path.join(dir, 'archive'), { kdfCost: { N: 2 ** 10, r: 8, p: 1 } });
  const listeners: Record<string, ((value: never) => void)[]> = { message: [], exit: [] };
  let toEngine: ((message: ToEngine) => void) | null = null;
  const exit = (code: number) => listeners.exit!.forEach((l) => l(code as never));
  serveEngine(host, { on: (l) => (toEngine = l), post: (m: FromEngine) => setImmediate(() => listeners.message!.forEach((l) => l(m as never))) }, () =>
    setImmediate(() => exit(0)),
  );
  const client = new EngineClient({
    postMessage: (m) => setImmediate(() => toEngine!(structuredClone(m))),
    on: (event: string, listener: (value: never) => void) => listeners[event]!.push(listener),
    kill: () => true,
  });
  cleanups.push(() => {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { host, client, exit };
}

async function unlocked() {
  const e = engine();
  await e.client.invoke('archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
  return e;
}

async function* chunks(total: number, size = 300 * 1024): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += size) yield new Uint8Array(Math.min(size, total - sent)).fill(0x41);
}

describe('the engine client', () => {
  it('carries calls and typed errors across the process boundary', async () => {
    const { client } = await unlocked();
    await expect(client.invoke('clients.create', { name: '深圳博达科技有限公司' })).resolves.toMatchObject({ name: '深圳博达科技有限公司' });
    await expect(client.invoke('clients.get', { id: 'missing' })).rejects.toMatchObject({ code: 'client.notFound' });
  });

  it('streams an upload in acknowledged chunks, and refuses one past its limit', async () => {
    const { client, host } = await unlocked();
    const upload = (await client.upload(chunks(5 * 1024 * 1024), { name: 'a.csv', mime: 'text/csv', maxBytes: 10 * 1024 * 1024 })) as { id: string; size: number };
    expect(upload.size).toBe(5 * 1024 * 1024);
    expect(host.uploads().get(upload.id).size).toBe(5 * 1024 * 1024);
    const refused = client.upload(chunks(3 * 1024 * 1024), { name: 'a.csv', mime: 'text/csv', maxBytes: 1024 * 1024 });
    await expect(refused).rejects.toBeInstanceOf(DossierError);
    await expect(refused).rejects.toMatchObject({ code: 'import.tooLarge' });
  });

  it('fails waiting calls when the engine process ends, instead of hanging', async () => {
    const { client, exit } = engine();
    const pending = client.invoke('archive.status', {});
    exit(1);
    await expect(pending).rejects.toMatchObject({ code: 'internal' });
    await expect(client.invoke('archive.status', {})).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('app:// stream routes', () => {
  it('upload a spreadsheet for an import, refuse other types, and download a finished export', async () => {
    const { client, host } = await unlocked();
    const root = mkdtempSync(path.join(tmpdir(), 'dossier-root-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const handler = createAppRequestHandler(root, client);
    const csv = '客户名称,联系人\n西安测试建材有限公司,王经理\n';
    const post = (name: string, type: string, body: string) =>
      handler(new Request(`app://dossier/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': type }, body }));
    const ok = await post('客户.csv', 'text/csv', csv);
    expect(ok.status).toBe(200);
    const { value } = (await ok.json()) as { value: { id: string } };
    await expect(client.invoke('import.run', { kind: 'clients', fileName: '客户.csv', uploadId: value.id })).resolves.toMatchObject({ created: { clients: 1 } });
    expect((await post('a.exe', 'text/csv', 'x')).status).toBe(415);
    expect((await post('a.csv', 'text/html', 'x')).status).toBe(415);
    expect((await handler(new Request('app://dossier/api/upload?name=a.csv'))).status).toBe(405);

    const job = (await client.invoke('jobs.start', { operation: 'export.create', input: { list: 'clients', format: 'csv' } })) as Job;
    await host.current!.jobs.settled(job.id);
    const file = await handler(new Request(`app://dossier/api/download/${job.id}`));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.csv"/);
    expect(await file.text()).toContain('西安测试建材有限公司');
    expect((await handler(new Request('app://dossier/api/download/nope'))).status).toBe(404);
  });
});
