/**
 * Entry of the engine's utility process, bundled to dist-electron/engine.cjs: the archive,
 * SQLCipher and every operation run here, never on Electron's main thread. Started by
 * electron/engineClient.ts with `--archive DIR`; also runs under a plain Node fork (the
 * bundle test), where the parent's channel is process.send.
 */
import { useSqliteNativeBinding } from '../db/connection.js';
import { ArchiveHost } from '../db/host.js';
import { serveEngine } from './engineHost.js';
import type { EnginePort } from './engineHost.js';
import type { FromEngine, ToEngine } from './engineProtocol.js';

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
const port: EnginePort = parentPort
  ? { on: (listener) => parentPort.on('message', (event) => listener(event.data as ToEngine)), post: (message: FromEngine) => parentPort.postMessage(message) }
  : { on: (listener) => process.on('message', (message) => listener(message as ToEngine)), post: (message: FromEngine) => process.send?.(message) };

const archiveIndex = process.argv.indexOf('--archive');
const archiveDir = archiveIndex >= 0 ? process.argv[archiveIndex + 1] : undefined;
if (!archiveDir) {
  console.error('[dossier engine] --archive DIR missing');
  process.exit(2);
}
if (process.env.DOSSIER_SQLITE_BINDING) useSqliteNativeBinding(process.env.DOSSIER_SQLITE_BINDING);
serveEngine(new ArchiveHost(archiveDir), port, () => setTimeout(() => process.exit(0), 0));
