import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { KeySlot } from '../../db/keys.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive } from '../helpers.js';

type Slot = KeySlot & { kdf: KeySlot['kdf'] & Record<string, unknown> };

function editSlot(dir: string, edit: (slot: Slot) => void): void {
  const file = path.join(dir, 'archive.json');
  const header = JSON.parse(readFileSync(file, 'utf8'));
  edit(header.slots[0]);
  writeFileSync(file, JSON.stringify(header));
}

describe('key slots are checked before they are tried', () => {
  const cases: [string, (slot: Slot) => void, RegExp][] = [
    ['a cost far above what the format writes (N=2^22)', (s) => (s.kdf.N = 2 ** 22), /N=4194304/],
    ['a cost that is not a power of two (N=3000)', (s) => (s.kdf.N = 3000), /N=3000/],
    ['a raised block size and parallelism (r=16, p=16)', (s) => Object.assign(s.kdf, { r: 16, p: 16 }), /r=16 p=16/],
    ['a truncated authentication tag (4 bytes)', (s) => (s.tag = Buffer.from(s.tag, 'base64').subarray(0, 4).toString('base64')), /tag length/],
  ];
  for (const [what, edit, detail] of cases) {
    it(`refuses ${what} at once, as a damaged archive`, async () => {
      const { dir, session } = await newArchive();
      session.close();
      editSlot(dir, edit);
      const started = Date.now();
      const err = await expectDossierError(openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF }), 'archive.corrupt');
      expect(String(err.params.detail)).toMatch(detail);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  }

  it('still opens an untouched slot', async () => {
    const { dir, session } = await newArchive();
    session.close();
    const again = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    expect(again.user.username).toBe(ADMIN.username);
    again.close();
  });
});

describe('user names', () => {
  it('that differ only in case or Unicode form are the same name', async () => {
    const { dir, session } = await newArchive();
    await session.call('users.create', { username: 'Ärger', displayName: '甲', password: 'first password', role: 'clerk' });
    await expectDossierError(session.call('users.create', { username: 'ärger', displayName: '乙', password: 'second password', role: 'clerk' }), 'user.duplicate');
    // Decomposed Ä (A + U+0308) and upper case are still the same user.
    await expectDossierError(session.call('users.create', { username: 'A\u0308RGER', displayName: '丙', password: 'third password', role: 'clerk' }), 'user.duplicate');
    await session.call('users.create', { username: 'Straße', displayName: '丁', password: 'street password', role: 'reader' });
    await expectDossierError(session.call('users.create', { username: 'STRASSE', displayName: '戊', password: 'other password', role: 'reader' }), 'user.duplicate');
    const byOtherCase = await openArchive(dir, 'ÄRGER', 'first password', { kdfCost: TEST_KDF });
    expect(byOtherCase.user.username).toBe('Ärger');
    byOtherCase.close();
    await expectDossierError(openArchive(dir, 'ärger', 'second password', { kdfCost: TEST_KDF }), 'auth.wrongPassword');
  });
});

describe('the password policy', () => {
  it('refuses spaces only and the user’s own name, and follows the length an administrator sets', async () => {
    const { session } = await newArchive();
    const add = (username: string, password: string) => session.call('users.create', { username, displayName: '新用户', password, role: 'clerk' });
    await expectDossierError(add('clerk1', '          '), 'auth.blankPassword');
    await expectDossierError(add('Wang.Li', 'wang.li'), 'auth.weakPassword');
    await expectDossierError(add('wangli2026', 'WANGLI2026'), 'auth.passwordIsUsername');
    await add('clerk2', 'ten chars!');
    const settings = await session.call('settings.update', { passwordMinLength: 12 });
    expect(settings.passwordMinLength).toBe(12);
    expect((await expectDossierError(add('clerk3', 'ten chars!'), 'auth.weakPassword')).params.min).toBe(12);
    await add('clerk3', 'twelve chars');
    await expectDossierError(session.call('session.changePassword', { currentPassword: ADMIN.password, newPassword: 'short pass' }), 'auth.weakPassword');
    // The floor stays: a policy below eight characters is refused.
    await expectDossierError(session.call('settings.update', { passwordMinLength: 4 }), 'validation');
  });
});
