/**
 * The main window and the guards every web contents gets: sandboxed, isolated, no Node,
 * no navigation away from the app origin, no new windows, no webviews, no permissions,
 * no remote requests.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './constants.js';

export interface MainWindowConfig {
  /** Absolute path of the bundled preload (dist-electron/preload.cjs). */
  preloadPath: string;
  /** DevTools available (development only). */
  devTools?: boolean;
}

export function mainWindowOptions(config: MainWindowConfig): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 680,
    title: 'Dossier',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: config.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Linux/Windows spell checking would download dictionaries: offline-first means off.
      spellcheck: false,
      devTools: config.devTools ?? false,
    },
  };
}

type NavigationEvent = { preventDefault(): void; url?: string };

/** Navigation guard: only our own origin may be loaded. */
export function guardNavigation(event: NavigationEvent, url?: string): void {
  const target = event.url ?? url;
  if (!isAppUrl(target)) event.preventDefault();
}

/** Guards for every web contents (main window, and anything else that gets created). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => guardNavigation(event, url));
  contents.on('will-frame-navigate', (event) => guardNavigation(event));
  contents.on('will-redirect', (event, url) => guardNavigation(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** No permission (camera, notifications, clipboard-read, ...) is ever granted; no remote request leaves. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) => callback({ cancel: true }));
}

export function createMainWindow(config: MainWindowConfig, url: string = APP_ENTRY_URL): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(config));
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  win.loadURL(url).catch((err: unknown) => console.error('[dossier] failed to load the renderer', err));
  return win;
}
