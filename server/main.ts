/**
 * `npm run serve -- --archive DIR [--port N] [--max-upload-mb N]`: browser mode. Builds the renderer if it has
 * not been built, opens the archive folder (creating it happens in the UI's first run) and
 * prints the URL with the per-launch token.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ArchiveHost } from '../db/host.js';
import { defaultArchiveDir } from './paths.js';
import { startBrowserServer } from './server.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rendererDir = path.join(projectRoot, 'dist', 'renderer');

/** The newest modification time of the files the renderer is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

async function ensureRendererBuilt(): Promise<void> {
  const index = path.join(rendererDir, 'index.html');
  const sources = ['renderer', 'shared'].map((d) => path.join(projectRoot, d));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestSource))) return;
  console.log('Building the user interface…');
  const { build } = await import('vite');
  await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
}

export async function runBrowserMode(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { archive: { type: 'string' }, port: { type: 'string' }, 'no-build': { type: 'boolean' }, 'max-upload-mb': { type: 'string' } },
  });
  const archiveDir = path.resolve(values.archive ?? process.env.DOSSIER_ARCHIVE ?? defaultArchiveDir());
  if (!values['no-build']) await ensureRendererBuilt();
  const host = new ArchiveHost(archiveDir);
  const maxUploadMb = values['max-upload-mb'] ? Number(values['max-upload-mb']) : undefined;
  const server = await startBrowserServer({ host, rendererDir, port: values.port ? Number(values.port) : 0, maxUploadBytes: maxUploadMb ? maxUploadMb * 1024 * 1024 : undefined });
  console.log(`Dossier (browser mode)\n  archive: ${archiveDir}\n  open:    ${server.url}\n(Ctrl+C stops the server and locks the archive)`);
  const stop = () => {
    host.close();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runBrowserMode(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
