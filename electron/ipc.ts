/**
 * The IPC adapter: one channel, one contract call per message. It stays thin on purpose:
 * the contract's zod schemas run inside `ArchiveHost.invoke`; here we only make sure the
 * message comes from our own page, names a contract operation and carries plain data,
 * and we turn every outcome into a plain `{ ok, value | error }` result. Nothing is ever
 * thrown across IPC (Electron would forward the message, stack included, to the page).
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { isOperationName } from '../shared/contract.js';
import { DossierError, serializeError } from '../shared/errors.js';
import type { SerializedError } from '../shared/errors.js';
import { INVOKE_CHANNEL, isAppUrl } from './constants.js';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** What the adapter needs from the archive host (an `ArchiveHost` in the app). */
export interface InvokeTarget {
  invoke(operation: string, input: unknown): Promise<unknown>;
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Payload limits: generous for any real form, small enough to refuse abuse cheaply. */
const MAX_DEPTH = 32;
const MAX_NODES = 100_000;

/**
 * Trusted when the message comes from the top frame of a page on our app origin
 * (`app://dossier/...`). A destroyed or navigated-away frame (`senderFrame === null`)
 * is refused.
 */
export function isTrustedFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export const isTrustedSender: SenderCheck = (event) => {
  // senderFrame is a getter that can throw once the frame is gone.
  try {
    return isTrustedFrame(event.senderFrame);
  } catch {
    return false;
  }
};

/**
 * True for JSON-like data only: null, booleans, finite numbers, strings, arrays and
 * objects whose prototype is Object.prototype or null. Refuses Dates, Maps, typed
 * arrays, class instances, functions, symbols, bigints, and anything too deep or large.
 */
export function isPlainData(value: unknown): boolean {
  let nodes = 0;
  const seen = new Set<object>();
  const visit = (v: unknown, depth: number): boolean => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return false;
    if (v === null) return true;
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return true;
      case 'number':
        return Number.isFinite(v);
      case 'object': {
        if (seen.has(v)) return false; // cycles (structured clone can carry them)
        seen.add(v);
        let ok: boolean;
        if (Array.isArray(v)) {
          ok = Object.getPrototypeOf(v) === Array.prototype && v.every((item) => visit(item, depth + 1));
        } else {
          const proto: unknown = Object.getPrototypeOf(v);
          ok = (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(v).length === 0 && Object.entries(v).every(([, item]) => visit(item, depth + 1));
        }
        seen.delete(v);
        return ok;
      }
      default:
        return false;
    }
  };
  return visit(value, 0);
}

/** The whole IPC call, minus Electron: never throws, never returns internals. */
export async function handleInvoke(target: InvokeTarget, operation: unknown, input: unknown, logInternal: (err: unknown) => void = defaultLog): Promise<InvokeResult> {
  try {
    if (!isOperationName(operation)) {
      const name = typeof operation === 'string' ? operation.slice(0, 100) : typeof operation;
      throw new DossierError('transport.unknownOperation', { operation: name });
    }
    // `undefined` means "no input" (the schemas default it); anything else must be plain data.
    if (input !== undefined && !isPlainData(input)) {
      throw new DossierError('validation', { detail: 'input must be plain JSON-like data' });
    }
    const value = await target.invoke(operation, input);
    return { ok: true, value };
  } catch (err) {
    // Unexpected failures stay in the main process log; the page only sees `internal`.
    if (!(err instanceof DossierError)) logInternal(err);
    return { ok: false, error: serializeError(err) };
  }
}

function defaultLog(err: unknown): void {
  console.error('[dossier] internal error', err);
}

/** Registers the one `dossier:invoke` handler. Returns a function that removes it. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, target: InvokeTarget, isTrusted: SenderCheck = isTrustedSender): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, operation: unknown, input: unknown): Promise<InvokeResult> => {
    if (!isTrusted(event)) {
      return { ok: false, error: serializeError(new DossierError('transport.unauthorized')) };
    }
    return handleInvoke(target, operation, input);
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
