/**
 * electron-builder afterPack hook: check the packaged better-sqlite3 addon, then put the
 * Node build back into node_modules (always, even when the check fails). See native.cjs.
 */
'use strict';
const path = require('node:path');
const native = require('./native.cjs');

const STATE = Symbol.for('dossier.nativeBuild');

exports.default = async function afterPack(context) {
  const projectDir = context.packager?.projectDir ?? path.resolve(__dirname, '..');
  try {
    native.verifyPackagedAddon(native.packagedAddonPath(context), context.electronPlatformName, globalThis[STATE]);
  } finally {
    native.restoreNodeBuild(projectDir);
    delete globalThis[STATE];
  }
};
