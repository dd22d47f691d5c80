/** Where the interface was: kept by the host per user, in memory, handed back at that user's next unlock only. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import type { SessionUser } from '../../shared/contract.js';
import { ADMIN, TEST_KDF, countRows, expectDossierError, tempDir } from '../helpers.js';

async function lockedHost() {
  const dir = path.join(tempDir(), 'archive');
  const host = new ArchiveHost(dir, { kdfCost: TEST_KDF });
  await host.invoke('archive.create', { archiveName: '测试档案室', admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } });
  await host.invoke('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk password', role: 'clerk' });
  await host.invoke('session.lock', {});
  return { host, dir };
}

const unlock = (host: ArchiveHost, username: string, password: string) => host.invoke('session.unlock', { username, password }) as Promise<SessionUser>;

describe('the place an interface was', () => {
  it('comes back to the same user at their next unlock, not to another user, and is refused while locked', async () => {
    const { host } = await lockedHost();
    await expectDossierError(host.invoke('session.remember', { place: { view: 'loans' } }), 'archive.locked');

    expect((await unlock(host, 'clerk', 'clerk password')).place).toBeUndefined();
    const audit = countRows(host.current!, 'audit_log');
    await host.invoke('session.remember', { place: { view: 'file', key: 'KH-2026-0001' } });
    await host.invoke('session.remember', { place: { view: 'handovers', from: '2026-01-01', to: '2026-03-31' } });
    // Nothing is written: it is the interface's state, not the archive's.
    expect(countRows(host.current!, 'audit_log')).toBe(audit);
    // A reloaded tab reads it from the status.
    expect(((await host.invoke('archive.status', {})) as { user: SessionUser }).user.place).toEqual({ view: 'handovers', from: '2026-01-01', to: '2026-03-31' });
    await host.invoke('session.lock', {});

    // Another user signs in: none of the clerk's place.
    const admin = await unlock(host, ADMIN.username, ADMIN.password);
    expect(admin.place).toBeUndefined();
    await host.invoke('session.remember', { place: { view: 'audit' } });
    host.lock();

    expect((await unlock(host, 'clerk', 'clerk password')).place).toEqual({ view: 'handovers', from: '2026-01-01', to: '2026-03-31' });
    host.lock();
    expect((await unlock(host, ADMIN.username, ADMIN.password)).place).toEqual({ view: 'audit' });
    host.close();
  });

  it('is checked like any input: a bad section name, date or an overlong key is refused', async () => {
    const { host } = await lockedHost();
    await unlock(host, 'clerk', 'clerk password');
    await expectDossierError(host.invoke('session.remember', { place: { view: '../settings' } }), 'validation');
    await expectDossierError(host.invoke('session.remember', { place: { view: 'handovers', from: '1.1.2026' } }), 'date.invalid');
    await expectDossierError(host.invoke('session.remember', { place: { view: 'search', key: 'x'.repeat(301) } }), 'validation');
    host.lock();
    expect((await unlock(host, 'clerk', 'clerk password')).place).toBeUndefined();
    host.close();
  });

  it('is gone with the application: a new host (the next launch) knows no place', async () => {
    const { host, dir } = await lockedHost();
    await unlock(host, 'clerk', 'clerk password');
    await host.invoke('session.remember', { place: { view: 'loans' } });
    host.close();
    const next = new ArchiveHost(dir, { kdfCost: TEST_KDF });
    expect((await unlock(next, 'clerk', 'clerk password')).place).toBeUndefined();
    next.close();
  });
});
