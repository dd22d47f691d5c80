/* eslint-disable @typescript-eslint/no-explicit-any -- a stand-in for Electron's API, whose listeners and options take whatever Electron passes */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArchiveHost } from '../db/host.js';
import type { DossierEvent } from '../shared/api.js';
import { resolveArchiveDir } from './args.js';
import { serveEngine } from './engineHost.js';
import type { FromEngine, ToEngine } from './engineProtocol.js';

type Listener = (...args: any[]) => unknown;

const electron = vi.hoisted(() => {
  const calls: string[] = [];
  const state = {
    calls,
    lock: true,
    appListeners: new Map<string, Listener>(),
    readyResolve: null as null | (() => void),
    windows: [] as Array<{ options: any; listeners: Map<string, Listener>; loadURL: any; focus: any; webContents: { send: ReturnType<typeof vi.fn>; getURL: () => string } }>,
    fork: null as null | ((...args: never[]) => unknown),
  };
  const record =
    (name: string, ret?: unknown) =>
    (..._args: unknown[]) => {
      calls.push(name);
      return ret;
    };
  const app = {
    enableSandbox: vi.fn(record('app.enableSandbox')),
    requestSingleInstanceLock: vi.fn(() => {
      calls.push('app.requestSingleInstanceLock');
      return state.lock;
    }),
    setAppUserModelId: vi.fn(),
    quit: vi.fn(record('app.quit')),
    exit: vi.fn(),
    isPackaged: false,
    getPath: vi.fn((name: string) => `/home/clerk/.config/Dossier${name === 'userData' ? '' : '/' + name}`),
    on: vi.fn((event: string, listener: Listener) => {
      calls.push(`app.on:${event}`);
      state.appListeners.set(event, listener);
    }),
    whenReady: vi.fn(
      () =>
        new Promise<void>((resolve) => {
          calls.push('app.whenReady');
          state.readyResolve = () => {
            calls.push('ready');
            resolve();
          };
        }),
    ),
  };
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(record('protocol.registerSchemesAsPrivileged')),
    handle: vi.fn(record('protocol.handle')),
  };
  const ipcMain = { handle: vi.fn(record('ipcMain.handle')), removeHandler: vi.fn(record('ipcMain.removeHandler')) };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(record('session.setPermissionRequestHandler')),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    },
  };
  class BrowserWindow {
    listeners = new Map<string, Listener>();
    loadURL = vi.fn(async () => undefined);
    webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), send: vi.fn(), isDestroyed: () => false, getURL: () => 'app://dossier/index.html#/clients' };
    constructor(public options: any) {
      calls.push('new BrowserWindow');
      state.windows.push(this);
    }
    on(event: string, l: Listener) {
      this.listeners.set(event, l);
      return this;
    }
    once(event: string, l: Listener) {
      this.listeners.set(event, l);
      return this;
    }
    show = vi.fn();
    isMinimized = () => false;
    restore = vi.fn();
    focus = vi.fn();
  }
  const utilityProcess = { fork: vi.fn((...args: unknown[]) => state.fork!(...(args as never[]))) };
  return { state, app, protocol, ipcMain, session, BrowserWindow, utilityProcess };
});

vi.mock('electron', () => ({
  app: electron.app,
  protocol: electron.protocol,
  ipcMain: electron.ipcMain,
  session: electron.session,
  BrowserWindow: electron.BrowserWindow,
  utilityProcess: electron.utilityProcess,
}));

const { startApp } = await import('./app.js');

/** The engine's utility process, played in-process: the real engine side over asynchronous messages. */
const forked: ArchiveHost[] = [];
electron.state.fork = (_modulePath: string, args: string[]) => {
  const host = new ArchiveHost(args[1]!, { kdfCost: { N: 2 ** 10, r: 8, p: 1 } });
  forked.push(host);
  const listeners: Record<string, Listener[]> = { message: [], exit: [] };
  let toEngine: ((message: ToEngine) => void) | null = null;
  serveEngine(host, { on: (listener) => (toEngine = listener), post: (message: FromEngine) => setImmediate(() => listeners.message!.forEach((l) => l(message))) }, () =>
    setImmediate(() => listeners.exit!.forEach((l) => l(0))),
  );
  return {
    postMessage: (message: ToEngine) => setImmediate(() => toEngine!(message)),
    on: (event: string, listener: Listener) => listeners[event]!.push(listener),
    kill: vi.fn(),
  };
};

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dossier-app-'));
  vi.clearAllMocks();
  electron.state.calls.length = 0;
  electron.state.appListeners.clear();
  electron.state.windows.length = 0;
  electron.state.lock = true;
});

