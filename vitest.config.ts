import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{db,shared,electron,server,cli,renderer,tests}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Encrypted archives and scrypt are CPU-bound; two cores here.
    maxWorkers: 2,
  },
});
