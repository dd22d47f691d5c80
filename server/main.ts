/**
 * `npm run serve -- --archive DIR [--port N]`: browser mode. Builds the renderer if it has
 * not been built, opens the archive folder (creating it happens in the UI's first run) and
 * prints the URL with the per-launch token.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ArchiveHost } from '../db/host.js';
import { defaultArchiveDir } from './paths.js';
import { startBrowserServer } from './server.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rendererDir = path.join(projectRoot, 'dist', 'renderer');

async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(path.join(rendererDir, 'index.html'))) return;
  console.log('Building the user interface (first start)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
}

export async function runBrowserMode(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { archive: { type: 'string' }, port: { type: 'string' }, 'no-build': { type: 'boolean' } },
  });
  const archiveDir = path.resolve(values.archive ?? process.env.DOSSIER_ARCHIVE ?? defaultArchiveDir());
  if (!values['no-build']) await ensureRendererBuilt();
  const host = new ArchiveHost(archiveDir);
  const server = await startBrowserServer({ host, rendererDir, port: values.port ? Number(values.port) : 0 });
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
