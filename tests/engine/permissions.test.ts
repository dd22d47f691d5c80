import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { ADMIN, countRows, expectDossierError, newArchive, personFor, SIGNED } from '../helpers.js';

async function archiveWithUsers() {
  const { dir, session } = await newArchive();
  await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader pass', role: 'reader', clearance: 'normal' });
  await session.call('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk pass 1', role: 'clerk', clearance: 'restricted' });
  const client = await session.call('clients.create', { name: '天津金桥物流有限公司' });
  const normal = await session.call('files.create', { clientId: client.id, title: '普通卷' });
  const secret = await session.call('files.create', { clientId: client.id, title: '机密权证', confidentiality: 'confidential' });
  session.close();
  return { dir, client, normal, secret };
}

describe('permissions enforced by the engine', () => {
  it('refuses writes a role may not make, and writes nothing', async () => {
    const { dir, client } = await archiveWithUsers();
    const reader = await openArchive(dir, 'reader', 'reader pass');
    const before = countRows(reader, 'audit_log');
    const err = await expectDossierError(reader.call('clients.create', { name: '不该写入' }), 'auth.forbidden');
    expect(err.params.capability).toBe('clients.write');
    await expectDossierError(reader.call('files.create', { clientId: client.id, title: 'x' }), 'auth.forbidden');
    await expectDossierError(reader.call('audit.list', {}), 'auth.forbidden');
    await expectDossierError(reader.call('users.create', { username: 'x', displayName: 'x', password: 'password x' }), 'auth.forbidden');
    expect(countRows(reader, 'audit_log')).toBe(before);
    expect((await reader.call('clients.list', {})).total).toBe(1);
    reader.close();
  });

  it('hides files above a user’s clearance as if they did not exist', async () => {
    const { dir, client, normal, secret } = await archiveWithUsers();
    const clerk = await openArchive(dir, 'clerk', 'clerk pass 1');
    expect((await clerk.call('clients.get', { id: client.id })).files.map((f) => f.archiveNo)).toEqual([normal.archiveNo]);
    await expectDossierError(clerk.call('files.get', { archiveNo: secret.archiveNo }), 'file.notFound');
    await expectDossierError(clerk.call('loans.lend', { archiveNo: secret.archiveNo, borrower: await personFor(clerk, '某人'), paperApproval: SIGNED }), 'file.notFound');
    expect((await clerk.call('clients.list', {})).rows[0]!.fileCount).toBe(1);
    await clerk.call('loans.lend', { archiveNo: normal.archiveNo, borrower: await personFor(clerk, '某人'), paperApproval: SIGNED });
    clerk.close();
    const admin = await openArchive(dir, ADMIN.username, ADMIN.password);
    expect((await admin.call('clients.get', { id: client.id })).files).toHaveLength(2);
    admin.close();
  });
});
