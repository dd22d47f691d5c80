/**
 * The `app://dossier/` protocol: serves the built renderer (dist/renderer, inside the asar
 * when packaged) instead of file://. GET only, no path may leave the root, no fallback
 * to index.html (the renderer uses hash routing), and every response carries the CSP.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { APP_HOST, APP_SCHEME } from './constants.js';

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

export function createAppRequestHandler(root: string): AppRequestHandler {
  return async (request) => {
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
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(root));
}

/** The built renderer, relative to the bundled main (`dist-electron/main.cjs`). */
export function rendererRoot(mainDir: string): string {
  return path.join(mainDir, '..', 'dist', 'renderer');
}
