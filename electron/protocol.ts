/**
 * The `app://dossier/` protocol: serves the built renderer (dist/renderer, inside the asar
 * when packaged) instead of file://. GET only, no path may leave the root, no fallback
 * to index.html (the renderer uses hash routing), and every response carries the CSP.
 *
 * Files travel here as streams, never as base64 over IPC (only our own pages can reach
 * app://, the session refuses every other origin):
 *   POST app://dossier/api/upload?name=<file>  body: the file's bytes (.xlsx/.csv, a spreadsheet
 *        Content-Type; 415 otherwise, 413 past the limit) → `{ok:true,value:{id,name,type,size}}`
 *        for `uploadId` of import.check / import.run.
 *   POST app://dossier/api/upload?purpose=scan&name=<file>  a scan's bytes (any type, judged by content),
 *        streamed into the engine's encrypted blob store → `{ok:true,value:{id,name,size,kind,pageCount}}`
 *        for `scans.add`; 413 over the scan limit, 415 unsupported type, 422 damaged, 409 locked.
 *   GET  app://dossier/api/scans/<token>       a scan's decrypted bytes (token from scans.open / scans.export),
 *        Range supported (206), pulled from the engine process chunk by chunk.
 *   GET  app://dossier/api/pages/<token>       a page drawn by pages.render (PNG), once, within a minute.
 *   GET  app://dossier/api/download/<jobId>    the file of a finished export or print job.
 * The scan routes' statuses and headers are made in the engine (db/streams/scanRoutes.ts), the
 * same answers browser mode's server gives; this side only relays them.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { DossierError, serializeError } from '../shared/errors.js';
import type { Job } from '../shared/ops/jobs.js';
import { deliversFile } from '../shared/ops/print.js';
import { IMPORT_CONTENT_TYPES, IMPORT_EXTENSIONS, MAX_UPLOAD_IMPORT_BYTES } from '../shared/ops/import.js';
import { APP_HOST, APP_SCHEME } from './constants.js';
import type { StreamReply } from './engineClient.js';
import type { DownloadRoute, ReplyHead } from './engineProtocol.js';

/** The engine as the stream routes need it (the EngineClient in the app). */
export interface AppStreams {
  invoke(operation: string, input: unknown): Promise<unknown>;
  upload(body: AsyncIterable<Uint8Array>, options: { name: string; mime: string; maxBytes: number }): Promise<unknown>;
  uploadScan(body: AsyncIterable<Uint8Array>, options: { name: string; declaredBytes: number | null }): Promise<ReplyHead>;
  download(route: DownloadRoute, token: string, range: string | null): Promise<StreamReply>;
}

/** standard: real origin, relative URLs, localStorage; secure: like https; fetch() allowed. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Must run before `app` is ready (Electron refuses later registrations). */
export function registerAppSchemePrivileges(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  const scheme: CustomScheme = { scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } };
  protocol.registerSchemesAsPrivileged([scheme]);
}

function securityHeaders(extra: Record<string, string> = {}): Headers {
  return new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
    ...extra,
  });
}

function textResponse(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: securityHeaders({ 'Content-Type': 'text/plain; charset=utf-8', ...extra }) });
}

/**
 * Maps a request URL to a file under `root`, or returns null if the URL is not ours or
 * would leave the root (`..`, encoded `%2e%2e`, `%2f`, `%5c`, absolute paths, NUL bytes).
 */
export function resolveRequestPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  // Any `..` segment is refused outright, whichever separator encodes it.
  if (relative.split(/[\\/]+/).some((segment) => segment === '..')) return null;
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return null;
  const resolvedRoot = path.resolve(root);
  const full = path.resolve(resolvedRoot, relative);
  const rel = path.relative(resolvedRoot, full);
  if (rel === '' || rel.split(path.sep)[0] === '..' || path.isAbsolute(rel)) return null;
  return full;
}

export type AppRequestHandler = (request: Request) => Promise<Response>;

function jsonResponse(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: securityHeaders({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }) });
}

const refusal = (status: number, error: DossierError) => jsonResponse(status, { ok: false, error: serializeError(error) });

/** `/api/...` of our own origin, or null. */
function apiRoute(requestUrl: string): URL | null {
  try {
    const url = new URL(requestUrl);
    return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.pathname.startsWith('/api/') ? url : null;
  } catch {
    return null;
  }
}

async function* noBytes(): AsyncGenerator<Uint8Array> {}

/** A reply made in the engine, with our security headers (its own Content-Type, Cache-Control etc. kept). */
function relayed(head: ReplyHead, body: ReadableStream<Uint8Array> | null): Response {
  return new Response(body ?? (head.json === undefined ? null : JSON.stringify(head.json)), { status: head.status, headers: securityHeaders(head.headers) });
}

/** A scan into the encrypted store: the engine judges it (limit, type, content) and answers as browser mode does. */
async function scanUpload(request: Request, url: URL, streams: AppStreams): Promise<Response> {
  const name = url.searchParams.get('name') ?? '';
  const length = request.headers.get('content-length');
  try {
    const body = (request.body as unknown as AsyncIterable<Uint8Array> | null) ?? noBytes();
    return relayed(await streams.uploadScan(body, { name, declaredBytes: length === null ? null : Number(length) }), null);
  } catch (err) {
    if (err instanceof DossierError) return refusal(err.code === 'archive.locked' ? 409 : 400, err);
    console.error('[dossier] scan upload failed', err);
    return refusal(500, new DossierError('internal'));
  }
}

