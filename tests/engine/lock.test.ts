import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createArchive, openArchive } from '../../db/archive.js';
import { LOCK_FILE } from '../../db/lock.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive, tempDir } from '../helpers.js';

const ROOT = path.resolve(__dirname, '../..');

/** Runs engine code in another process; resolves once it printed `ready`. */
function child(script: string): Promise<ChildProcess> {
  const file = path.join(tempDir(), 'child.mts');
  writeFileSync(file, script.replaceAll('@db', path.join(ROOT, 'db')));
  const proc = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(proc);
    });
    proc.on('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

function killed(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

describe('one archive, one process', () => {
  it('refuses a second program with a message naming the holder, and takes over the lock of a killed one', async () => {
    const { dir, session } = await newArchive();
    session.close();
    const holder = await child(`
      import { openArchive } from '@db/archive.ts';
      await openArchive(${JSON.stringify(dir)}, 'admin', ${JSON.stringify(ADMIN.password)}, { program: 'Dossier 浏览器模式' });
      console.log('ready');
      setInterval(() => {}, 1000);
    `);
    const err = await expectDossierError(openArchive(dir, 'admin', ADMIN.password, { kdfCost: TEST_KDF }), 'archive.inUse');
    expect(err.params).toMatchObject({ program: 'Dossier 浏览器模式' });
    expect(String(err.params.host)).not.toBe('');
    await killed(holder);
    // The killed process left its lock file behind: stale, so it is taken over.
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    const again = await openArchive(dir, 'admin', ADMIN.password, { kdfCost: TEST_KDF });
    expect(again.user.username).toBe('admin');
    again.close();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  }, 30_000);

  it('lets sessions of one process share the archive', async () => {
    const { dir, session } = await newArchive();
    const second = await openArchive(dir, 'admin', ADMIN.password, { kdfCost: TEST_KDF });
    second.close();
    // The first session still holds the lock after the second closed.
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    await session.call('clients.create', { name: '西安秦岭商混有限公司' });
  });
});

describe('creating an archive', () => {
  it('leaves nothing at the target when killed halfway, and can be created again', async () => {
    const dir = path.join(tempDir(), 'archive');
    // A slow key derivation keeps the child inside the creation while it is killed.
    const creator = await child(`
      import { createArchive } from '@db/archive.ts';
      console.log('ready');
      await createArchive(${JSON.stringify(dir)}, ${JSON.stringify(ADMIN)}, { kdfCost: { N: 2 ** 18, r: 8, p: 1 } });
    `);
    await new Promise((r) => setTimeout(r, 300));
    await killed(creator);
    expect(existsSync(path.join(dir, 'archive.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'archive.db'))).toBe(false);
    const leftovers = () => readdirSync(path.dirname(dir)).filter((n) => n.includes('.creating-'));
    expect(leftovers().length).toBe(1);
    const session = await createArchive(dir, ADMIN, { kdfCost: TEST_KDF });
    expect(session.user.username).toBe('admin');
    expect(leftovers()).toEqual([]);
    session.close();
  }, 30_000);

  it('refuses a folder that already holds other files', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    await expectDossierError(createArchive(dir, ADMIN, { kdfCost: TEST_KDF }), 'archive.folderNotEmpty');
  });

  it.runIf(process.platform !== 'win32')('makes the folder and every file in it readable by the owner only', async () => {
    const { dir, session } = await newArchive();
    await session.call('clients.create', { name: '宝鸡宏达建材有限公司' });
    const names = readdirSync(dir);
    expect(names).toEqual(expect.arrayContaining(['archive.json', 'archive.db', 'archive.db-wal', 'archive.db-shm', 'blobs', LOCK_FILE]));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of names) {
      const mode = statSync(path.join(dir, name)).mode & 0o777;
      expect(mode, name).toBe(statSync(path.join(dir, name)).isDirectory() ? 0o700 : 0o600);
    }
  });
});
