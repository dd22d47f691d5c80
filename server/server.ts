/**
 * Browser mode: a loopback HTTP server that serves the built renderer and carries the
 * same API contract the Electron preload exposes, guarded by a random per-launch token.
 * It listens on 127.0.0.1 only and refuses foreign Host headers (DNS rebinding) and
 * cross-origin requests.
 *
 * Routes (every /api/ route: `Authorization: Bearer <token>`, Host 127.0.0.1/localhost:<port>,
 * no foreign Origin; 401 / 421 / 403 otherwise):
 *   POST /api/<operation>        JSON input → `{ok:true,value} | {ok:false,error}` (status 200).
 *   GET  /api/events             Server-Sent Events: `event: job` with a Job as data, for every
 *                                job of the session (those already known first, then each change,
 *                                progress at most every 100 ms); `: ping` every 15 s; `event: locked`
 *                                and the end of the stream when the session ends (or at once when locked).
 *                                Each open stream is a tab showing the session: when the last one has
 *                                closed for 5 s (a reload reconnects sooner), the session is locked.
 *   POST /api/upload?name=<file> the file's bytes as the body (not JSON, not base64). The name's
 *                                extension must be .xlsx or .csv and Content-Type a spreadsheet type
 *                                (415 otherwise); larger than the limit: 413 (Content-Length refused
 *                                before reading, a longer stream cut off). → `{ok:true,value:{id,name,type,size}}`.
 *                                Pass `uploadId: id` instead of `contentBase64` to import.check/import.run
 *                                (or jobs.start of them); import.run consumes the upload, a lock removes it.
 *   POST /api/upload?purpose=scan&name=<file>  a scan's bytes (any type; judged by content), streamed
 *                                into the encrypted blob store and checked → `{ok:true,value:{id,name,size,kind,pageCount}}`
 *                                for `scans.add` (413 over the scan limit, 415 unsupported type, 422 damaged).
 *   GET  /api/scans/<token>      a scan's decrypted bytes (token from scans.open / scans.export), Range supported.
 *   GET  /api/pages/<token>      a page drawn by pages.render (PNG), once, within a minute of the call.
 *   GET  /api/download/<jobId>   the file of a finished export or print job, streamed, with its
 *                                Content-Type and Content-Disposition (404 when there is no such file).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { DossierError, serializeError } from '../shared/errors.js';
import type { ArchiveHost } from '../db/host.js';
import { invokeConsuming, UploadTooLargeError } from '../db/streams/uploads.js';
import { contentDisposition, refusalReply, scanReply, scanUploadPrecheck, scanUploadReply } from '../db/streams/scanRoutes.js';
import type { ByteReply } from '../db/streams/scanRoutes.js';
import { pageReply } from '../db/streams/pages.js';
import { IMPORT_CONTENT_TYPES, IMPORT_EXTENSIONS, MAX_UPLOAD_IMPORT_BYTES } from '../shared/ops/import.js';
import type { Job } from '../shared/ops/jobs.js';
import { deliversFile } from '../shared/ops/print.js';

// JSON calls: small imports may still come inline as base64 (up to 20 MB of file, see shared/ops/import.ts).
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/** A reload reconnects its event stream well within this; a closed last tab locks after it. */
const LAST_TAB_GRACE_MS = 5_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface BrowserServerOptions {
  host: ArchiveHost;
  rendererDir: string;
  port?: number;
  /** Tests may fix it; normally a fresh random token per launch. */
  token?: string;
  /** Largest upload accepted (bytes); default: the largest spreadsheet an import reads. */
  maxUploadBytes?: number;
  /** Interval of the event stream's keep-alive comment (tests shorten it). */
  heartbeatMs?: number;
  /**
   * How long a session may have no open event stream (no tab showing it) before it is locked:
   * long enough for a reload to reconnect, short enough that a tab opened later with the
   * printed address finds the archive locked. Default 5 s.
   */
  lastTabGraceMs?: number;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DossierError('validation', { detail: 'request too large' });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DossierError('validation', { detail: 'request body is not JSON' });
  }
}

async function serveStatic(res: ServerResponse, rendererDir: string, urlPath: string): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + relative);
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    send(res, 200, body, MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
  } catch {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  }
}

/** A refusal before the body was read: the connection closes rather than draining an upload. */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, error: DossierError): void {
  refuseUnreadReply(req, res, refusalReply(status, error));
}

/** `refuseUnread` for an answer made in db/streams (its status and JSON body). */
function refuseUnreadReply(req: IncomingMessage, res: ServerResponse, reply: ByteReply): void {
  const complete = req.complete || req.headers['content-length'] === '0' || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined);
  res.writeHead(reply.status, { ...reply.headers, ...SECURITY_HEADERS, ...(complete ? {} : { Connection: 'close' }) });
  res.end(JSON.stringify(reply.json ?? null), () => {
    if (!complete) req.destroy();
  });
}

