/**
 * The print worker is warmed when an archive is unlocked (db/host.ts, db/workers/pool.ts):
 * unlocking does not wait for it, the first print runs in the warmed thread (fonts read
 * already), the thread is kept while the archive is open and let go when it is locked.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { endIdleWorkers, poolState, runTask, warmUp } from '../../db/workers/pool.js';
import { ADMIN, TEST_KDF, tempDir } from '../helpers.js';

/** Lets a warm-up under way (archive.create warms too) end, then ends every idle thread. */
async function noWorkers(): Promise<void> {
  while (poolState().warming) await new Promise((r) => setTimeout(r, 20));
  await endIdleWorkers();
}

afterEach(noWorkers);

describe('warming the print worker at unlock', () => {
  it('unlock returns before the warm-up ends; the first print then runs in the warmed thread', async () => {
    const host = new ArchiveHost(path.join(tempDir(), 'archive'), { kdfCost: TEST_KDF });
    await host.invoke('archive.create', { archiveName: ADMIN.archiveName, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } });
    await host.invoke('session.lock', {});
    await noWorkers();
    expect(poolState()).toMatchObject({ idle: 0, warming: false });

    await host.invoke('session.unlock', { username: ADMIN.username, password: ADMIN.password });
    // Still warming when unlock has answered: it did not wait.
    expect(poolState().warming).toBe(true);
    await warmUp();
    expect(poolState()).toMatchObject({ idle: 1, kept: 1, warming: false });

    // The same thread answers next, with the fonts and code already loaded: far quicker than its first run.
    const first = await runTask('print.warm', {});
    const again = await runTask('print.warm', {});
    expect(again.threadId).toBe(first.threadId);
    expect(poolState()).toMatchObject({ idle: 1, kept: 1 });

    const printed = (await host.invoke('print.catalog', {})) as { pages: number; contentBase64: string };
    expect(printed.pages).toBe(1);
    expect(Buffer.from(printed.contentBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await runTask('print.warm', {})).threadId).toBe(first.threadId);

    // Locked: the thread is no longer kept (it expires like any idle one).
    await host.invoke('session.lock', {});
    expect(poolState()).toMatchObject({ kept: 0 });
    host.close();
  });

  it('a print asked for during the warm-up waits for the warmed thread instead of starting a cold one', async () => {
    await noWorkers();
    const warming = warmUp();
    const during = runTask('print.warm', {});
    await warming;
    const result = await during;
    expect(poolState()).toMatchObject({ idle: 1, kept: 1 });
    // Its run found the fonts read and the code compiled.
    const again = await runTask('print.warm', {});
    expect(again.threadId).toBe(result.threadId);
  });
});
