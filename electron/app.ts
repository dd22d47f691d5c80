/**
 * The main process: one ArchiveHost for one archive folder, one IPC channel, one window
 * served from `app://dossier/`. Everything that must happen before `ready` (sandbox,
 * privileged scheme, single-instance lock) happens synchronously in `startApp`.
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { useSqliteNativeBinding } from '../db/connection.js';
import { ArchiveHost } from '../db/host.js';
import { resolveArchiveDir } from './args.js';
import { registerIpc } from './ipc.js';
import { registerAppProtocol, registerAppSchemePrivileges, rendererRoot } from './protocol.js';
import { createMainWindow, lockDownSession } from './window.js';

export const APP_USER_MODEL_ID = 'com.dossier.archive';

export interface StartOptions {
  /** Folder of the bundled main (dist-electron); the preload and the renderer are found from it. */
  mainDir: string;
  argv?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
}

export interface AppState {
  host: ArchiveHost | null;
  window: BrowserWindow | null;
  /** Settles once the app is ready and the window exists (or startup failed). */
  ready: Promise<void>;
}

export function startApp(options: StartOptions): AppState {
  const argv = options.argv ?? process.argv;
  const env = options.env ?? process.env;
  const state: AppState = { host: null, window: null, ready: Promise.resolve() };

  // Before ready: every renderer sandboxed, and app:// known as a secure standard scheme.
  app.enableSandbox();
  registerAppSchemePrivileges(protocol);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return state;
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  app.on('second-instance', () => {
    const win = state.window;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Anything else that ever gets created: no popups, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => app.quit());

  let unregisterIpc: (() => void) | null = null;
  app.on('before-quit', () => {
    unregisterIpc?.();
    unregisterIpc = null;
    state.host?.close();
    state.host = null;
  });

  state.ready = app
    .whenReady()
    .then(() => {
      const archiveDir = resolveArchiveDir(argv, env, app.getPath('userData'));
      // A development checkout keeps node_modules built for Node; its launcher builds a
      // separate Electron-ABI addon and names it here. A package carries its own rebuilt one.
      if (!app.isPackaged && env.DOSSIER_SQLITE_BINDING) useSqliteNativeBinding(env.DOSSIER_SQLITE_BINDING);
      state.host = new ArchiveHost(archiveDir);
      lockDownSession(session.defaultSession);
      registerAppProtocol(protocol, rendererRoot(options.mainDir));
      unregisterIpc = registerIpc(ipcMain, state.host);
      const win = createMainWindow({ preloadPath: path.join(options.mainDir, 'preload.cjs'), devTools: !app.isPackaged });
      win.on('closed', () => {
        state.window = null;
      });
      state.window = win;
    })
    .catch((err: unknown) => {
      console.error('[dossier] startup failed', err);
      app.exit(1);
    });

  return state;
}