/**
 * The tabs showing a session, by their event streams: when the last one closes and none
 * reopens within the grace period (a reload reopens at once), the session is locked.
 */
export class TabWatch {
  private open = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ArchiveHost,
    private readonly graceMs: number,
  ) {}

  /** A stream of the current session opened; returns its close, safe to call more than once. */
  opened(): () => void {
    this.open++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const session = this.host.current;
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.open--;
      if (this.open > 0) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        // Only the session those tabs showed; a later sign-in is not ours to end.
        if (this.open === 0 && session && this.host.current === session) this.host.lock();
      }, this.graceMs);
      this.timer.unref();
    };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function streamEvents(req: IncomingMessage, res: ServerResponse, host: ArchiveHost, heartbeatMs: number, tabs: TabWatch): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no', ...SECURITY_HEADERS });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const session = host.current;
  if (!session) {
    send('locked', {});
    res.end();
    return;
  }
  const closed = tabs.opened();
  for (const job of session.jobs.list().reverse()) send('job', job);
  const offJobs = host.onJobEvent((job: Job) => send('job', job));
  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  heartbeat.unref();
  const stop = () => {
    offJobs();
    offEnd();
    clearInterval(heartbeat);
    closed();
  };
  const offEnd = host.onSessionEnd(() => {
    stop();
    send('locked', {});
    res.end();
  });
  req.on('close', stop);
  res.on('close', stop);
}

/** The base type of a Content-Type header, lower case. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Writes a scan route's answer (db/streams/scanRoutes.ts: the same answers Electron's protocol gives). */
function sendReply(res: ServerResponse, reply: ByteReply): void {
  res.writeHead(reply.status, { ...reply.headers, ...SECURITY_HEADERS });
  if (!reply.stream) return void res.end(reply.json === undefined ? undefined : JSON.stringify(reply.json));
  reply.stream.on('error', () => res.destroy());
  res.on('close', () => reply.stream!.destroy());
  reply.stream.pipe(res);
}

/**
 * A scan (`POST /api/upload?purpose=scan&name=…`): any Content-Type (the type is judged by
 * content), streamed into the encrypted blob store and checked there; refused with 413 past
 * the archive's scan limit, 415 for an unsupported type, 422 for a damaged or unnamed document.
 */
async function receiveScanUpload(req: IncomingMessage, res: ServerResponse, url: URL, host: ArchiveHost): Promise<void> {
  const session = host.current;
  const name = url.searchParams.get('name') ?? '';
  const early = scanUploadPrecheck(session, name, req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']));
  if (early || !session) return refuseUnreadReply(req, res, early ?? refusalReply(409, new DossierError('archive.locked')));
  const body = new PassThrough();
  // A stream abandoned after a refusal may still be destroyed by the client's going away: nobody reads its error then.
  body.on('error', () => {});
  req.pipe(body);
  req.on('close', () => {
    if (!req.complete) body.destroy(new Error('upload aborted by the client'));
  });
  const reply = await scanUploadReply(session, body, name);
  if (reply.status === 200) return sendReply(res, reply);
  req.unpipe(body);
  // A request whose body was read to the end is destroyed by then (autoDestroy): only a gone socket means the client left.
  if (res.destroyed || req.socket.destroyed) return;
  refuseUnreadReply(req, res, reply);
}

/** `GET /api/scans/<token>`: a scan's decrypted bytes for the viewer (Range: bytes=a-b gives 206). */
async function sendScan(req: IncomingMessage, res: ServerResponse, host: ArchiveHost, token: string): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    return sendReply(res, refusalReply(404, new DossierError('scans.notFound')));
  }
  sendReply(res, await scanReply(host.current, decoded, req.headers.range));
}

