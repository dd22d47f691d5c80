/**
 * The renderer's only link to the engine. At start-up it picks Electron IPC (the preload's
 * `window.dossier`) or the loopback HTTP API (browser mode); everything else just sees a
 * `Transport` for `createApi`, which resolves with the value or throws a DossierError.
 */
import type { DossierBridge, Transport } from '../../shared/api.js';
import { DossierError, deserializeError } from '../../shared/errors.js';

export const TOKEN_STORAGE_KEY = 'dossier.token';

/** Turns the wire envelope `{ok:true,value} | {ok:false,error}` into a value or a thrown DossierError. */
export function unwrapEnvelope(envelope: unknown): unknown {
  if (envelope && typeof envelope === 'object' && 'ok' in envelope) {
    const e = envelope as { ok: unknown; value?: unknown; error?: unknown };
    if (e.ok === true) return e.value;
    if (e.ok === false) throw deserializeError(e.error);
  }
  throw new DossierError('internal', {}, 'malformed response envelope');
}

export function ipcTransport(bridge: DossierBridge): Transport {
  return async (operation, input) => unwrapEnvelope(await bridge.invoke(operation, input));
}

export interface HttpTransportOptions {
  token: string | null;
  /** Prefix of the API, e.g. '/api' (default) or 'http://127.0.0.1:4000/api'. */
  apiBase?: string;
  fetch?: typeof fetch;
}

export function httpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const base = (options.apiBase ?? '/api').replace(/\/$/, '');
  return async (operation, input) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await doFetch(`${base}/${operation}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
    } catch (cause) {
      throw new DossierError('internal', {}, `network error: ${String(cause)}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (response.status === 401) throw new DossierError('transport.unauthorized');
      throw new DossierError('internal', {}, `HTTP ${response.status} without a JSON body`);
    }
    if (response.status === 401 && !(body && typeof body === 'object' && (body as { ok?: unknown }).ok === false)) {
      throw new DossierError('transport.unauthorized');
    }
    return unwrapEnvelope(body);
  };
}

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState'>;
}

/**
 * Browser mode: the server prints `http://127.0.0.1:PORT/#token=XYZ`. Take the token from the
 * hash, keep it in sessionStorage (so a reload still works) and remove it from the visible URL.
 */
export function takeToken(env: TokenEnvironment): string | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    try {
      env.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Storage disabled: the token still works for this page load.
    }
    params.delete('token');
    const rest = params.toString();
    env.history.replaceState(null, '', env.location.pathname + env.location.search + (rest ? `#${rest}` : ''));
    return fromHash;
  }
  try {
    return env.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export type TransportKind = 'ipc' | 'http';

export interface TransportHost extends TokenEnvironment {
  dossier?: DossierBridge;
}

/** How byte streams and events reach the engine besides calls (uploads, downloads, job events). */
export type Connection = { kind: 'ipc'; bridge: DossierBridge } | { kind: 'http'; token: string | null; apiBase: string };

/** Electron if the preload exposed `window.dossier`, else the loopback HTTP API. */
export function pickTransport(host: TransportHost): { kind: TransportKind; transport: Transport; connection: Connection } {
  const bridge = host.dossier;
  if (bridge && typeof bridge.invoke === 'function') return { kind: 'ipc', transport: ipcTransport(bridge), connection: { kind: 'ipc', bridge } };
  const token = takeToken(host);
  return { kind: 'http', transport: httpTransport({ token }), connection: { kind: 'http', token, apiBase: '/api' } };
}
