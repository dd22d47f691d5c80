/**
 * Dev harness for the renderer: the real browser-mode server (server/server.ts) over an
 * archive in a scratch folder, on a fixed port and token, with a cheap KDF so unlocking
 * is instant. Not shipped.
 *
 *   npm run build:renderer && npx tsx renderer/dev/harness.ts [--dir D] [--port 5180] [--fresh] [--demo]
 *     --fresh  delete the archive folder first (first-run screen)
 *     --demo   create the archive with demo data (user admin / password123) if missing
 *
 * With hot reload: run the harness, then `npm run dev:renderer` (Vite proxies /api to
 * DOSSIER_API_URL, default http://127.0.0.1:5180) and open http://localhost:5173/#token=dev-token
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ArchiveHost } from '../../db/host.js';
import { startBrowserServer } from '../../server/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    dir: { type: 'string', default: '/tmp/dossier-dev-archive' },
    port: { type: 'string', default: '5180' },
    token: { type: 'string', default: 'dev-token' },
    fresh: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
  },
});

const dir = path.resolve(values.dir);
if (values.fresh) rmSync(dir, { recursive: true, force: true });
const host = new ArchiveHost(dir, { kdfCost: { N: 1024, r: 8, p: 1 } });
if (values.demo && host.status().state === 'missing') {
  await host.invoke('archive.create', {
    archiveName: '客户档案室',
    admin: { username: 'admin', displayName: '王档案', department: '档案室', password: 'password123' },
    demo: true,
  });
  await host.invoke('users.create', { username: 'reader', displayName: '李查阅', password: 'password123', role: 'reader', department: '销售部' });
  await host.invoke('users.create', { username: 'clerk', displayName: '赵管理', password: 'password123', role: 'clerk', department: '档案室' });
  await host.invoke('session.lock', {});
}
const server = await startBrowserServer({ host, rendererDir: path.join(root, 'dist', 'renderer'), port: Number(values.port), token: values.token });
console.log(`dev harness: archive ${dir} (${host.status().state})\n  ${server.url}`);
const stop = () => {
  host.close();
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
