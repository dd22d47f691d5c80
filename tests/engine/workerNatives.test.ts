/**
 * Worker threads and native addons (db/workers/pool.ts): the engine's thread loads sharp,
 * @napi-rs/canvas and onnxruntime-node itself before the first worker starts, so a worker that
 * exits (idle OCR and checking threads are ended) never unloads a library another thread runs.
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { endIdleWorkers, runTask } from '../../db/workers/pool.js';

afterEach(endIdleWorkers);

describe('native addons of the workers', () => {
  it('are held by the engine thread once a worker has run', async () => {
    await runTask('print.warm', {});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    for (const name of ['/sharp/', '/@napi-rs/canvas/', '/onnxruntime-node/'])
      expect(
        loaded.some((file) => file.includes(name)),
        name,
      ).toBe(true);
  });
});
