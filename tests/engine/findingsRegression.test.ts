/**
 * Regressions of issue 8's findings not covered elsewhere: an unknown user name costs a real
 * derivation, whatever the slots say (finding 5); failures from one source are throttled across
 * user names (finding 6); dry runs of an import are audited and never name a hidden file
 * (finding 8); the anchors remembered outside the archive are the owner's alone (finding 9).
 */
import type { ScryptOptions } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { ArchiveHost } from '../../db/host.js';
import { DEFAULT_KDF } from '../../db/keys.js';
import { ADMIN, TEST_KDF, countRows, expectDossierError, newArchive, tempDir, testClock } from '../helpers.js';

const csv = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf8').toString('base64');

describe('finding 5: an unknown user name', () => {
  // Every scrypt the engine runs, seen through node:crypto (the real derivation still runs).
  const derivations = vi.hoisted(() => [] as { password: string; keylen: number; N: number; r: number; p: number; maxmem: number; finished: boolean }[]);
  vi.mock('node:crypto', async (original) => {
    const crypto = await original<typeof import('node:crypto')>();
    const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions, done: (err: Error | null, key: Buffer) => void) => {
      const entry = { password, keylen, N: options.N!, r: options.r!, p: options.p!, maxmem: options.maxmem!, finished: false };
      derivations.push(entry);
      crypto.scrypt(password, salt, keylen, options, (err, key) => {
        entry.finished = true;
        done(err, key);
      });
    };
    return { ...crypto, default: { ...crypto, scrypt }, scrypt };
  });

  /** The derivations one failed sign-in ran, each finished before the refusal came back. */
  const derivationsOf = async (dir: string, username: string) => {
    derivations.length = 0;
    await expectDossierError(openArchive(dir, username, 'not the password', { kdfCost: TEST_KDF }), 'auth.wrongPassword');
    expect(derivations.every((d) => d.finished)).toBe(true);
    return derivations.map(({ keylen, N, r, p, maxmem }) => ({ keylen, N, r, p, maxmem }));
  };

  it('runs the same derivation as a known name with a wrong password, to the end, before refusing', async () => {
    // Slots at the format's default cost, as a real archive has them.
    const { dir, session } = await newArchive({ kdfCost: DEFAULT_KDF });
    session.close();
    const known = await derivationsOf(dir, ADMIN.username);
    expect(known).toEqual([{ keylen: 32, ...DEFAULT_KDF, maxmem: expect.any(Number) }]);
    expect(await derivationsOf(dir, 'nobody-here')).toEqual(known);
    // Case folding finds the slot: no dummy for a known name written differently.
    expect(await derivationsOf(dir, ADMIN.username.toUpperCase())).toEqual(known);
  });

  it('costs a derivation at the default cost, not at the cheap cost of the archive’s slots', async () => {
    const { dir, session } = await newArchive();
    session.close();
    expect(await derivationsOf(dir, ADMIN.username)).toEqual([{ keylen: 32, ...TEST_KDF, maxmem: expect.any(Number) }]);
    const unknown = await derivationsOf(dir, 'nobody-here');
    expect(unknown).toEqual([{ keylen: 32, ...DEFAULT_KDF, maxmem: expect.any(Number) }]);
    // Really that memory (64 MB), not a cheaper call with the same N.
    expect(unknown[0]!.maxmem).toBeGreaterThanOrEqual(128 * DEFAULT_KDF.N * DEFAULT_KDF.r);
  });
});

describe('finding 6: throttling per source', () => {
  it('delays every user name once one source has failed more than ten times', async () => {
    const { dir, session } = await newArchive();
    for (let i = 1; i <= 11; i++) await session.call('users.create', { username: `user${i}`, displayName: `用户${i}`, password: `password of ${i}`, role: 'reader' });
    session.close();
    const clock = testClock();
    const host = new ArchiveHost(dir, { kdfCost: TEST_KDF, clock });
    // One wrong password each: no user name reaches its own limit of three.
    for (let i = 1; i <= 11; i++) await expectDossierError(host.unlock(`user${i}`, 'wrong guess'), 'auth.wrongPassword');
    // The source has: even a name never tried waits, with its right password.
    await expectDossierError(host.unlock(ADMIN.username, ADMIN.password), 'auth.throttled');
    clock.set('2026-03-02T09:05:00');
    const admin = await host.unlock(ADMIN.username, ADMIN.password);
    expect(admin.failedSignIns).toBe(11);
    host.close();
  });
});

describe('finding 8: import dry runs', () => {
  it('are audited (file, kind, rows) and write nothing else', async () => {
    const { session } = await newArchive();
    const clients = countRows(session, 'clients');
    const report = await session.call('import.check', { kind: 'clients', fileName: '客户台账.csv', contentBase64: csv('客户名称,联系人\n杭州瑞丰环保科技有限公司,张三\n,\n') });
    expect(report.goodRows).toBe(1);
    expect(countRows(session, 'clients')).toBe(clients);
    const [entry] = await session.call('audit.list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'import.check', username: ADMIN.username, targetLabel: '客户台账.csv' });
    expect(entry!.summary).toContain('试运行导入客户「客户台账.csv」（未写入）');
    expect(await session.call('audit.verify')).toMatchObject({ ok: true });
  });

  it('never name a file above the importing user’s clearance as the same file', async () => {
    const { dir, session: admin } = await newArchive();
    const client = await admin.call('clients.create', { name: '北京宏远建工集团有限公司' });
    const hidden = await admin.call('files.create', { clientId: client.id, title: '并购谈判底稿', confidentiality: 'restricted' });
    const visible = await admin.call('files.create', { clientId: client.id, title: '客户基本资料' });
    await admin.call('users.create', { username: 'clerk', displayName: '王文员', password: 'clerk password', role: 'clerk', clearance: 'normal' });
    const body = csv('客户名称,档案题名\n北京宏远建工集团有限公司,并购谈判底稿\n北京宏远建工集团有限公司,客户基本资料\n');
    // The administrator sees both as already there.
    const asAdmin = await admin.call('import.check', { kind: 'files', fileName: 'files.csv', contentBase64: body });
    expect(JSON.stringify(asAdmin.problems)).toContain(hidden.archiveNo);
    admin.close();
    const clerk = await openArchive(dir, 'clerk', 'clerk password', { kdfCost: TEST_KDF });
    const report = await clerk.call('import.check', { kind: 'files', fileName: 'files.csv', contentBase64: body });
    expect(JSON.stringify(report)).not.toContain(hidden.archiveNo);
    expect(JSON.stringify(report.problems)).toContain(visible.archiveNo);
    clerk.close();
  });
});

describe.runIf(process.platform !== 'win32')('finding 9: anchors outside the archive', () => {
  it('are kept in a folder and files only their owner can read', async () => {
    const anchorDir = path.join(tempDir(), 'anchors');
    const { session } = await newArchive({ anchorDir });
    await session.call('clients.create', { name: '宝鸡宏达建材有限公司' });
    expect(statSync(anchorDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(anchorDir);
    expect(files).toEqual([`${session.archiveId}.json`]);
    for (const name of files) expect(statSync(path.join(anchorDir, name)).mode & 0o777, name).toBe(0o600);
  });
});
