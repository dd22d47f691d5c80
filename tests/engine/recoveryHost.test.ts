/**
 * Recovery and rekey as the application's screens reach them through the archive host: the
 * sign-in screen's "forgot password" (archive.recover, throttled and audited like sign-ins)
 * and Settings' rekey (archive.rekey, a job whose result is the new recovery key; the
 * session ends with it and the next sign-in opens the new keys).
 */
import { describe, expect, it } from 'vitest';
import { createArchive } from '../../db/archive.js';
import { ArchiveHost } from '../../db/host.js';
import { JobBoard } from '../../db/jobs.js';
import type { Job } from '../../shared/ops/jobs.js';
import { ADMIN, TEST_KDF, expectDossierError, tempDir, testClock } from '../helpers.js';
import path from 'node:path';

async function archive() {
  const dir = path.join(tempDir(), 'archive');
  const clock = testClock();
  const session = await createArchive(dir, ADMIN, { kdfCost: TEST_KDF, clock });
  const recoveryKey = session.recoveryKey!;
  await session.call('users.create', { username: 'clerk', displayName: '王文员', password: 'clerk password', role: 'clerk' });
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
  await session.call('files.create', { clientId: client.id, title: '机密合同底稿', confidentiality: 'confidential' });
  session.close();
  return { dir, clock, recoveryKey, host: new ArchiveHost(dir, { kdfCost: TEST_KDF, clock }) };
}

describe('archive.recover (forgot password on the sign-in screen)', () => {
  it('gives an administrator a new password with the recovery key; wrong keys are throttled and audited', async () => {
    const { host, clock, recoveryKey } = await archive();
    const wrong = recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    for (let i = 0; i < 3; i++) {
      await expectDossierError(host.invoke('archive.recover', { recoveryKey: wrong, username: 'admin', newPassword: 'a new admin password' }), 'recovery.wrongKey');
    }
    await expectDossierError(host.invoke('archive.recover', { recoveryKey: wrong, username: 'admin', newPassword: 'a new admin password' }), 'recovery.wrongKey');
    // The fifth try waits, even with the right key.
    await expectDossierError(host.invoke('archive.recover', { recoveryKey, username: 'admin', newPassword: 'a new admin password' }), 'auth.throttled');
    clock.set('2026-03-02T10:00:00');
    // Only an administrator's password is reset so; the policy applies.
    await expectDossierError(host.invoke('archive.recover', { recoveryKey, username: 'clerk', newPassword: 'a new clerk password' }), 'recovery.notAdmin');
    await expectDossierError(host.invoke('archive.recover', { recoveryKey, username: 'admin', newPassword: '        ' }), 'auth.blankPassword');
    expect(await host.invoke('archive.recover', { recoveryKey, username: 'Admin', newPassword: 'a new admin password' })).toEqual({ username: 'admin', rebuiltAuthority: false });

    await expectDossierError(host.unlock('admin', ADMIN.password), 'auth.wrongPassword');
    const user = await host.unlock('admin', 'a new admin password');
    // The wrong keys are told to the administrator and audited as failed sign-ins from the recovery source.
    expect(user.failedSignIns).toBe(5);
    const rows = host.current!.db.sqlite.prepare(`select action, details from audit_log where action in ('session.unlockFailed', 'recovery.resetPassword') order by seq`).all() as {
      action: string;
      details: string;
    }[];
    expect(rows.map((r) => r.action)).toEqual(['recovery.resetPassword', 'session.unlockFailed', 'session.unlockFailed']);
    expect(rows.slice(1).map((r) => JSON.parse(r.details) as { source: string; count: number })).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'recovery', count: 4 }), expect.objectContaining({ source: 'local', count: 1 })]),
    );
    host.close();
  });

  it('ends a session open in the host first', async () => {
    const { host, recoveryKey } = await archive();
    await host.unlock('clerk', 'clerk password');
    await host.invoke('archive.recover', { recoveryKey, username: 'admin', newPassword: 'a new admin password' });
    expect(host.status().state).toBe('locked');
    host.close();
  });
});

