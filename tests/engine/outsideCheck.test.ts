/**
 * Regressions of the outside-style check of the desk, ledger, printing and security issues
 * (/tmp/work/Q2-FINDINGS.md): each test failed before its fix.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../shared/i18n/index.js';
import { countRows, expectDossierError, newArchive, tempDir, testClock } from '../helpers.js';

/** The text of each page (pdftotext separates pages with a form feed). */
function pageTexts(pdf: string): string[] {
  const run = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.split('\f').slice(0, -1);
}

async function deskWithPerson() {
  const { session } = await newArchive({ clock: testClock('2026-03-02T09:00:00') });
  const client = await session.call('clients.create', { name: '广州恒信物业有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
  await session.call('departments.add', { name: '销售部' });
  await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
  return { session, no: file.archiveNo };
}

describe('F1: an impossible calendar date is refused wherever a date is taken', () => {
  it('refuses a paper approval signed on 2026-02-30 and writes nothing', async () => {
    const { session, no } = await deskWithPerson();
    const loans = countRows(session, 'loans');
    const applications = countRows(session, 'applications');
    await expectDossierError(session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: { signedBy: '赵经理', signedOn: '2026-02-30' } }), 'date.invalid');
    await expectDossierError(
      session.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '核对', paper: { signedBy: '赵经理', signedOn: '2026-02-29' } }),
      'date.invalid',
    );
    expect(countRows(session, 'loans')).toBe(loans);
    expect(countRows(session, 'applications')).toBe(applications);
    // A real leap day is a date.
    await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: { signedBy: '赵经理', signedOn: '2024-02-29' } });
  });

  it('refuses a register period of 2026-02-30 to 2026-99-99 instead of printing it', async () => {
    const { session } = await deskWithPerson();
    const bad = await expectDossierError(session.call('print.register', { from: '2026-02-30', to: '2026-03-01' }), 'date.invalid');
    expect(formatError(bad.toJSON(), 'zh-CN')).toBe('日期“2026-02-30”无效：请按 YYYY-MM-DD 填写一个真实存在的日期（如 2026-03-05）。');
    expect((await expectDossierError(session.call('print.register', { from: '2026-03-01', to: '2026-99-99' }), 'date.invalid')).params).toEqual({ value: '2026-99-99' });
    await expectDossierError(session.call('reports.statistics', { from: '2026/13/01', to: '2026-12-31' }), 'date.invalid');
  });
});

describe('F3: contents lists printed together are numbered per file', () => {
  it('numbers each file’s 卷内目录 on its own: 第 1 页 共 2 页, 第 2 页 共 2 页, then 第 1 页 共 1 页', async () => {
    const { session, no } = await deskWithPerson();
    const client = await session.call('clients.create', { name: '上海众联能源工程有限公司' });
    const other = await session.call('files.create', { clientId: client.id, title: '合同及订单档案' });
    await session.call('items.addMany', { archiveNo: no, items: Array.from({ length: 40 }, (_, i) => ({ title: `往来函件第${i + 1}号` })) });
    await session.call('items.add', { archiveNo: other.archiveNo, title: '购销合同' });
    const printed = await session.call('print.contents', { archiveNos: [no, other.archiveNo] });
    const out = path.join(tempDir(), 'contents.pdf');
    writeFileSync(out, Buffer.from(printed.contentBase64, 'base64'));
    const pages = pageTexts(out).map((p) => p.replace(/\s+/g, ''));
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => /第(\d+)页共(\d+)页/.exec(p)?.slice(1).join('/'))).toEqual(['1/2', '2/2', '1/1']);
    expect(pages[2]).toContain(other.archiveNo);
  });
});

describe('F4: an application no one can approve is refused when it is made', () => {
  it('names the role nobody holds (or nobody cleared for the files) and writes nothing; with a holder it is made', async () => {
    const { session, no } = await deskWithPerson();
    const before = countRows(session, 'applications');
    // The file belongs to no department: the seeds route it to the general manager, and the archive has none.
    const refused = await expectDossierError(
      session.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '核对' }),
      'application.noApprover',
    );
    expect(refused.params).toEqual({ role: 'general_manager', level: 'normal' });
    expect(formatError(refused.toJSON(), 'zh-CN')).toBe('没有能审批此申请的用户：需要一位在用的总经理，且可查看普通档案。请管理员先添加或调整该用户。');
    expect(formatError(refused.toJSON(), 'en')).not.toMatch(/general_manager|normal/);
    // A general manager cleared only to 普通 cannot see a 绝密 file, so cannot approve it either.
    await session.call('users.create', { username: 'gm', displayName: '总经理', password: 'gm password 1', role: 'general_manager', clearance: 'normal' });
    const client = await session.call('clients.create', { name: '天津金桥物流有限公司' });
    const secret = await session.call('files.create', { clientId: client.id, title: '并购谈判', confidentiality: 'top_secret' });
    const high = await expectDossierError(
      session.call('applications.create', { requester: 'S001', files: [{ archiveNo: secret.archiveNo }], kind: 'read', purpose: '核对' }),
      'application.noApprover',
    );
    expect(high.params).toMatchObject({ level: 'top_secret' });
    expect(countRows(session, 'applications')).toBe(before);
    const made = await session.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '核对' });
    expect(made.steps.map((s) => s.approver)).toEqual(['general_manager']);
  });
});

describe('F4 (rest): a pending application whose only approver was disabled names the role it waits for', () => {
  it('says 等待：总经理, not an empty list', async () => {
    const { session, no } = await deskWithPerson();
    await session.call('users.create', { username: 'gm', displayName: '钱总', password: 'gm password 1', role: 'general_manager', clearance: 'top_secret' });
    const app = await session.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '核对' });
    await session.call('users.disable', { username: 'gm' });
    const refused = await expectDossierError(session.call('applications.approve', { id: app.id }), 'approval.notYours');
    expect(formatError(refused.toJSON(), 'zh-CN')).toBe('此申请没有需要您审批的步骤（等待：总经理）。');
    expect(formatError(refused.toJSON(), 'en')).toContain('(waiting for: General manager)');
    const lend = await expectDossierError(session.call('loans.lend', { archiveNo: no, borrower: 'S001' }), 'loan.applicationPending');
    expect(formatError(lend.toJSON(), 'zh-CN')).toContain('（等待：总经理）');
  });
});

describe('F7: English refusals read without "(s)"', () => {
  it('says how many renewals, holds and open loans without a (s) plural', () => {
    for (const [code, params] of [
      ['loan.renewLimit', { archiveNo: 'KH-2026-0001', count: 1, max: 1 }],
      ['loan.renewHeld', { archiveNo: 'KH-2026-0001', count: 1 }],
      ['client.leaverHasOpenLoans', { manager: '销售部 张伟', count: 1 }],
    ] as const) {
      const text = formatError({ code, params }, 'en');
      expect(text).not.toContain('(s)');
      expect(text).toContain('1');
    }
  });
});
