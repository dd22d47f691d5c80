/**
 * electron-builder beforePack hook: rebuild better-sqlite3 for the packaged Electron.
 * The Node build is backed up first and put back by afterPack.cjs (see native.cjs).
 */
'use strict';
const path = require('node:path');
const native = require('./native.cjs');

const STATE = Symbol.for('dossier.nativeBuild');

exports.default = async function beforePack(context) {
  const projectDir = context.packager?.projectDir ?? path.resolve(__dirname, '..');
  const version = native.electronVersion(projectDir);
  const arch = native.archName(context.arch);
  const platform = context.electronPlatformName;
  if (platform !== process.platform) {
    console.warn(`[dossier] packaging ${platform} on ${process.platform}: only a prebuilt ${native.MODULE} can work; afterPack checks the binary`);
  }
  const saved = native.backupNodeBuild(projectDir);
  // afterPack reads this to prove the packaged addon is not the Node build.
  globalThis[STATE] = saved.sha256;
  try {
    console.log(`[dossier] rebuilding ${native.MODULE} for Electron ${version} (${platform}-${arch})`);
    await native.rebuildForElectron({ projectDir, platform, arch, version });
  } catch (err) {
    native.restoreNodeBuild(projectDir);
    throw err;
  }
};
