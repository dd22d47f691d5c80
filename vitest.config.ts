import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{db,shared,electron,server,cli,renderer,tests}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Encrypted archives and scrypt are CPU-bound; two cores here.
    maxWorkers: 2,
    // Audit anchors are remembered outside the archive (the user's Dossier folder): tests keep theirs in /tmp.
    env: { DOSSIER_ANCHOR_DIR: path.join(os.tmpdir(), 'dossier-test-anchors') },
  },
});
