/**
 * Browser mode: a loopback HTTP server that serves the built renderer and carries the
 * same API contract the Electron preload exposes (`POST /api/<operation>`), guarded by a
 * random per-launch token. It listens on 127.0.0.1 only and refuses foreign Host headers
 * (DNS rebinding) and cross-origin requests.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { DossierError, serializeError } from '../shared/errors.js';
import type { ArchiveHost } from '../db/host.js';

// Spreadsheet imports travel as base64 (up to 20 MB of file, see shared/ops/import.ts).
const MAX_BODY_BYTES = 32 * 1024 * 1024;

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

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
      if (!allowedHosts.includes(req.headers.host ?? '')) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: serializeError(new DossierError('validation', { detail: 'POST only' })) });
        const origin = req.headers.origin;
        if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin)) {
          return sendJson(res, 403, { ok: false, error: serializeError(new DossierError('transport.unauthorized')) });
        }
        if (!tokenMatches(req.headers.authorization, token)) {
          return sendJson(res, 401, { ok: false, error: serializeError(new DossierError('transport.unauthorized')) });
        }
        const operation = decodeURIComponent(url.pathname.slice('/api/'.length));
        try {
          const input = await readBody(req);
          const value = await options.host.invoke(operation, input);
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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
