import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { createAppRequestHandler, registerAppProtocol, registerAppSchemePrivileges, rendererRoot, resolveRequestPath } from './protocol.js';
import type { AppRequestHandler } from './protocol.js';

vi.mock('electron', () => ({}));

let base: string;
let root: string;
let handler: AppRequestHandler;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'dossier-protocol-'));
  root = path.join(base, 'dist', 'renderer');
  mkdirSync(path.join(root, 'assets', 'fonts'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Dossier</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'assets', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(root, 'assets', 'fonts', 'noto.woff2'), Buffer.from('wOF2'));
  writeFileSync(path.join(root, 'assets', 'strings.json'), '{"a":1}');
  writeFileSync(path.join(root, 'assets', '档案 1.js'), 'console.log("cjk")');
  // Files outside the renderer root that must never be served.
  writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
  writeFileSync(path.join(base, 'dist', 'secret.txt'), 'TOP SECRET');
  handler = createAppRequestHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

describe('app:// protocol handler', () => {
  it('serves files from the renderer root with the CSP and the right MIME type', async () => {
    const cases: Array<[string, string, string]> = [
      ['app://dossier/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Dossier</title>'],
      ['app://dossier/', 'text/html; charset=utf-8', '<!doctype html><title>Dossier</title>'],
      ['app://dossier/assets/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://dossier/assets/app.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://dossier/assets/logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
      ['app://dossier/assets/strings.json', 'application/json; charset=utf-8', '{"a":1}'],
      ['app://dossier/assets/%E6%A1%A3%E6%A1%88%201.js', 'text/javascript; charset=utf-8', 'console.log("cjk")'],
      ['app://dossier/index.html?v=1#/clients', 'text/html; charset=utf-8', '<!doctype html><title>Dossier</title>'],
    ];
    for (const [url, type, body] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe(type);
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text(), url).toBe(body);
    }
    const png = await get('app://dossier/assets/logo.png');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const font = await get('app://dossier/assets/fonts/noto.woff2');
    expect(font.headers.get('content-type')).toBe('font/woff2');
  });

  it('refuses path traversal in every encoding', async () => {
    const attempts = [
      'app://dossier/..%2fsecret.txt',
      'app://dossier/..%2Fsecret.txt',
      'app://dossier/assets/..%2F..%2Fsecret.txt',
      'app://dossier/%2e%2e%2fsecret.txt',
      'app://dossier/..%5csecret.txt',
      'app://dossier/assets/..%5C..%5C..%5Csecret.txt',
      'app://dossier/%2e%2e%2f%2e%2e%2fsecret.txt',
      `app://dossier/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      'app://dossier/C:%5CWindows%5Cwin.ini',
      'app://dossier/index.html%00.js',
      'app://dossier/%E0%A4%A',
    ];
    for (const url of attempts) {
      const res = await get(url);
      expect([403, 404], url).toContain(res.status);
      expect(await res.text(), url).not.toContain('TOP SECRET');
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    // The raw forms are normalized by the URL parser before they reach us; still nothing leaks.
    for (const url of ['app://dossier/../secret.txt', 'app://dossier/assets/../../secret.txt', 'app://dossier/%2e%2e/secret.txt']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('TOP SECRET');
    }
  });

  it('the path resolver itself refuses anything outside the root', () => {
    expect(resolveRequestPath(root, 'app://dossier/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveRequestPath(root, 'app://dossier/..%2fsecret.txt')).toBeNull();
    expect(resolveRequestPath(root, 'app://dossier/a/..%2f..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveRequestPath(root, 'app://dossier/%2Fetc%2Fpasswd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveRequestPath(root, 'app://evil/index.html')).toBeNull();
    expect(resolveRequestPath(root, 'https://dossier/index.html')).toBeNull();
  });

  it('answers GET only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']) {
      const res = await get('app://dossier/index.html', { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 404 for unknown paths and folders (no index.html fallback)', async () => {
    for (const url of ['app://dossier/clients/42', 'app://dossier/assets', 'app://dossier/assets/', 'app://dossier/missing.js', 'app://dossier/index.html/x']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('<title>Dossier');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('serves only the dossier host', async () => {
    expect((await get('app://other/index.html')).status).toBe(403);
  });

  it('registers the scheme as privileged (standard, secure, fetch) and the handler on "app"', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppSchemePrivileges(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    registerAppProtocol(protocol, root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('finds the renderer next to the bundled main', () => {
    expect(rendererRoot(path.join('/opt/Dossier/resources/app.asar', 'dist-electron'))).toBe(path.join('/opt/Dossier/resources/app.asar', 'dist', 'renderer'));
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the strict policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|http:|https:/);
  });
});
