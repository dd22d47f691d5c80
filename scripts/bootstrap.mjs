#!/usr/bin/env node
/**
 * The two README commands run through here, on any machine, before anything is installed:
 *   npm start  → install what is missing, build, open the Electron window (or browser mode)
 *   npm test   → install what is missing, run the whole suite (types, unit, e2e)
 * Plain Node only: this file runs before node_modules exists.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2];
const passThrough = process.argv.slice(3);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const stampFile = path.join(root, 'node_modules', '.dossier-install-stamp');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  return result.status ?? 1;
}

function lockHash() {
  const lock = path.join(root, 'package-lock.json');
  const text = readFileSync(existsSync(lock) ? lock : path.join(root, 'package.json'));
  return createHash('sha256').update(text).digest('hex');
}

function ensureDependencies() {
  const wanted = lockHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return;
  console.log('» Installing dependencies (the encrypted SQLite module compiles from source; about two minutes)…');
  // The Electron binary is fetched separately below, so an offline machine still installs.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  let status = existsSync(path.join(root, 'package-lock.json')) ? run(npm, ['ci', '--no-audit', '--no-fund'], { env }) : 1;
  if (status !== 0) {
    // Some npm versions leave other platforms' optional packages (rollup's, esbuild's) out of the
    // lock file and then refuse it in `npm ci`; `npm install` honours the lock and completes it.
    console.log('» Installing with npm install instead…');
    status = run(npm, ['install', '--no-audit', '--no-fund'], { env });
  }
  if (status !== 0) {
    console.error('✗ npm could not install the dependencies (see above).');
    process.exit(status);
  }
  writeFileSync(stampFile, wanted);
}

function electronBinaryPresent() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function tryFetchElectron() {
  if (electronBinaryPresent() || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return electronBinaryPresent();
  console.log('» Fetching the Electron runtime (skipped quietly when there is no network)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, env, stdio: 'ignore', timeout: 180_000 });
  return electronBinaryPresent();
}

function hasDisplay() {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function ensureChromium() {
  if (process.platform !== 'linux' || existsSync('/usr/bin/chromium')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('» Installing Chromium and CJK fonts for the browser tests (apt)…');
    run('apt-get', ['update', '-qq']);
    if (run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk']) === 0) return;
  }
  console.error('✗ The end-to-end tests need Debian\'s Chromium: sudo apt-get install -y chromium fonts-noto-cjk');
  process.exit(1);
}

ensureDependencies();

if (mode === 'test') {
  ensureChromium();
  process.exit(run(process.execPath, [path.join(root, 'scripts', 'test-all.mjs'), ...passThrough]));
} else if (mode === 'start') {
  const electron = tryFetchElectron();
  if (electron && hasDisplay()) {
    process.exit(run(process.execPath, [path.join(root, 'scripts', 'launch-electron.mjs'), ...passThrough]));
  }
  console.log(
    electron
      ? '» No display found, so Dossier starts in browser mode.'
      : '» The Electron runtime is not installed on this machine (no download possible), so Dossier starts in browser mode:\n  the same application, served to your browser from this computer only (127.0.0.1).',
  );
  process.exit(run(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts'), ...passThrough]));
} else {
  console.error('usage: node scripts/bootstrap.mjs start|test');
  process.exit(2);
}
