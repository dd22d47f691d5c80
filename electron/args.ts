import path from 'node:path';

/**
 * The archive folder: `--archive DIR` (or `--archive=DIR`) on the command line, else the
 * `DOSSIER_ARCHIVE` environment variable, else `<userData>/archive`. Relative paths are
 * taken from the current directory.
 */
export function resolveArchiveDir(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, userDataDir: string, cwd: string = process.cwd()): string {
  let fromArgs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--archive') {
      const next = argv[i + 1];
      if (next !== undefined && next !== '' && !next.startsWith('--')) fromArgs = next;
      i++;
    } else if (arg?.startsWith('--archive=')) {
      const value = arg.slice('--archive='.length);
      if (value !== '') fromArgs = value;
    }
  }
  const chosen = fromArgs ?? (env.DOSSIER_ARCHIVE ? env.DOSSIER_ARCHIVE : undefined);
  return chosen !== undefined ? path.resolve(cwd, chosen) : path.join(userDataDir, 'archive');
}