afterEach(() => {
  while (forked.length) forked.pop()!.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startApp', () => {
  it('does the before-ready work first, then wires the engine process, protocol, IPC and the window', async () => {
    const archive = path.join(dir, 'my-archive');
    const app = startApp({ mainDir: '/opt/dossier/dist-electron', argv: ['electron', '.', '--archive', archive], env: {} });
    const before = [...electron.state.calls];
    expect(before).toContain('app.enableSandbox');
    expect(before).toContain('protocol.registerSchemesAsPrivileged');
    expect(before).toContain('app.requestSingleInstanceLock');
    expect(before).not.toContain('protocol.handle');
    expect(before).not.toContain('ipcMain.handle');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(app.engine).toBeNull();
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();

    electron.state.readyResolve!();
    await app.ready;

    const calls = electron.state.calls;
    const readyAt = calls.indexOf('ready');
    for (const name of ['protocol.handle', 'ipcMain.handle', 'new BrowserWindow', 'session.setPermissionRequestHandler']) {
      expect(calls.indexOf(name), name).toBeGreaterThan(readyAt);
    }
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    // The contract's one call channel, and the print dialog's.
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(3);
    expect(electron.ipcMain.handle).toHaveBeenCalledWith('dossier:invoke', expect.any(Function));
    expect(electron.ipcMain.handle).toHaveBeenCalledWith('dossier:print', expect.any(Function));
    expect(electron.ipcMain.handle).toHaveBeenCalledWith('dossier:savePdf', expect.any(Function));
    // The archive is opened in the engine's utility process, never in the main process.
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith(
      path.join('/opt/dossier/dist-electron', 'engine.cjs'),
      ['--archive', archive],
      // Audit anchors live in the application's user data, outside the archive folder.
      expect.objectContaining({ serviceName: 'Dossier engine', env: expect.objectContaining({ DOSSIER_ANCHOR_DIR: path.join('/home/clerk/.config/Dossier', 'anchors') }) }),
    );
    expect(forked[0]).toBeInstanceOf(ArchiveHost);
    expect(forked[0]!.dir).toBe(archive);
    expect(app.engine).not.toBeNull();

    const win = electron.state.windows[0]!;
    expect(win.options.webPreferences.preload).toBe(path.join('/opt/dossier/dist-electron', 'preload.cjs'));
    expect(win.options.webPreferences.devTools).toBe(true); // not packaged
    expect(win.loadURL).toHaveBeenCalledWith('app://dossier/index.html');

    // The IPC handler really talks to this host.
    const handler = electron.ipcMain.handle.mock.calls[0]![1] as unknown as Listener;
    const trusted = { senderFrame: { url: 'app://dossier/index.html', parent: null } };
    await expect(handler(trusted, 'archive.status', {})).resolves.toEqual({ ok: true, value: { state: 'missing', archiveName: null, user: null } });

    // The engine's events reach the window on the one event channel: a job's progress, then the lock.
    await handler(trusted, 'archive.create', { archiveName: '档案室', admin: { username: 'admin', displayName: '管理员', password: 'password 12' } });
    await handler(trusted, 'clients.create', { name: '深圳博达科技有限公司' });
    const started = (await handler(trusted, 'jobs.start', { operation: 'export.create', input: { list: 'clients' } })) as { ok: true; value: { id: string } };
    await forked[0]!.current!.jobs.settled(started.value.id);
    await handler(trusted, 'session.lock', {});
    await new Promise((r) => setTimeout(r, 20));
    const sent = win.webContents.send.mock.calls as [string, DossierEvent][];
    expect(new Set(sent.map(([channel]) => channel))).toEqual(new Set(['dossier:event']));
    const jobs = sent.map(([, e]) => e).filter((e): e is Extract<DossierEvent, { type: 'job' }> => e.type === 'job' && e.job.id === started.value.id);
    expect(jobs[0]!.job.state).toBe('running');
    expect(jobs.at(-1)!.job).toMatchObject({ state: 'done', result: { rows: 1 } });
    expect(sent.at(-1)![1]).toEqual({ type: 'locked' });
  });

  it('sends no event to a window that navigated away from the app', async () => {
    const app = startApp({ mainDir: '/d', argv: [], env: { DOSSIER_ARCHIVE: dir } });
    electron.state.readyResolve!();
    await app.ready;
    const win = electron.state.windows[0]!;
    win.webContents.getURL = () => 'https://evil.example/';
    const handler = electron.ipcMain.handle.mock.calls[0]![1] as unknown as Listener;
    await handler({ senderFrame: { url: 'app://dossier/index.html', parent: null } }, 'archive.create', {
      archiveName: 'a',
      admin: { username: 'admin', displayName: 'a', password: 'password 12' },
    });
    await handler({ senderFrame: { url: 'app://dossier/index.html', parent: null } }, 'session.lock', {});
    await new Promise((r) => setTimeout(r, 20));
    expect(win.webContents.send).not.toHaveBeenCalled();
  });

  it('quits when all windows close and closes the host before quitting', async () => {
    const closeSpy = vi.spyOn(ArchiveHost.prototype, 'close');
    const app = startApp({ mainDir: '/d', argv: [], env: { DOSSIER_ARCHIVE: dir } });
    electron.state.readyResolve!();
    await app.ready;
    expect(forked[0]?.dir).toBe(dir);

    electron.state.appListeners.get('window-all-closed')!();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);

    // Quitting waits for the engine to lock the archive and end, then quits.
    const quitting = { preventDefault: vi.fn() };
    electron.state.appListeners.get('before-quit')!(quitting);
    expect(quitting.preventDefault).toHaveBeenCalled();
    expect(app.engine).toBeNull();
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledWith('dossier:invoke');
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledWith('dossier:print');
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(2));
    expect(closeSpy).toHaveBeenCalledTimes(1);
    // A second before-quit is harmless.
    const again = { preventDefault: vi.fn() };
    electron.state.appListeners.get('before-quit')!(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(closeSpy).toHaveBeenCalledTimes(1);
    closeSpy.mockRestore();
  });

  it('focuses the existing window on a second instance', async () => {
    const app = startApp({ mainDir: '/d', argv: [], env: { DOSSIER_ARCHIVE: dir } });
    electron.state.readyResolve!();
    await app.ready;
    electron.state.appListeners.get('second-instance')!({}, ['dossier']);
    expect(electron.state.windows[0]!.focus).toHaveBeenCalled();
  });

  it('denies popups and webviews in every new web contents', () => {
    startApp({ mainDir: '/d', argv: [], env: {} });
    const contents = { setWindowOpenHandler: vi.fn(), on: vi.fn() };
    electron.state.appListeners.get('web-contents-created')!({}, contents);
    const handler = contents.setWindowOpenHandler.mock.calls[0]![0] as Listener;
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const [event, listener] = contents.on.mock.calls[0] as [string, Listener];
    expect(event).toBe('will-attach-webview');
    const e = { preventDefault: vi.fn() };
    listener(e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('quits at once without the single-instance lock', () => {
    electron.state.lock = false;
    const app = startApp({ mainDir: '/d', argv: [], env: {} });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.app.on).not.toHaveBeenCalled();
    expect(app.engine).toBeNull();
    // The sandbox and scheme registration still happened (they must precede ready).
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });
});

describe('resolveArchiveDir', () => {
  const userData = '/home/clerk/.config/Dossier';
  it('prefers --archive, then DOSSIER_ARCHIVE, then <userData>/archive', () => {
    expect(resolveArchiveDir(['electron', '.', '--archive', '/srv/a'], { DOSSIER_ARCHIVE: '/srv/b' }, userData)).toBe(path.resolve('/srv/a'));
    expect(resolveArchiveDir(['Dossier.exe', '--archive=/srv/c'], {}, userData)).toBe(path.resolve('/srv/c'));
    expect(resolveArchiveDir(['electron', '.'], { DOSSIER_ARCHIVE: '/srv/b' }, userData)).toBe(path.resolve('/srv/b'));
    expect(resolveArchiveDir(['electron', '.'], {}, userData)).toBe(path.join(userData, 'archive'));
    expect(resolveArchiveDir(['electron', '.'], { DOSSIER_ARCHIVE: '' }, userData)).toBe(path.join(userData, 'archive'));
  });
  it('resolves relative paths from the working directory and ignores a missing value', () => {
    expect(resolveArchiveDir(['--archive', 'data/a'], {}, userData, '/work')).toBe(path.resolve('/work', 'data/a'));
    expect(resolveArchiveDir(['--archive'], {}, userData)).toBe(path.join(userData, 'archive'));
    expect(resolveArchiveDir(['--archive', '--inspect'], {}, userData)).toBe(path.join(userData, 'archive'));
  });
});
