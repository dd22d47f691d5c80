import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArchiveHost } from '../db/host.js';
import { resolveArchiveDir } from './args.js';

type Listener = (...args: any[]) => unknown;

const electron = vi.hoisted(() => {
  const calls: string[] = [];
  const state = {
    calls,
    lock: true,
    appListeners: new Map<string, Listener>(),
    readyResolve: null as null | (() => void),
    windows: [] as Array<{ options: any; listeners: Map<string, Listener>; loadURL: any; focus: any }>,
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
    webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
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
  return { state, app, protocol, ipcMain, session, BrowserWindow };
});

vi.mock('electron', () => ({
  app: electron.app,
  protocol: electron.protocol,
  ipcMain: electron.ipcMain,
  session: electron.session,
  BrowserWindow: electron.BrowserWindow,
}));

const { startApp } = await import('./app.js');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dossier-app-'));
  vi.clearAllMocks();
  electron.state.calls.length = 0;
  electron.state.appListeners.clear();
  electron.state.windows.length = 0;
  electron.state.lock = true;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('startApp', () => {
  it('does the before-ready work first, then wires host, protocol, IPC and the window', async () => {
    const archive = path.join(dir, 'my-archive');
    const app = startApp({ mainDir: '/opt/dossier/dist-electron', argv: ['electron', '.', '--archive', archive], env: {} });
    const before = [...electron.state.calls];
    expect(before).toContain('app.enableSandbox');
    expect(before).toContain('protocol.registerSchemesAsPrivileged');
    expect(before).toContain('app.requestSingleInstanceLock');
    expect(before).not.toContain('protocol.handle');
    expect(before).not.toContain('ipcMain.handle');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(app.host).toBeNull();

    electron.state.readyResolve!();
    await app.ready;

    const calls = electron.state.calls;
    const readyAt = calls.indexOf('ready');
    for (const name of ['protocol.handle', 'ipcMain.handle', 'new BrowserWindow', 'session.setPermissionRequestHandler']) {
      expect(calls.indexOf(name), name).toBeGreaterThan(readyAt);
    }
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(electron.ipcMain.handle).toHaveBeenCalledWith('dossier:invoke', expect.any(Function));
    expect(app.host).toBeInstanceOf(ArchiveHost);
    expect(app.host!.dir).toBe(archive);

    const win = electron.state.windows[0]!;
    expect(win.options.webPreferences.preload).toBe(path.join('/opt/dossier/dist-electron', 'preload.cjs'));
    expect(win.options.webPreferences.devTools).toBe(true); // not packaged
    expect(win.loadURL).toHaveBeenCalledWith('app://dossier/index.html');

    // The IPC handler really talks to this host.
    const handler = electron.ipcMain.handle.mock.calls[0]![1] as unknown as Listener;
    const trusted = { senderFrame: { url: 'app://dossier/index.html', parent: null } };
    await expect(handler(trusted, 'archive.status', {})).resolves.toEqual({ ok: true, value: { state: 'missing', archiveName: null, user: null } });
  });

  it('quits when all windows close and closes the host before quitting', async () => {
    const closeSpy = vi.spyOn(ArchiveHost.prototype, 'close');
    const app = startApp({ mainDir: '/d', argv: [], env: { DOSSIER_ARCHIVE: dir } });
    electron.state.readyResolve!();
    await app.ready;
    expect(app.host?.dir).toBe(dir);

    electron.state.appListeners.get('window-all-closed')!();
    expect(electron.app.quit).toHaveBeenCalled();

    electron.state.appListeners.get('before-quit')!();
    expect(closeSpy).toHaveBeenCalledTimes(1);
    expect(app.host).toBeNull();
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledWith('dossier:invoke');
    // A second before-quit is harmless.
    electron.state.appListeners.get('before-quit')!();
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
    expect(app.host).toBeNull();
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
