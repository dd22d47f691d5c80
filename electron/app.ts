/**
 * The main process: the engine (one ArchiveHost for one archive folder) in a utility
 * process, one IPC channel of calls and one of events relayed to one window served from
 * `app://dossier/`. The main thread never opens the archive: a long import cannot freeze
 * the window. Everything that must happen before `ready` (sandbox, privileged scheme,
 * single-instance lock) happens synchronously in `startApp`.
 */
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, utilityProcess } from 'electron';
import { resolveArchiveDir } from './args.js';
import { EVENT_CHANNEL, isAppUrl } from './constants.js';
import { startEngine } from './engineClient.js';
import type { EngineClient, ForkEngine } from './engineClient.js';
import { registerIpc } from './ipc.js';
import { registerPrint } from './print.js';
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
  /** The engine's utility process, once ready. */
  engine: EngineClient | null;
  window: BrowserWindow | null;
  /** Settles once the app is ready and the window exists (or startup failed). */
  ready: Promise<void>;
}

export function startApp(options: StartOptions): AppState {
  const argv = options.argv ?? process.argv;
  const env = options.env ?? process.env;
  const state: AppState = { engine: null, window: null, ready: Promise.resolve() };

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
  app.on('before-quit', (event?: { preventDefault(): void }) => {
    unregisterIpc?.();
    unregisterIpc = null;
    const engine = state.engine;
    state.engine = null;
    if (!engine) return;
    // Quit once the engine has locked the archive and ended.
    event?.preventDefault();
    void engine.close().finally(() => app.quit());
  });

  state.ready = app
    .whenReady()
    .then(() => {
      const archiveDir = resolveArchiveDir(argv, env, app.getPath('userData'));
      // A development checkout keeps node_modules built for Node; its launcher builds a
      // separate Electron-ABI addon and names it. A package carries its own rebuilt one.
      const engineEnv: Record<string, string | undefined> = {
        ...env,
        DOSSIER_SQLITE_BINDING: app.isPackaged ? undefined : env.DOSSIER_SQLITE_BINDING,
        // Audit anchors are remembered in the application's own user data, outside the archive.
        DOSSIER_ANCHOR_DIR: env.DOSSIER_ANCHOR_DIR || path.join(app.getPath('userData'), 'anchors'),
      };
      const engine = startEngine(utilityProcess.fork as unknown as ForkEngine, options.mainDir, archiveDir, engineEnv);
      state.engine = engine;
      engine.onEvent((event) => {
        const contents = state.window?.webContents;
        // Only to our own page: a window navigated elsewhere gets nothing.
        if (contents && !contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, event);
      });
      lockDownSession(session.defaultSession);
      registerAppProtocol(protocol, rendererRoot(options.mainDir), engine);
      const unregisterCalls = registerIpc(ipcMain, engine);
      const unregisterPrint = registerPrint(ipcMain, {
        // The dialog belongs to the window asking; without one (never ours) it is free-standing.
        showSaveDialog: (owner, options) => {
          const parent = BrowserWindow.fromWebContents(owner);
          return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
        },
        writeFile: (file, bytes) => writeFile(file, bytes),
        defaultFolder: () => app.getPath('documents'),
      });
      unregisterIpc = () => {
        unregisterCalls();
        unregisterPrint();
      };
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
