import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { ArchiveHost } from '../db/host.js';
import { DossierError } from '../shared/errors.js';
import { INVOKE_CHANNEL } from './constants.js';
import { handleInvoke, isPlainData, isTrustedSender, registerIpc } from './ipc.js';
import type { InvokeResult, InvokeTarget } from './ipc.js';

vi.mock('electron', () => ({}));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<InvokeResult>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: Handler) => {
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
}

function eventFrom(url: string | null, parent: unknown = null): IpcMainInvokeEvent {
  const senderFrame = url === null ? null : { url, parent };
  return { senderFrame } as unknown as IpcMainInvokeEvent;
}

const trusted = eventFrom('app://dossier/index.html#/clients');

function setup(target: InvokeTarget) {
  const ipc = fakeIpcMain();
  const unregister = registerIpc(ipc, target);
  const handler = ipc.handlers.get(INVOKE_CHANNEL);
  if (!handler) throw new Error('no handler registered');
  return { ipc, handler, unregister };
}

const spyTarget = () => ({ invoke: vi.fn(async (_op: string, _input: unknown): Promise<unknown> => ({ called: true })) });
const quiet = () => {};

describe('sender validation', () => {
  it('accepts only the top frame of app://dossier', () => {
    expect(isTrustedSender(trusted)).toBe(true);
    expect(isTrustedSender(eventFrom('app://dossier/'))).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://localhost:5173/',
      'file:///work/main/dist/renderer/index.html',
      'app://dossier.evil/index.html',
      'app://evil/index.html',
      'app://dossier@evil/index.html',
      'app://x@dossier/index.html',
      'app://dossier:8080/index.html',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      '',
    ]) {
      expect(isTrustedSender(eventFrom(url)), url).toBe(false);
    }
    expect(isTrustedSender(eventFrom(null))).toBe(false);
    // An iframe on our own origin is not the app.
    expect(isTrustedSender(eventFrom('app://dossier/index.html', { url: 'app://dossier/index.html' }))).toBe(false);
  });

  it('refuses a message from an untrusted sender without touching the host', async () => {
    const target = spyTarget();
    const { handler } = setup(target);
    const result = await handler(eventFrom('https://evil.example/'), 'archive.status', {});
    expect(result).toEqual({ ok: false, error: { code: 'transport.unauthorized', params: {} } });
    const gone = await handler(eventFrom(null), 'archive.status', {});
    expect(gone).toMatchObject({ ok: false, error: { code: 'transport.unauthorized' } });
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it('treats a throwing senderFrame getter as untrusted', async () => {
    const target = spyTarget();
    const { handler } = setup(target);
    const event = Object.defineProperty({}, 'senderFrame', {
      get() {
        throw new Error('Render frame was disposed');
      },
    }) as IpcMainInvokeEvent;
    await expect(handler(event, 'archive.status', {})).resolves.toMatchObject({ ok: false, error: { code: 'transport.unauthorized' } });
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it('registers exactly one channel and can remove it', () => {
    const { ipc, unregister } = setup(spyTarget());
    expect(ipc.handle).toHaveBeenCalledTimes(1);
    expect(ipc.handle.mock.calls[0]?.[0]).toBe('dossier:invoke');
    unregister();
    expect(ipc.removeHandler).toHaveBeenCalledWith('dossier:invoke');
  });
});

describe('operation and payload checks', () => {
  it('refuses unknown and non-string operation names', async () => {
    const target = spyTarget();
    const { handler } = setup(target);
    await expect(handler(trusted, 'archive.destroy', {})).resolves.toEqual({
      ok: false,
      error: { code: 'transport.unknownOperation', params: { operation: 'archive.destroy' } },
    });
    // Prototype keys are not operations.
    await expect(handler(trusted, 'constructor', {})).resolves.toMatchObject({ ok: false, error: { code: 'transport.unknownOperation' } });
    await expect(handler(trusted, '__proto__', {})).resolves.toMatchObject({ ok: false, error: { code: 'transport.unknownOperation' } });
    await expect(handler(trusted, 42, {})).resolves.toEqual({ ok: false, error: { code: 'transport.unknownOperation', params: { operation: 'number' } } });
    await expect(handler(trusted, { name: 'archive.status' }, {})).resolves.toMatchObject({ ok: false, error: { code: 'transport.unknownOperation' } });
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it('passes plain data through and refuses everything else', async () => {
    const target = spyTarget();
    const { handler } = setup(target);
    await expect(handler(trusted, 'clients.list', { search: '张三', limit: 10, nested: [{ a: null, b: true }] })).resolves.toEqual({
      ok: true,
      value: { called: true },
    });
    await expect(handler(trusted, 'archive.status', undefined)).resolves.toMatchObject({ ok: true });
    expect(target.invoke).toHaveBeenCalledTimes(2);
    expect(target.invoke).toHaveBeenNthCalledWith(1, 'clients.list', { search: '张三', limit: 10, nested: [{ a: null, b: true }] });

    class Sneaky {
      archiveName = 'x';
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { deep };
    const bad: unknown[] = [
      new Date(),
      new Map([['a', 1]]),
      new Uint8Array(4),
      new Sneaky(),
      { when: new Date() },
      [1, 2, new Set([3])],
      { n: Number.NaN },
      { n: Infinity },
      { big: 1n },
      () => 1,
      Symbol('s'),
      cyclic,
      deep,
      { [Symbol('hidden')]: 1 },
    ];
    for (const input of bad) {
      const result = await handler(trusted, 'clients.list', input);
      expect(result, String(input)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(target.invoke).toHaveBeenCalledTimes(2);
  });

  it('isPlainData accepts shared (non-cyclic) references and null-prototype objects', () => {
    const shared = { a: 1 };
    expect(isPlainData({ x: shared, y: shared })).toBe(true);
    expect(isPlainData(Object.assign(Object.create(null) as object, { a: 'b' }))).toBe(true);
    expect(isPlainData('text')).toBe(true);
    expect(isPlainData(undefined)).toBe(false);
  });
});

describe('results', () => {
  it('serializes a DossierError to its code and params', async () => {
    const target = { invoke: vi.fn(async () => Promise.reject(new DossierError('loan.alreadyOnLoan', { archiveNo: 'A-1' }))) };
    const { handler } = setup(target);
    await expect(handler(trusted, 'loans.lend', { archiveNo: 'A-1', borrower: 'x' })).resolves.toEqual({
      ok: false,
      error: { code: 'loan.alreadyOnLoan', params: { archiveNo: 'A-1' } },
    });
  });

  it('never leaks an unexpected error (message, stack, path) and never throws', async () => {
    const secret = new Error('ENOENT: /home/clerk/.config/Dossier/archive/key.bin');
    const logged: unknown[] = [];
    const asyncFailure = await handleInvoke({ invoke: async () => Promise.reject(secret) }, 'archive.status', {}, (e) => logged.push(e));
    expect(asyncFailure).toEqual({ ok: false, error: { code: 'internal', params: {} } });
    expect(JSON.stringify(asyncFailure)).not.toContain('key.bin');
    expect(logged).toEqual([secret]);

    const syncFailure = await handleInvoke(
      {
        invoke: () => {
          throw new TypeError('boom');
        },
      },
      'archive.status',
      {},
      quiet,
    );
    expect(syncFailure).toEqual({ ok: false, error: { code: 'internal', params: {} } });
  });
});

describe('against a real ArchiveHost', () => {
  let dir: string;
  let host: ArchiveHost;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dossier-ipc-'));
    host = new ArchiveHost(path.join(dir, 'archive'), { kdfCost: { N: 1024, r: 8, p: 1 } });
  });

  afterEach(() => {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs contract calls end to end through the registered handler', async () => {
    const { handler } = setup(host);

    await expect(handler(trusted, 'archive.status', {})).resolves.toEqual({
      ok: true,
      value: { state: 'missing', archiveName: null, user: null },
    });

    // A locked (missing) archive refuses non-public operations with a DossierError code.
    await expect(handler(trusted, 'clients.list', {})).resolves.toEqual({ ok: false, error: { code: 'archive.locked', params: {} } });

    // The contract's zod validation runs inside host.invoke and comes back as `validation`.
    const invalid = await handler(trusted, 'archive.create', { archiveName: '', admin: { username: 'a b' } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation' } });

    const created = await handler(trusted, 'archive.create', {
      archiveName: '测试',
      admin: { username: 'admin', displayName: '管理员', password: 'password123' },
    });
    expect(created).toMatchObject({ ok: true, value: { username: 'admin', displayName: '管理员', role: 'admin' } });

    await expect(handler(trusted, 'archive.status', undefined)).resolves.toMatchObject({
      ok: true,
      value: { state: 'unlocked', archiveName: '测试', user: { username: 'admin' } },
    });

    const again = await handler(trusted, 'archive.create', {
      archiveName: '测试',
      admin: { username: 'admin', displayName: '管理员', password: 'password123' },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'archive.exists' } });

    // An untrusted sender still cannot reach the (now unlocked) archive.
    await expect(handler(eventFrom('https://evil.example/'), 'clients.list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'transport.unauthorized' },
    });
  });
});
