import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createArchive, openArchive } from '../../db/archive.js';
import { readHeader } from '../../db/header.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive, tempDir } from '../helpers.js';

function allArchiveBytes(dir: string): Buffer {
  const files: Buffer[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(readFileSync(full));
    }
  };
  walk(dir);
  return Buffer.concat(files);
}

describe('the encrypted archive', () => {
  it('keeps no plaintext of client names or file titles in any file of the archive', async () => {
    const { dir, session } = await newArchive();
    const name = '绝密测试客户北京宏远建工集团有限公司';
    const title = 'Quarterly-contract-bundle-XYZZY';
    const client = await session.call('clients.create', { name, contactPerson: '王建华' });
    await session.call('files.create', { clientId: client.id, title });
    // Bytes in the WAL count too: check before and after a checkpoint.
    for (const stage of ['live', 'closed']) {
      if (stage === 'closed') session.close();
      const bytes = allArchiveBytes(dir);
      expect(bytes.length).toBeGreaterThan(4096);
      for (const secret of [name, title, '王建华']) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${stage} archive`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
      expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    }
    const reopened = await openArchive(dir, 'admin', ADMIN.password);
    expect((await reopened.call('clients.list', {})).rows.map((r) => r.name)).toEqual([name]);
    reopened.close();
  });

  it('refuses a wrong password or unknown user with the same error and opens nothing', async () => {
    const { dir, session } = await newArchive();
    session.close();
    await expectDossierError(openArchive(dir, 'admin', 'not the password'), 'auth.wrongPassword');
    await expectDossierError(openArchive(dir, 'nobody', ADMIN.password), 'auth.wrongPassword');
    const ok = await openArchive(dir, 'ADMIN', ADMIN.password);
    expect(ok.user.username).toBe('admin');
    ok.close();
  });

  it('reports a missing archive and refuses to create over an existing one', async () => {
    const dir = path.join(tempDir(), 'nothing-here');
    await expectDossierError(openArchive(dir, 'admin', 'whatever1'), 'archive.missing');
    const { dir: existing } = await newArchive();
    await expectDossierError(createArchive(existing, ADMIN, { kdfCost: TEST_KDF }), 'archive.exists');
  });

  it('refuses a weak first password and leaves no archive behind', async () => {
    const dir = path.join(tempDir(), 'weak');
    await expectDossierError(createArchive(dir, { ...ADMIN, password: 'short' }, { kdfCost: TEST_KDF }), 'auth.weakPassword');
    await expectDossierError(openArchive(dir, 'admin', 'short'), 'archive.missing');
  });

  it('stores key slots with their scrypt parameters and only wrapped keys in the header', async () => {
    const { dir, session } = await newArchive();
    const header = readHeader(dir);
    expect(header.slots).toHaveLength(1);
    expect(header.slots[0]!.kdf).toMatchObject({ name: 'scrypt', N: TEST_KDF.N, r: 8, p: 1 });
    const text = readFileSync(path.join(dir, 'archive.json'), 'utf8');
    expect(text).not.toContain(ADMIN.password);
    expect(text).not.toContain(ADMIN.archiveName);
    session.close();
  });

  it('changes a password by rewrapping one slot, leaving other slots and the data untouched', async () => {
    const { dir, session } = await newArchive();
    await session.call('users.create', { username: 'clerk1', displayName: '李档案', password: 'clerk password', role: 'clerk' });
    const before = readHeader(dir);
    await expectDossierError(session.call('session.changePassword', { currentPassword: 'wrong one', newPassword: 'new secret 1' }), 'auth.wrongPassword');
    await session.call('session.changePassword', { currentPassword: ADMIN.password, newPassword: 'new secret 1' });
    const after = readHeader(dir);
    expect(after.slots.find((s) => s.username === 'clerk1')).toEqual(before.slots.find((s) => s.username === 'clerk1'));
    expect(after.slots.find((s) => s.username === 'admin')).not.toEqual(before.slots.find((s) => s.username === 'admin'));
    session.close();
    await expectDossierError(openArchive(dir, 'admin', ADMIN.password), 'auth.wrongPassword');
    const admin = await openArchive(dir, 'admin', 'new secret 1');
    admin.close();
    const clerk = await openArchive(dir, 'clerk1', 'clerk password');
    expect(clerk.user.role).toBe('clerk');
    clerk.close();
  });

  it('refuses a duplicate user name and keeps the header unchanged', async () => {
    const { dir, session } = await newArchive();
    const before = readHeader(dir);
    await expectDossierError(session.call('users.create', { username: 'ADMIN', displayName: 'x', password: 'password 2' }), 'user.duplicate');
    expect(readHeader(dir)).toEqual(before);
  });
});

describe('key slots written by two sessions of one archive', () => {
  it('keeps a slot another session added after this one opened', async () => {
    const { dir, session: admin } = await newArchive();
    await admin.call('users.create', { username: 'clerk', displayName: '书记员', password: 'clerk pass', role: 'clerk' });
    const clerk = await openArchive(dir, 'clerk', 'clerk pass', { kdfCost: TEST_KDF });
    await admin.call('users.create', { username: 'late', displayName: '后来者', password: 'late pass', role: 'reader' });
    await clerk.call('session.changePassword', { currentPassword: 'clerk pass', newPassword: 'clerk pass 2' });
    const late = await openArchive(dir, 'late', 'late pass', { kdfCost: TEST_KDF });
    expect(late.user.username).toBe('late');
    const again = await openArchive(dir, 'clerk', 'clerk pass 2', { kdfCost: TEST_KDF });
    expect(again.user.role).toBe('clerk');
    for (const s of [clerk, late, again]) s.close();
  });
});
