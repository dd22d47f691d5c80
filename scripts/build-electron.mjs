#!/usr/bin/env node
/**
 * Bundles the Electron main process and preload with esbuild.
 *
 *   electron/main.ts    -> dist-electron/main.cjs     (node, cjs; electron external: the main
 *                                                      process relays, it never opens the archive)
 *   electron/engine.ts  -> dist-electron/engine.cjs   (the engine's utility process; better-sqlite3
 *                                                      external: the native module stays in node_modules)
 *   db/workers/entry.ts -> dist-electron/worker.mjs   (the engine's worker threads)
 *   electron/preload.ts -> dist-electron/preload.cjs  (sandboxed preload: one file, only electron external)
 *
 * package.json is "type": "module", hence the .cjs extension.
 * Options: --outdir DIR (default dist-electron), --sourcemap, --minify.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const outdir = path.resolve(root, option('--outdir') ?? 'dist-electron');
const sourcemap = process.argv.includes('--sourcemap');
const minify = process.argv.includes('--minify');

/** Electron 45 runs Node 22 and Chromium 140. */
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap,
  minify,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
};

rmSync(outdir, { recursive: true, force: true });

const results = await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: path.join(outdir, 'main.cjs'),
    platform: 'node',
    target: 'node22',
    external: ['electron', 'better-sqlite3', 'sharp', 'pdfjs-dist', 'zxing-wasm', '@napi-rs/canvas', '@gutenye/ocr-node', 'onnxruntime-node'],
    metafile: true,
    // The engine finds files beside its module (the worker bundle) through import.meta.url.
    define: { ...common.define, 'import.meta.url': '__importMetaUrl' },
    banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({
    ...common,
    entryPoints: ['electron/engine.ts'],
    outfile: path.join(outdir, 'engine.cjs'),
    platform: 'node',
    target: 'node22',
    external: ['electron', 'better-sqlite3', 'sharp', 'pdfjs-dist', 'zxing-wasm', '@napi-rs/canvas', '@gutenye/ocr-node', 'onnxruntime-node'],
    metafile: true,
    // The engine finds files beside its module (the worker bundle) through import.meta.url.
    define: { ...common.define, 'import.meta.url': '__importMetaUrl' },
    banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  // The engine's worker threads load this file from beside engine.cjs.
  build({
    ...common,
    entryPoints: ['db/workers/entry.ts'],
    outfile: path.join(outdir, 'worker.mjs'),
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: ['electron', 'better-sqlite3', 'sharp', 'pdfjs-dist', 'zxing-wasm', '@napi-rs/canvas', '@gutenye/ocr-node', 'onnxruntime-node'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    metafile: true,
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    // The sandboxed preload has a limited require(): only `electron` (and a few polyfilled
    // node modules). Bundle everything else; platform node keeps `require('electron')` as is.
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    metafile: true,
  }),
]);

for (const result of results) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    const externals = info.imports.filter((i) => i.external).map((i) => i.path);
    console.log(`${path.relative(root, path.resolve(root, file))}  ${(info.bytes / 1024).toFixed(1)} KB  external: ${[...new Set(externals)].join(', ') || '-'}`);
  }
}
