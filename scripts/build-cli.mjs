#!/usr/bin/env node
/**
 * Bundles the command line and the browser-mode server with esbuild, so `dossier` starts
 * without compiling TypeScript (tsx spends seconds on that at every command):
 *
 *   cli/main.ts    -> dist-cli/cli.cjs     (node; better-sqlite3 and vite external)
 *   server/main.ts -> dist-cli/server.mjs
 *   db/workers/entry.ts -> dist-cli/worker.mjs (the engine's worker threads)
 *   dist-cli/manifest.json: when the build began and the files it read (bin/bundle.mjs
 *   decides from it whether the bundle is up to date)
 *
 * dist-cli/ sits one level below the project root like cli/ and server/, so paths derived
 * from import.meta.url (the renderer build, node_modules) stay right.
 * Options: --if-stale (build only when a source changed since the last build), --quiet.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleDir, freshBundle, manifestFile, root } from '../bin/bundle.mjs';

const quiet = process.argv.includes('--quiet');
const ENTRIES = { cli: 'cli/main.ts', server: 'server/main.ts', worker: 'db/workers/entry.ts' };

if (process.argv.includes('--if-stale') && Object.keys(ENTRIES).every((name) => freshBundle(name))) process.exit(0);

/**
 * Packages the engine imports at the top of a module but needs only for some operations
 * (spreadsheets, GBK text, the Traditional→Simplified dictionary): together more than half
 * of the bundle's bytes and of its start-up time. Each gets a bundle of its own in
 * dist-cli/lazy/, and the engine imports a stand-in with the same exports that loads it
 * the first time it is used.
 */
const LAZY = {
  exceljs: 'export default lazyObject();',
  'iconv-lite': 'export default lazyObject();',
  'csv-parse/sync': 'export function parse(...args) { return load().parse(...args); }',
  'opencc-js': 'export function Converter(options) { let convert; return (text) => (convert ??= load().Converter(options))(text); }',
};
const lazyFile = (name) => `lazy/${name.replace(/\//g, '-')}.cjs`;

const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    const filter = new RegExp(
      `^(${Object.keys(LAZY)
        .map((n) => n.replace(/[/.-]/g, '\\$&'))
        .join('|')})$`,
    );
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy' }));
    b.onResolve({ filter: /^\.\/lazy\//, namespace: 'lazy' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      loader: 'js',
      contents: [
        `let real;`,
        // Resolved next to the bundle at run time: dist-cli/lazy/*.cjs.
        `const load = () => (real ??= require(${JSON.stringify('./' + lazyFile(args.path))}));`,
        `const lazyObject = () => new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
        LAZY[args.path],
      ].join('\n'),
    }));
  },
};

/** Native or self-locating packages (sharp's binary, pdf.js's worker module, zxing's .wasm, the canvas binding, the OCR models and runtime) load from node_modules. */
const SCAN_EXTERNALS = ['sharp', 'pdfjs-dist', 'zxing-wasm', '@napi-rs/canvas', '@gutenye/ocr-node', 'onnxruntime-node', 'tesseract.js'];

const startedAt = Date.now();
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', minify: true, legalComments: 'none', logLevel: 'warning', metafile: true, write: false };
const results = await Promise.all([
  // CommonJS, so bin/dossier.mjs can run it through vm.Script with V8's code cache (Node 20 has
  // no compile cache for ES modules); import.meta.url is rebuilt from __filename.
  build({
    ...common,
    entryPoints: { cli: ENTRIES.cli },
    outfile: path.join(bundleDir, 'cli.cjs'),
    format: 'cjs',
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    external: ['better-sqlite3', 'vite', ...SCAN_EXTERNALS],
    plugins: [lazyPackages],
  }),
  build({
    ...common,
    entryPoints: { server: ENTRIES.server },
    outfile: path.join(bundleDir, 'server.mjs'),
    format: 'esm',
    // Bundled CommonJS packages call require() for Node built-ins (and the lazy bundles).
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    external: ['better-sqlite3', 'vite', ...SCAN_EXTERNALS],
    plugins: [lazyPackages],
  }),
  // The engine's worker threads (spreadsheets now; PDFs, scans and OCR later) load this file.
  build({
    ...common,
    entryPoints: { worker: ENTRIES.worker },
    outfile: path.join(bundleDir, 'worker.mjs'),
    format: 'esm',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    external: ['better-sqlite3', 'vite', ...SCAN_EXTERNALS],
    plugins: [lazyPackages],
  }),
  ...Object.keys(LAZY).map((name) =>
    build({
      ...common,
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, sourcefile: `lazy:${name}` },
      outfile: path.join(bundleDir, lazyFile(name)),
      format: 'cjs',
    }),
  ),
]);

// Written beside and renamed, so a `dossier` starting meanwhile never loads half a file.
for (const file of results.flatMap((r) => r.outputFiles)) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, file.contents);
  renameSync(temp, file.path);
}
const inputs = results.flatMap((r) => Object.keys(r.metafile.inputs)).filter((input) => !input.includes('node_modules/') && !input.includes(':'));
inputs.push('scripts/build-cli.mjs', 'bin/bundle.mjs', 'package.json');
// The installed packages are bundled too: npm rewrites its hidden lock file on every install.
if (existsSync(path.join(root, 'node_modules', '.package-lock.json'))) inputs.push('node_modules/.package-lock.json');
const outputs = { cli: 'dist-cli/cli.cjs', server: 'dist-cli/server.mjs', worker: 'dist-cli/worker.mjs' };
const requires = Object.keys(LAZY).map((name) => `dist-cli/${lazyFile(name)}`);
const manifest = { startedAt, outputs, requires, inputs: [...new Set(inputs)].sort() };
const temp = `${manifestFile}.${process.pid}.tmp`;
writeFileSync(temp, JSON.stringify(manifest, null, 2) + '\n');
renameSync(temp, manifestFile);
// What earlier builds left: code caches (bin/dossier.mjs writes one per bundle content), old outputs.
const keep = new Set(['manifest.json', 'lazy', ...Object.values(outputs).map((o) => path.basename(o))]);
for (const name of readdirSync(bundleDir)) if (!keep.has(name) && !name.endsWith('.tmp')) rmSync(path.join(bundleDir, name), { recursive: true, force: true });

if (!quiet) {
  for (const [file, info] of results.flatMap((r) => Object.entries(r.metafile.outputs))) {
    console.log(`${path.relative(root, path.resolve(root, file))}  ${(info.bytes / 1024).toFixed(0)} KB`);
  }
}
