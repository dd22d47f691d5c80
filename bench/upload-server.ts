/**
 * The browser-mode server in a process of its own for the upload bench: an unlocked archive,
 * its port and token sent to the parent, and on request the process's peak RSS so far.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArchiveHost } from '../db/host.js';
import { startBrowserServer } from '../server/server.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-upload-'));
const host = new ArchiveHost(path.join(root, 'archive'));
await host.invoke('archive.create', { archiveName: 'bench', admin: { username: 'bench', displayName: '基准', password: 'bench password' } });
const server = await startBrowserServer({ host, rendererDir: root, maxUploadBytes: Number(process.argv[2]) + 1 });
const peakMb = () => process.resourceUsage().maxRSS / 1024;
process.send!({ port: server.port, token: server.token, peakMb: peakMb(), rssMb: process.memoryUsage().rss / 1024 / 1024 });
process.on('message', (message: { type: string }) => {
  if (message.type === 'peak') process.send!({ peakMb: peakMb(), rssMb: process.memoryUsage().rss / 1024 / 1024 });
  if (message.type === 'stop') {
    host.close();
    void server.close().then(() => {
      rmSync(root, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
