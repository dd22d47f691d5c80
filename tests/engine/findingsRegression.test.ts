/**
 * Regressions of issue 8's findings not covered elsewhere: dry runs of an import are audited
 * and never name a hidden file (finding 8); the anchors remembered outside the archive are
 * the owner's alone, like the archive folder (finding 9).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { ADMIN, TEST_KDF, countRows, newArchive, tempDir } from '../helpers.js';

const csv = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf8').toString('base64');

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
