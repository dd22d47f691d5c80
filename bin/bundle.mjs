/**
 * Whether a built bundle in dist-cli/ (see scripts/build-cli.mjs) may stand in for the
 * TypeScript sources: it exists and no file it was built from changed after the build began.
 * Plain Node, no dependencies: the `dossier` launcher and the bootstrap call it before
 * anything else is loaded.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundleDir = path.join(root, 'dist-cli');
export const manifestFile = path.join(bundleDir, 'manifest.json');

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** The bundle's absolute path when it is up to date, else null. `name` is `cli` or `server`. */
export function freshBundle(name, projectRoot = root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(projectRoot, 'dist-cli', 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  const output = manifest.outputs?.[name];
  if (typeof output !== 'string' || typeof manifest.startedAt !== 'number' || !Array.isArray(manifest.inputs)) return null;
  const file = path.join(projectRoot, output);
  if (mtime(file) === Infinity) return null;
  for (const other of manifest.requires ?? []) if (mtime(path.join(projectRoot, other)) === Infinity) return null;
  // A deleted input counts as changed (Infinity); an edit during the build counts too.
  for (const input of manifest.inputs) if (mtime(path.join(projectRoot, input)) > manifest.startedAt) return null;
  return file;
}
