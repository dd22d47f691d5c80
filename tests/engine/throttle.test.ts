import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import type { SessionUser } from '../../shared/contract.js';
import { ADMIN, TEST_KDF, expectDossierError, tempDir, testClock } from '../helpers.js';

async function lockedHost() {
  const clock = testClock('2026-03-02T09:00:00');
  const host = new ArchiveHost(path.join(tempDir(), 'archive'), { kdfCost: TEST_KDF, clock });
  await host.invoke('archive.create', { archiveName: '测试档案室', admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } });
  await host.invoke('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk password', role: 'clerk' });
  await host.invoke('session.lock', {});
  return { host, clock };
}

const unlock = (host: ArchiveHost, username: string, password: string) => host.invoke('session.unlock', { username, password }) as Promise<SessionUser>;

describe('failed sign-ins', () => {
  it('grow a delay per user name, refused at once while it runs, even with the right password', async () => {
    const { host, clock } = await lockedHost();
    for (let i = 0; i < 3; i++) await expectDossierError(unlock(host, 'clerk', 'wrong'), 'auth.wrongPassword');
    await expectDossierError(unlock(host, 'clerk', 'wrong'), 'auth.wrongPassword');
    const err = await expectDossierError(unlock(host, 'clerk', 'clerk password'), 'auth.throttled');
    expect(err.params.seconds).toBe(2);
    clock.set('2026-03-02T09:00:03');
    await expectDossierError(unlock(host, 'CLERK', 'wrong'), 'auth.wrongPassword');
    expect((await expectDossierError(unlock(host, 'clerk', 'clerk password'), 'auth.throttled')).params.seconds).toBe(4);
    clock.set('2026-03-02T09:00:08');
    expect((await unlock(host, 'clerk', 'clerk password')).username).toBe('clerk');
    host.close();
  });

  it('are audited with the next sign-in, and the administrator is told how many at theirs', async () => {
    const { host } = await lockedHost();
    await expectDossierError(unlock(host, 'clerk', 'guess one'), 'auth.wrongPassword');
    await expectDossierError(unlock(host, 'clerk', 'guess two'), 'auth.wrongPassword');
    await expectDossierError(unlock(host, 'nobody', 'guess'), 'auth.wrongPassword');
    const admin = await unlock(host, ADMIN.username, ADMIN.password);
    expect(admin.failedSignIns).toBe(3);
    const audit = (await host.invoke('audit.list', { limit: 10 })) as { action: string; targetLabel: string; details: Record<string, unknown> }[];
    const failed = audit.filter((e) => e.action === 'session.unlockFailed');
    expect(failed.map((e) => [e.targetLabel, e.details.count]).sort()).toEqual([
      ['clerk', 2],
      ['nobody', 1],
    ]);
    expect(await host.invoke('audit.verify', {})).toMatchObject({ ok: true });
    await host.invoke('session.lock', {});
    // Told once: the next sign-in has nothing new.
    expect((await unlock(host, ADMIN.username, ADMIN.password)).failedSignIns).toBe(0);
    host.close();
  });
});
