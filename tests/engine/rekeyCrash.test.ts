/**
 * `dossier rekey` killed with SIGKILL at different moments: whatever the moment, the archive
 * opens afterwards with the same password and the data is intact (old key if the rekey had not
 * committed, new key if it had), and the pending header never survives an unlock.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { readHeader } from '../../db/header.js';
import { ADMIN, TEST_KDF, newArchive } from '../helpers.js';

const CHILD = path.join(import.meta.dirname, '../fixtures/rekeyChild.ts');
const ROWS = 150_000;

/** Starts the child, kills it `delayMs` after it says it is rekeying; whether it finished first. */
function rekeyAndKill(dir: string, delayMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, ADMIN.username, ADMIN.password], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('rekeying') && !out.includes('timer')) {
        out += 'timer';
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve(out.includes('done'));
      else reject(new Error(`child failed (${code}): ${err}`));
    });
  });
}

describe('rekey killed mid-way', { timeout: 300_000 }, () => {
  it('leaves an archive that opens with the same password and intact data, at every moment tried', async () => {
    const { dir, session } = await newArchive();
    const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
    // Enough pages that the key change takes a while to rewrite.
    session.db.sqlite.exec('create table filler (x text)');
    const insert = session.db.sqlite.prepare('insert into filler values (?)');
    session.db.sqlite.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run(`row ${i} ${'·'.repeat(40)}`);
    })();
    session.close();

    const outcomes: string[] = [];
    for (const delay of [0, 300, 700, 1000, 1200, 1400, 10_000]) {
      const before = readHeader(dir).authority!.keys.length;
      const finished = await rekeyAndKill(dir, delay);
      const again = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
      const keys = readHeader(dir).authority!.keys.length;
      outcomes.push(`${delay}ms: ${finished ? 'finished' : 'killed'}, ${keys > before ? 'new key' : 'old key'}`);
      expect((again.db.sqlite.prepare('select count(*) as n from filler').get() as { n: number }).n).toBe(ROWS);
      expect((await again.call('clients.get', { id: client.id })).name).toBe('北京宏远建工集团有限公司');
      expect(again.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(existsSync(path.join(dir, 'archive.json.next'))).toBe(false);
      expect(existsSync(path.join(dir, 'archive.db.rekey'))).toBe(false);
      again.close();
    }
    // At least one kill landed before the key change committed and the last run finished.
    expect(
      outcomes.some((o) => o.includes('old key')),
      outcomes.join('; '),
    ).toBe(true);
    expect(outcomes.at(-1), outcomes.join('; ')).toContain('new key');
  });
});