async function receiveUpload(req: IncomingMessage, res: ServerResponse, url: URL, host: ArchiveHost, maxBytes: number): Promise<void> {
  if (url.searchParams.get('purpose') === 'scan') return receiveScanUpload(req, res, url, host);
  const name = (url.searchParams.get('name') ?? '').slice(0, 255);
  const ext = path.extname(name).toLowerCase();
  if (!(IMPORT_EXTENSIONS as readonly string[]).includes(ext) || !(IMPORT_CONTENT_TYPES as readonly string[]).includes(mediaType(req.headers['content-type']))) {
    return refuseUnread(req, res, 415, new DossierError('import.unsupportedFormat', { fileName: name.slice(0, 100) }));
  }
  const tooLarge = new DossierError('import.tooLarge', { maxMb: Math.floor(maxBytes / 1024 / 1024) });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return refuseUnread(req, res, 413, tooLarge);
  if (!host.current) return refuseUnread(req, res, 409, new DossierError('archive.locked'));
  // Read through a pipe: refusing a stream that grew too long stops reading it without
  // destroying the request, so the client still gets its 413.
  const body = new PassThrough();
  req.pipe(body);
  req.on('close', () => {
    if (!req.complete) body.destroy(new Error('upload aborted by the client'));
  });
  try {
    const upload = await host.uploads().receive(body, { name, type: mediaType(req.headers['content-type']), maxBytes });
    sendJson(res, 200, { ok: true, value: upload });
  } catch (err) {
    if (err instanceof UploadTooLargeError) {
      req.unpipe(body);
      return refuseUnread(req, res, 413, tooLarge);
    }
    if (req.destroyed || res.destroyed) return; // the client went away: the upload's file is already removed
    if (!(err instanceof DossierError)) console.error('[dossier] upload failed:', err);
    refuseUnread(req, res, err instanceof DossierError && err.code === 'archive.locked' ? 409 : 500, err instanceof DossierError ? err : new DossierError('internal'));
  }
}

function sendDownload(res: ServerResponse, host: ArchiveHost, rawId: string): void {
  const notFound = () => sendJson(res, 404, { ok: false, error: serializeError(new DossierError('job.notFound')) });
  const session = host.current;
  if (!session) return sendJson(res, 409, { ok: false, error: serializeError(new DossierError('archive.locked')) });
  let job: Job;
  try {
    job = session.jobs.get(decodeURIComponent(rawId));
  } catch {
    return notFound();
  }
  const file = job.result as { fileName?: unknown; contentBase64?: unknown; mimeType?: unknown } | undefined;
  if (!deliversFile(job.operation) || job.state !== 'done' || typeof file?.contentBase64 !== 'string') return notFound();
  const bytes = Buffer.from(file.contentBase64, 'base64');
  res.writeHead(200, {
    'Content-Type': typeof file.mimeType === 'string' ? file.mimeType : 'application/octet-stream',
    'Content-Length': String(bytes.length),
    'Content-Disposition': contentDisposition(typeof file.fileName === 'string' ? file.fileName : 'export'),
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
  });
  // Written in pieces so a large file leaves with the socket's backpressure.
  Readable.from(chunks(bytes)).pipe(res);
}

function* chunks(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const tabs = new TabWatch(options.host, options.lastTabGraceMs ?? LAST_TAB_GRACE_MS);

  const server = createServer((req, res) => {
    void (async () => {
      const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
      if (!allowedHosts.includes(req.headers.host ?? '')) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

      if (url.pathname.startsWith('/api/')) {
        const route = url.pathname.slice('/api/'.length);
        const streamRoute =
          route === 'events' || route.startsWith('download/') || route.startsWith('scans/') || route.startsWith('pages/') ? 'GET' : route === 'upload' ? 'POST' : null;
        const method = streamRoute ?? 'POST';
        if (req.method !== method) return sendJson(res, 405, { ok: false, error: serializeError(new DossierError('validation', { detail: `${method} only` })) });
        const origin = req.headers.origin;
        if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin)) {
          return refuseUnread(req, res, 403, new DossierError('transport.unauthorized'));
        }
        if (!tokenMatches(req.headers.authorization, token)) {
          return refuseUnread(req, res, 401, new DossierError('transport.unauthorized'));
        }
        if (route === 'events') return streamEvents(req, res, options.host, options.heartbeatMs ?? HEARTBEAT_MS, tabs);
        if (route === 'upload') return receiveUpload(req, res, url, options.host, options.maxUploadBytes ?? MAX_UPLOAD_IMPORT_BYTES);
        if (route.startsWith('download/')) return sendDownload(res, options.host, route.slice('download/'.length));
        if (route.startsWith('scans/')) return sendScan(req, res, options.host, route.slice('scans/'.length));
        if (route.startsWith('pages/')) return sendReply(res, pageReply(options.host.current, route.slice('pages/'.length)));
        const operation = decodeURIComponent(route);
        try {
          const input = await readBody(req);
          const value = await invokeConsuming(options.host, operation, input);
          return sendJson(res, 200, { ok: true, value });
        } catch (err) {
          if (!(err instanceof DossierError)) console.error(`[dossier] ${operation} failed:`, err);
          return sendJson(res, 200, { ok: false, error: serializeError(err) });
        }
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
      return serveStatic(res, options.rendererDir, url.pathname);
    })().catch((err: unknown) => {
      console.error('[dossier] request failed:', err);
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain; charset=utf-8');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        tabs.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