/** A scan's bytes (Range as asked) or a drawn page, pulled from the engine while the page reads them. */
async function engineBytes(request: Request, route: DownloadRoute, rawToken: string, streams: AppStreams): Promise<Response> {
  let token: string;
  try {
    token = decodeURIComponent(rawToken);
  } catch {
    return refusal(404, new DossierError('scans.notFound'));
  }
  try {
    const reply = await streams.download(route, token, route === 'scans' ? request.headers.get('range') : null);
    return relayed(reply.head, reply.body);
  } catch (err) {
    console.error('[dossier] scan read failed', err);
    return refusal(500, err instanceof DossierError ? err : new DossierError('internal'));
  }
}

async function streamRoute(request: Request, url: URL, streams: AppStreams, maxBytes: number): Promise<Response> {
  const route = url.pathname.slice('/api/'.length);
  if (route === 'upload') {
    if (request.method !== 'POST') return textResponse(405, 'Method Not Allowed', { Allow: 'POST' });
    if (url.searchParams.get('purpose') === 'scan') return scanUpload(request, url, streams);
    const name = (url.searchParams.get('name') ?? '').slice(0, 255);
    const mime = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(IMPORT_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase()) || !(IMPORT_CONTENT_TYPES as readonly string[]).includes(mime)) {
      return refusal(415, new DossierError('import.unsupportedFormat', { fileName: name.slice(0, 100) }));
    }
    const tooLarge = new DossierError('import.tooLarge', { maxMb: Math.floor(maxBytes / 1024 / 1024) });
    if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return refusal(413, tooLarge);
    if (!request.body) return refusal(400, new DossierError('validation', { detail: 'no body' }));
    try {
      return jsonResponse(200, { ok: true, value: await streams.upload(request.body as unknown as AsyncIterable<Uint8Array>, { name, mime, maxBytes }) });
    } catch (err) {
      if (err instanceof DossierError) return refusal(err.code === 'import.tooLarge' ? 413 : err.code === 'archive.locked' ? 409 : 400, err);
      console.error('[dossier] upload failed', err);
      return refusal(500, new DossierError('internal'));
    }
  }
  const bytes = /^(scans|pages)\/(.*)$/.exec(route);
  if (bytes) {
    if (request.method !== 'GET') return textResponse(405, 'Method Not Allowed', { Allow: 'GET' });
    return engineBytes(request, bytes[1] as DownloadRoute, bytes[2]!, streams);
  }
  if (route.startsWith('download/')) {
    if (request.method !== 'GET') return textResponse(405, 'Method Not Allowed', { Allow: 'GET' });
    let job: Job;
    try {
      job = (await streams.invoke('jobs.get', { id: decodeURIComponent(route.slice('download/'.length)) })) as Job;
    } catch (err) {
      return refusal(404, err instanceof DossierError ? err : new DossierError('job.notFound'));
    }
    const file = job.result as { fileName?: string; contentBase64?: string; mimeType?: string } | undefined;
    if (!deliversFile(job.operation) || job.state !== 'done' || typeof file?.contentBase64 !== 'string') return refusal(404, new DossierError('job.notFound'));
    const fileName = file.fileName ?? 'export';
    return new Response(new Uint8Array(Buffer.from(file.contentBase64, 'base64')), {
      status: 200,
      headers: securityHeaders({
        'Content-Type': file.mimeType ?? 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'Cache-Control': 'no-store',
      }),
    });
  }
  return refusal(404, new DossierError('transport.unknownOperation', { operation: route.slice(0, 100) }));
}

export function createAppRequestHandler(root: string, streams?: AppStreams, maxUploadBytes: number = MAX_UPLOAD_IMPORT_BYTES): AppRequestHandler {
  return async (request) => {
    const api = streams ? apiRoute(request.url) : null;
    if (api && streams) return streamRoute(request, api, streams, maxUploadBytes);
    if (request.method !== 'GET') return textResponse(405, 'Method Not Allowed', { Allow: 'GET' });
    const file = resolveRequestPath(root, request.url);
    if (file === null) return textResponse(403, 'Forbidden');
    try {
      const info = await stat(file);
      if (!info.isFile()) return textResponse(404, 'Not Found');
      const body = new Uint8Array(await readFile(file));
      return new Response(body, { status: 200, headers: securityHeaders({ 'Content-Type': mimeType(file) }) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return textResponse(404, 'Not Found');
      console.error('[dossier] app:// read failed', err);
      return textResponse(500, 'Internal Error');
    }
  };
}

/** Call once the app is ready; serves `app://dossier/*` on the default session. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string, streams?: AppStreams): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(root, streams));
}

/** The built renderer, relative to the bundled main (`dist-electron/main.cjs`). */
export function rendererRoot(mainDir: string): string {
  return path.join(mainDir, '..', 'dist', 'renderer');
}
