#!/usr/bin/env node
/**
 * The README commands run through here, on any machine, before anything is installed:
 *   npm start  → install what is missing, build, open the Electron window (or browser mode)
 *   npm test   → install what is missing, run the whole suite (types, unit, e2e)
 *   node scripts/bootstrap.mjs deps → only install what is missing and build the CLI bundle
 * Plain Node only: this file runs before node_modules exists. It writes nothing into the
 * work tree outside ignored folders (node_modules/, dist-cli/, .tmp/ ...), so the tree stays
 * as checked out.
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
const lockFile = path.join(root, 'package-lock.json');
const stampFile = path.join(root, 'node_modules', '.dossier-install-stamp');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  return result.status ?? 1;
}

/**
 * What an install is keyed to: the lock file it installed, and the Node ABI, platform and
 * architecture the native SQLite module was compiled for.
 */
function installKey() {
  const lock = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
  return `lock ${lock}\nnode-abi ${process.versions.modules}\nplatform ${process.platform}-${process.arch}\n`;
}

/**
 * Installs exactly the committed lock file with `npm ci`, which never writes package-lock.json.
 * There is deliberately no fallback: `npm install` would rewrite the lock (a dirty tree, and a
 * different install key next time), and `npm install --no-save` would resolve versions
 * nobody reviewed. A lock file npm ci refuses is a bug in the commit; say so and stop.
 */
function ensureDependencies() {
  if (!existsSync(lockFile)) {
    console.error('✗ package-lock.json is missing: the dependencies are installed from the committed lock file only.');
    process.exit(1);
  }
  const wanted = installKey();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return false;
  console.log('» Installing dependencies (the encrypted SQLite module compiles from source; about two minutes)…');
  // The Electron binary is fetched separately below, so an offline machine still installs.
  // onnxruntime-node carries its CPU binaries; its post-install would download a GPU build.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ONNXRUNTIME_NODE_INSTALL: 'skip' };
  const status = run(npm, ['ci', '--no-audit', '--no-fund'], { env });
  if (status !== 0) {
    console.error(
      [
        '✗ npm ci could not install the dependencies from package-lock.json (see above).',
        '  If npm says the lock file is out of sync with package.json, the commit is at fault: regenerate it with',
        '  `npm install --package-lock-only` on npm 11 or newer, check that `npm ci --dry-run` accepts it, and commit it.',
      ].join('\n'),
    );
    process.exit(status);
  }
  writeFileSync(stampFile, wanted);
  return true;
}

/** The CLI and browser-mode bundles (dist-cli/), rebuilt only when a source is newer. */
function ensureBundles() {
  if (run(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs'), '--if-stale', '--quiet']) !== 0) {
    console.error('✗ Could not build the command-line bundle (see above).');
    process.exit(1);
  }
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
  console.error("✗ The end-to-end tests need Debian's Chromium: sudo apt-get install -y chromium fonts-noto-cjk");
  process.exit(1);
}

if (!['start', 'test', 'deps'].includes(mode)) {
  console.error('usage: node scripts/bootstrap.mjs start|test|deps');
  process.exit(2);
}

const installed = ensureDependencies();
ensureBundles();

if (mode === 'deps') {
  console.log(installed ? '» Dependencies installed.' : '» Dependencies are up to date (nothing installed).');
} else if (mode === 'test') {
  ensureChromium();
  process.exit(run(process.execPath, [path.join(root, 'scripts', 'test-all.mjs'), ...passThrough]));
} else {
  const electron = tryFetchElectron();
  if (electron && hasDisplay()) {
    process.exit(run(process.execPath, [path.join(root, 'scripts', 'launch-electron.mjs'), ...passThrough]));
  }
  console.log(
    electron
      ? '» No display found, so Dossier starts in browser mode.'
      : '» The Electron runtime is not installed on this machine (no download possible), so Dossier starts in browser mode:\n  the same application, served to your browser from this computer only (127.0.0.1).',
  );
  process.exit(run(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), ...passThrough]));
}
