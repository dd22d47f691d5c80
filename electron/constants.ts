/**
 * Names shared by the main process and the preload. Kept free of any import so the
 * sandboxed preload bundle stays tiny.
 */

/** The privileged custom scheme the renderer is served from (never file://). */
export const APP_SCHEME = 'app';
/** The one host of that scheme; the app origin is `app://dossier`. */
export const APP_HOST = 'dossier';
/** Where the window starts (hash routing inside the page). */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The IPC channel of contract calls: one call per message. */
export const INVOKE_CHANNEL = 'dossier:invoke';
/** The one channel the main process sends on: the engine's events (jobs, lock) to our window. */
export const EVENT_CHANNEL = 'dossier:event';
/** The page asks for the system print dialog (electron/print.ts). */
export const PRINT_CHANNEL = 'dossier:print';
/** The page hands a preview's PDF to be saved where the user picks (electron/print.ts). */
export const SAVE_PDF_CHANNEL = 'dossier:savePdf';

/**
 * True when `url` belongs to our app origin. Compares the parsed scheme and host rather
 * than string prefixes, so `app://dossier.evil/` or `app://dossier@evil/` do not pass.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}
