#!/usr/bin/env node
/**
 * Opens Dossier in Electron from a development checkout (`npm start` calls this when the
 * Electron runtime and a display are present). node_modules keeps better-sqlite3 built for
 * Node (tests, CLI, browser mode); Electron needs the same addon built for its own ABI, so
 * that build goes to .cache/electron-native/<version>/ and is handed to the main process.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const run = (command, args, options = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options }).status ?? 1;

const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const electronBinary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(path.join(root, 'node_modules', 'electron', 'path.txt'), 'utf8').trim());

function electronAddon() {
  const workDir = path.join(root, '.cache', 'electron-native', electronVersion, 'better-sqlite3');
  const addon = path.join(workDir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(addon)) return addon;
  console.log(`» Building the encrypted SQLite module for Electron ${electronVersion} (once)…`);
  rmSync(workDir, { recursive: true, force: true });
  cpSync(path.join(root, 'node_modules', 'better-sqlite3'), workDir, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
  const status = run(bin('node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: workDir });
  if (status !== 0 || !existsSync(addon)) {
    console.error('✗ Could not build the SQLite module for Electron; use browser mode: npm run serve');
    process.exit(1);
  }
  return addon;
}

if (run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
if (run(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]) !== 0) process.exit(1);
const env = { ...process.env, DOSSIER_SQLITE_BINDING: electronAddon() };
delete env.ELECTRON_RUN_AS_NODE;
process.exit(run(electronBinary, [root, ...process.argv.slice(2)], { env, shell: false }));
