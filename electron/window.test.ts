/* eslint-disable @typescript-eslint/no-explicit-any -- a stand-in for Electron's API, whose listeners and options take whatever Electron passes */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions, Session } from 'electron';

type Listener = (...args: any[]) => unknown;

const fake = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener[]>();
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      this.windowOpenHandler = handler;
    }
    emit(event: string, ...args: unknown[]) {
      for (const l of this.listeners.get(event) ?? []) l(...args);
    }
  }
  class FakeBrowserWindow {
    static instances: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    onceHandlers = new Map<string, Listener>();
    show = vi.fn();
    loadURL = vi.fn(async (_url: string) => undefined);
    constructor(public options: BrowserWindowConstructorOptions) {
      FakeBrowserWindow.instances.push(this);
    }
    on() {
      return this;
    }
    once(event: string, listener: Listener) {
      this.onceHandlers.set(event, listener);
      return this;
    }
  }
  return { FakeBrowserWindow, FakeWebContents };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow }));

const { createMainWindow, guardNavigation, hardenWebContents, lockDownSession, mainWindowOptions } = await import('./window.js');

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

beforeEach(() => {
  fake.FakeBrowserWindow.instances.length = 0;
});

describe('main window options', () => {
  it('are locked down', () => {
    const options = mainWindowOptions({ preloadPath: '/app/dist-electron/preload.cjs' });
    expect(options).toMatchObject({ width: 1280, height: 800, minWidth: 1024, minHeight: 680, title: 'Dossier', show: false });
    const web = options.webPreferences!;
    expect(web.preload).toBe('/app/dist-electron/preload.cjs');
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.enableBlinkFeatures).toBeUndefined();
    expect(web.spellcheck).toBe(false);
    expect(web.devTools).toBe(false);
    expect(mainWindowOptions({ preloadPath: 'p', devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('createMainWindow', () => {
  it('creates a hidden window, shows it when ready and loads app://dossier', () => {
    createMainWindow({ preloadPath: '/x/preload.cjs' });
    const win = fake.FakeBrowserWindow.instances[0]!;
    expect(win.options.webPreferences?.preload).toBe('/x/preload.cjs');
    expect(win.options.webPreferences?.sandbox).toBe(true);
    expect(win.options.show).toBe(false);
    expect(win.loadURL).toHaveBeenCalledWith('app://dossier/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.onceHandlers.get('ready-to-show')?.();
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('blocks navigation and redirects away from the app origin', () => {
    createMainWindow({ preloadPath: '/x/preload.cjs' });
    const contents = fake.FakeBrowserWindow.instances[0]!.webContents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'app://dossier.evil/', 'javascript:alert(1)']) {
        const e = navEvent(url);
        contents.emit(event, e, url);
        expect(e.preventDefault, `${event} ${url}`).toHaveBeenCalled();
      }
      const ok = navEvent('app://dossier/index.html#/loans');
      contents.emit(event, ok, ok.url);
      expect(ok.preventDefault, event).not.toHaveBeenCalled();
    }
  });

  it('denies window.open and <webview>', () => {
    createMainWindow({ preloadPath: '/x/preload.cjs' });
    const contents = fake.FakeBrowserWindow.instances[0]!.webContents;
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://dossier/index.html' })).toEqual({ action: 'deny' });
    const e = navEvent('');
    contents.emit('will-attach-webview', e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('guardNavigation falls back to the legacy url argument', () => {
    const e = { preventDefault: vi.fn() };
    guardNavigation(e, 'https://evil.example/');
    expect(e.preventDefault).toHaveBeenCalled();
    const ok = { preventDefault: vi.fn() };
    guardNavigation(ok, 'app://dossier/index.html');
    expect(ok.preventDefault).not.toHaveBeenCalled();
  });

  it('hardenWebContents works on any web contents', () => {
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as never);
    expect([...contents.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
  });
});

describe('lockDownSession', () => {
  it('denies every permission and cancels remote requests', () => {
    let requestHandler: Listener | null = null;
    let checkHandler: Listener | null = null;
    let filter: { urls: string[] } | null = null;
    let beforeRequest: Listener | null = null;
    const session = {
      setPermissionRequestHandler: (h: Listener) => (requestHandler = h),
      setPermissionCheckHandler: (h: Listener) => (checkHandler = h),
      webRequest: {
        onBeforeRequest: (f: { urls: string[] }, h: Listener) => {
          filter = f;
          beforeRequest = h;
        },
      },
    } as unknown as Session;
    lockDownSession(session);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      requestHandler!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(checkHandler!({}, permission, 'app://dossier', {})).toBe(false);
    }
    expect(filter!.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const cb = vi.fn();
    beforeRequest!({ url: 'https://cdn.example/x.js' }, cb);
    expect(cb).toHaveBeenCalledWith({ cancel: true });
  });
});
