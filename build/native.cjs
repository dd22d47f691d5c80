/**
 * The native module, two builds (see /work/shared/ENGINEERING.md "Native module, two builds").
 *
 * node_modules/better-sqlite3 is built for Node so vitest, the CLI and browser mode work. The
 * packaged app needs the same addon built for Electron's ABI. electron-builder copies the app's
 * node_modules into the package *between* the beforePack and afterPack hooks, so:
 *
 *   beforePack  back up the Node-built addon, then @electron/rebuild better-sqlite3 in place
 *               for the packaged Electron version/arch (npmRebuild is false, so nothing else
 *               rebuilds it);
 *   (electron-builder copies node_modules; **\/*.node lands in app.asar.unpacked)
 *   afterPack   check the packaged addon (present, right binary format, not the Node build),
 *               then restore the Node build from the backup.
 *
 * Why not rebuild "into the packaging copy"? The copy is written straight into app.asar (with
 * its integrity hash) and the unpacked .node is listed in the asar header; patching it after
 * the fact would break asar integrity. Restoring a backup is a file copy, not a 90 s recompile.
 *
 * If packaging dies between the two hooks, node_modules keeps the Electron build: the next
 * beforePack restores the stale backup first, and `node build/native.cjs restore` (or
 * `npm rebuild better-sqlite3`) repairs it by hand. Other work in the same checkout (tests,
 * browser mode) must not run while packaging.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const MODULE = 'better-sqlite3';
const ADDON = 'better_sqlite3.node';

function addonPath(projectDir) {
  return path.join(projectDir, 'node_modules', MODULE, 'build', 'Release', ADDON);
}

function backupPath(projectDir) {
  return path.join(projectDir, 'node_modules', '.cache', 'dossier-native', `${ADDON}.node-build`);
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Puts the Node build back if a backup exists. Returns true when something was restored. */
function restoreNodeBuild(projectDir) {
  const backup = backupPath(projectDir);
  if (!fs.existsSync(backup)) return false;
  const target = addonPath(projectDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(backup, target);
  fs.rmSync(backup);
  return true;
}

/** Saves the Node build (restoring a stale backup from an interrupted run first). */
function backupNodeBuild(projectDir) {
  restoreNodeBuild(projectDir);
  const source = addonPath(projectDir);
  if (!fs.existsSync(source)) {
    throw new Error(`${source} is missing: run "npm rebuild ${MODULE}" (Node build) before packaging`);
  }
  const backup = backupPath(projectDir);
  fs.mkdirSync(path.dirname(backup), { recursive: true });
  fs.copyFileSync(source, backup);
  return { backup, sha256: sha256(backup) };
}

/** The Electron version that will be packaged (node_modules/electron/package.json). */
function electronVersion(projectDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8'));
  if (typeof pkg.version !== 'string' || !/^\d+\.\d+\.\d+/.test(pkg.version)) throw new Error('cannot read the Electron version');
  return pkg.version;
}

/** electron-builder's Arch enum (builder-util): ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];
function archName(arch) {
  if (typeof arch === 'string') return arch;
  const name = ARCH_NAMES[arch];
  if (!name || name === 'universal') throw new Error(`unsupported arch ${String(arch)}`);
  return name;
}

/** Which binary format an addon must have on each platform. */
function binaryFormat(file) {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') return 'linux';
  if (head[0] === 0x4d && head[1] === 0x5a) return 'win32'; // "MZ"
  const magic = head.readUInt32BE(0);
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return 'darwin';
  return 'unknown';
}

async function rebuildForElectron({ projectDir, platform, arch, version, rebuild }) {
  const run = rebuild ?? (await import('@electron/rebuild')).rebuild;
  await run({
    buildPath: projectDir,
    electronVersion: version ?? electronVersion(projectDir),
    platform,
    arch: archName(arch),
    onlyModules: [MODULE],
    force: true,
    mode: 'sequential',
  });
}

/** Where electron-builder put the unpacked addon in this pack's output. */
function packagedAddonPath(context) {
  const resources =
    context.packager && typeof context.packager.getResourcesDir === 'function' ? context.packager.getResourcesDir(context.appOutDir) : path.join(context.appOutDir, 'resources');
  return path.join(resources, 'app.asar.unpacked', 'node_modules', MODULE, 'build', 'Release', ADDON);
}

/** Throws unless the packaged addon exists, matches the target OS and is not the Node build. */
function verifyPackagedAddon(file, platform, nodeBuildSha256) {
  if (!fs.existsSync(file)) throw new Error(`packaged addon missing: ${file} (asarUnpack must cover **/*.node)`);
  const format = binaryFormat(file);
  if (format !== platform) throw new Error(`packaged ${ADDON} is a ${format} binary, expected ${platform} (cross-builds are not supported)`);
  if (nodeBuildSha256 && sha256(file) === nodeBuildSha256) {
    throw new Error(`packaged ${ADDON} is still the Node build: the Electron rebuild did not happen`);
  }
}

module.exports = {
  MODULE,
  addonPath,
  backupPath,
  backupNodeBuild,
  restoreNodeBuild,
  electronVersion,
  archName,
  binaryFormat,
  rebuildForElectron,
  packagedAddonPath,
  verifyPackagedAddon,
  sha256,
};

// Manual repair: `node build/native.cjs restore`
if (require.main === module) {
  const projectDir = path.resolve(__dirname, '..');
  if (process.argv[2] === 'restore') {
    console.log(restoreNodeBuild(projectDir) ? 'restored the Node build of better-sqlite3' : 'no backup: nothing to restore');
  } else {
    console.log('usage: node build/native.cjs restore');
    process.exitCode = 2;
  }
}