describe('archive.rekey (Settings, as a job)', () => {
  it('renews every key in a job with progress, hands over the new recovery key, then locks; the next sign-in opens the new keys', async () => {
    const { host, recoveryKey } = await archive();
    await expectDossierError(host.invoke('archive.rekey', {}), 'archive.locked');
    await host.unlock('clerk', 'clerk password');
    await expectDossierError(host.invoke('archive.rekey', {}), 'auth.forbidden');
    host.lock();
    await host.unlock('admin', ADMIN.password);
    const events: Job[] = [];
    const ended = new Promise<void>((resolve) => host.onSessionEnd(resolve));
    host.onJobEvent((job) => events.push(job));
    const started = (await host.invoke('archive.rekey', {})) as Job;
    expect(started).toMatchObject({ operation: 'archive.rekey', state: 'running', username: 'admin' });
    await ended;
    const done = events.at(-1)!;
    expect(done).toMatchObject({ id: started.id, state: 'done' });
    const renewed = (done.result as { recoveryKey: string }).recoveryKey;
    expect(renewed).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$/);
    expect(renewed).not.toBe(recoveryKey);
    // Progress counts the four steps (events at most every 100 ms in one phase); the end carries the last.
    expect(events.map((e) => e.progress.total)).toContain(4);
    expect(done.progress).toMatchObject({ phase: 'done', done: 4, total: 4 });
    expect(host.status().state).toBe('locked');
    // The screen that started it fetches the end after the lock, once; any other id gets nothing.
    expect(await host.invoke('archive.rekeyOutcome', { jobId: '00000000-0000-4000-8000-000000000000' })).toBeNull();
    expect(await host.invoke('archive.rekeyOutcome', { jobId: started.id })).toMatchObject({ id: started.id, state: 'done', result: { recoveryKey: renewed } });
    expect(await host.invoke('archive.rekeyOutcome', { jobId: started.id })).toBeNull();

    // Every user signs in as before; the data is intact; the old recovery key opens nothing, the new one does.
    await host.unlock('clerk', 'clerk password');
    expect(((await host.invoke('clients.list', {})) as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(['北京宏远建工集团有限公司']);
    host.lock();
    await expectDossierError(host.invoke('archive.recover', { recoveryKey, username: 'admin', newPassword: 'another admin password' }), 'recovery.wrongKey');
    await host.invoke('archive.recover', { recoveryKey: renewed, username: 'admin', newPassword: 'another admin password' });
    await host.unlock('admin', 'another admin password');
    expect(((await host.invoke('search.query', { q: '机密合同底稿' })) as { hits: unknown[] }).hits).toHaveLength(1);
    const rows = host.current!.db.sqlite.prepare(`select action from audit_log where action in ('archive.rekey', 'recovery.resetPassword')`).all();
    expect(rows).toEqual([{ action: 'archive.rekey' }, { action: 'recovery.resetPassword' }]);
    expect(await host.invoke('audit.verify', {})).toMatchObject({ ok: true, authority: { state: 'ok' } });
    host.close();
  });
});

describe('a job that must not stop half-way', () => {
  it('is left running by cancel and by the session closing, and ends done', async () => {
    const board = new JobBoard('admin', () => new Date());
    let finish!: () => void;
    const job = board.start('archive.rekey', () => new Promise<string>((resolve) => (finish = () => resolve('renewed'))), { uncancellable: true });
    const other = board.start('export.create', (control) => new Promise((_, reject) => control.signal.addEventListener('abort', () => reject(new Error('aborted')))));
    expect(board.cancel(job.id).state).toBe('running');
    board.cancelAll();
    finish();
    expect(await board.settled(job.id)).toMatchObject({ state: 'done', result: 'renewed' });
    expect((await board.settled(other.id)).state).toBe('cancelled');
  });
});
