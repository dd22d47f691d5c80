/**
 * Scan bytes in and out of the archive as streams, never base64 in a call: a chosen or dropped
 * file is sent as the body of `POST /api/upload?purpose=scan` (the engine encrypts it as it
 * arrives and checks it), and the viewer reads a scan from the session's `/api/scans/<token>`
 * route into memory (an ArrayBuffer, an object URL; a large PDF by byte ranges): nothing is written
 * to disk. The route is browser mode's server (with its token) or, in Electron, the app:// protocol
 * of the page's own origin (`/api/…` relative, no token), which the engine process streams.
 */
import { DossierError } from '../../shared/errors.js';
import { getConnection } from './api.js';
import { unwrapEnvelope } from './transport.js';

/** The types the store takes (checked again by content in the engine). */
export const SCAN_ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

export interface UploadedScan {
  id: string;
  name: string;
  size: number;
  kind: string;
  pageCount: number;
}

function routes(): { base: string; headers: Record<string, string> } {
  const connection = getConnection();
  if (connection?.kind === 'http') return { base: connection.apiBase, headers: connection.token ? { Authorization: `Bearer ${connection.token}` } : {} };
  return { base: '/api', headers: {} };
}

/** Where a route the engine named (`/api/scans/…`) is, for this connection. */
function routeUrl(url: string): string {
  const { base } = routes();
  return url.startsWith('/api/') ? `${base}${url.slice(4)}` : url;
}

async function answer(response: Response): Promise<unknown> {
  if (response.status === 401) throw new DossierError('transport.unauthorized');
  const body: unknown = await response.json().catch(() => null);
  return unwrapEnvelope(body);
}

/**
 * Sends one file into the encrypted store; a refused file throws its translated error.
 * `sent` hears how many bytes have gone (browser mode, by XMLHttpRequest's upload events: fetch
 * tells nothing of a body's progress); Electron's own protocol is a local pipe and uses fetch.
 */
export async function uploadScan(file: File, signal?: AbortSignal, sent?: (bytes: number) => void): Promise<UploadedScan> {
  const { base, headers } = routes();
  const url = `${base}/upload?purpose=scan&name=${encodeURIComponent(file.name)}`;
  const contentType = file.type || 'application/octet-stream';
  if (sent && getConnection()?.kind === 'http')
    return (await answer(await xhrUpload(url, file, { ...headers, 'Content-Type': contentType, Accept: 'application/json' }, signal, sent))) as UploadedScan;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': contentType, Accept: 'application/json' },
      body: file,
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (signal?.aborted) throw new DossierError('job.cancelled');
    throw new DossierError('internal', {}, `network error: ${String(cause)}`);
  }
  return (await answer(response)) as UploadedScan;
}

/** The upload as XMLHttpRequest, its answer as a Response (so refusals read the same way). */
function xhrUpload(url: string, file: File, headers: Record<string, string>, signal: AbortSignal | undefined, sent: (bytes: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => sent(e.loaded);
    xhr.onload = () => resolve(new Response(xhr.responseText, { status: xhr.status, headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? 'application/json' } }));
    xhr.onerror = () => reject(new DossierError('internal', {}, 'network error during upload'));
    xhr.onabort = () => reject(new DossierError('job.cancelled'));
    if (signal) {
      if (signal.aborted) return reject(new DossierError('job.cancelled'));
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(file);
  });
}

/**
 * Bytes `begin`..`end` (exclusive) of a scan, by a Range request to the route `scans.open` gave:
 * pdf.js reads a large PDF this way, so only the parts it draws are ever in memory.
 */
export async function scanRange(url: string, begin: number, end: number, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(routeUrl(url), { headers: { ...routes().headers, Range: `bytes=${begin}-${end - 1}` }, ...(signal ? { signal } : {}) });
  if (!response.ok) await answer(response);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A route that ignored the Range sent the whole scan: the part asked for is in it.
  return response.status === 206 ? bytes : bytes.slice(begin, end);
}

/** A scan's decrypted bytes, from the route `scans.open` gave. */
export async function scanBytes(url: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  const response = await fetch(routeUrl(url), { headers: routes().headers, ...(signal ? { signal } : {}) });
  if (!response.ok) await answer(response);
  return response.arrayBuffer();
}

const THUMBNAILS_AT_ONCE = 2;
let thumbnailsRunning = 0;
const thumbnailQueue: (() => void)[] = [];

/**
 * Thumbnails drawn at most two at a time: a browser opens six connections to a host, and a
 * file page of scans (plus the event stream) would otherwise take all six, holding up every
 * other call of the session until the engine had drawn them all.
 */
export async function limitedThumbnail<T>(draw: () => Promise<T>, stillWanted: () => boolean): Promise<T | null> {
  if (thumbnailsRunning >= THUMBNAILS_AT_ONCE) await new Promise<void>((resolve) => thumbnailQueue.push(resolve));
  thumbnailsRunning++;
  try {
    return stillWanted() ? await draw() : null;
  } finally {
    thumbnailsRunning--;
    thumbnailQueue.shift()?.();
  }
}

/** A page `pages.render` drew, from the route it named (`/api/pages/…`, given once), as an object URL the caller revokes. */
export async function pageObjectUrl(url: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(routeUrl(url), { headers: routes().headers, ...(signal ? { signal } : {}) });
  if (!response.ok) await answer(response);
  return URL.createObjectURL(await response.blob());
}
