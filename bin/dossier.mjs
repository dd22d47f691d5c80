#!/usr/bin/env node
// The `dossier` command. It runs the bundle (dist-cli/cli.cjs, see scripts/build-cli.mjs) when it
// is up to date, else the TypeScript sources through tsx, so a checkout works without a build.
// DOSSIER_CLI_FROM=bundle|source picks one (the bench compares both).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { freshBundle } from './bundle.mjs';

/**
 * Loads the CommonJS bundle with V8's code cache beside it, so later commands skip parsing
 * and compiling it. The cache is named after the bundle's content: a rebuilt bundle never
 * meets an old cache. Returns the exports and a function that saves the cache once the
 * command has run (the functions it compiled are in it then).
 */
function loadBundle(file) {
  const source = readFileSync(file, 'utf8');
  const cacheFile = `${file}.${createHash('sha256').update(source).digest('hex').slice(0, 16)}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // A read-only installation runs without the cache.
    }
  };
  return { exports: module.exports, saveCache };
}

const from = process.env.DOSSIER_CLI_FROM;
// Browser mode may import() vite to build the renderer, which a vm.Script cannot: it has its own bundle.
const serve = process.argv[2] === 'serve';
const bundle = from === 'source' ? null : freshBundle(serve ? 'server' : 'cli');
if (from === 'bundle' && !bundle) {
  console.error('dossier: the bundle in dist-cli/ is missing or older than its sources; build it with: node scripts/build-cli.mjs');
  process.exit(2);
}
if (bundle && serve) {
  const { runBrowserMode } = await import(pathToFileURL(bundle).href);
  await runBrowserMode(process.argv.slice(3));
} else if (bundle) {
  const { exports, saveCache } = loadBundle(bundle);
  process.exitCode = await exports.main(process.argv.slice(2));
  saveCache();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(new URL('../cli/main.ts', import.meta.url).href);
  process.exitCode = await main(process.argv.slice(2));
}
