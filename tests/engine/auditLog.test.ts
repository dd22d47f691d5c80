import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { appendAudit } from '../../db/audit.js';
import { AUDIT_ACTIONS, auditActionGroups, auditGroupOf } from '../../shared/auditActions.js';
import { catalogs } from '../../shared/i18n/index.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive, testClock, personFor, SIGNED } from '../helpers.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function sheetRows(base64: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v)))),
  );
  return rows;
}

/** An archive with a clerk, a client with a file, a loan and a return on two different days. */
async function busyArchive() {
  const clock = testClock('2026-03-02T09:00:00');
  const { dir, session } = await newArchive({ clock });
  await session.call('users.create', { username: 'wangfang', displayName: '王芳', password: 'clerk pass 1', role: 'clerk', clearance: 'confidential' });
  await session.call('users.create', { username: 'reader', displayName: '赵读', password: 'reader pass', role: 'reader' });
  await session.call('users.create', { username: 'approver', displayName: '审批人甲', password: 'approver pass', role: 'approver' });
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司', classifications: { category: 'strategic' }, accountManager: '销售部 张伟' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料', confidentiality: 'confidential' });
  const borrower = await personFor(session, '销售部 李明');
  session.close();
  clock.set('2026-03-03T10:00:00');
  const clerk = await openArchive(dir, 'wangfang', 'clerk pass 1', { kdfCost: TEST_KDF, clock });
  await clerk.call('loans.lend', { archiveNo: file.archiveNo, borrower, paperApproval: SIGNED, purpose: '合同核对', dueDate: '2026-03-05' });
  clock.set('2026-03-09T15:30:00');
  await clerk.call('loans.return', { archiveNo: file.archiveNo });
  clerk.close();
  const admin = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF, clock });
  return { dir, admin, client, file, clock };
}

describe('the audit log as a clerk reads it', () => {
  it('has one sentence per action in both languages, and every action in a filter group', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const sentences = catalogs[language].ui.audit.sentences as Record<string, string>;
      const labels = catalogs[language].ui.audit.actions as Record<string, string>;
      for (const action of AUDIT_ACTIONS) {
        expect(sentences[action], `${language} sentence for ${action}`).toBeTruthy();
        expect(labels[action], `${language} label for ${action}`).toBeTruthy();
      }
      // Chinese sentences carry no English words (bar the "English:" of a classification's English name).
      if (language === 'zh-CN') for (const s of Object.values(sentences)) expect(s.replace('English', '').replace(/\{\{\w+\}\}/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    }
    const grouped = auditActionGroups().flatMap((g) => g.actions);
    expect([...grouped].sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(auditGroupOf('handovers.updateKind')).toBe('config');
    expect(auditGroupOf('loans.lend')).toBe('loans');
  });

  it('shows what happened as sentences with names and labels, never ids, JSON or codes', async () => {
    const { admin, file } = await busyArchive();
    const zh = await admin.call('audit.list', { language: 'zh-CN' });
    const lend = zh.find((e) => e.action === 'loans.lend')!;
    expect(lend).toMatchObject({ username: 'wangfang', userDisplayName: '王芳', actionLabel: '借出' });
    expect(lend.summary).toBe(`档案 ${file.archiveNo} 借给 销售部 李明，用途：合同核对，应还日期 2026-03-05（纸质申请：赵经理 2020-01-02）`);
    const ret = zh.find((e) => e.action === 'loans.return')!;
    expect(ret.summary).toBe(`销售部 李明 归还档案 ${file.archiveNo}（逾期归还）`);
    const created = zh.find((e) => e.action === 'clients.create')!;
    expect(created.summary).toBe('新建客户「北京宏远建工集团有限公司」，客户类别：战略合作伙伴客户，客户经理 销售部 张伟（状态：合作中）');
    const fileMade = zh.find((e) => e.action === 'files.create')!;
    expect(fileMade.summary).toBe(`为客户「北京宏远建工集团有限公司」新建档案 ${file.archiveNo}「客户基本资料」（客户档案，机密，保管期限 30年）`);
    const user = zh.find((e) => e.action === 'users.create' && e.targetLabel === 'wangfang')!;
    expect(user.summary).toBe('新建用户 wangfang：档案管理员，查阅密级 机密');
    for (const entry of zh) {
      expect(entry.summary, entry.action).not.toMatch(UUID);
      expect(entry.summary, entry.action).not.toMatch(/[{}"]/);
      expect(entry.summary, entry.action).not.toMatch(/\b(confidential|strategic|clerk|normal|loanId|clientId)\b/);
    }

    const en = await admin.call('audit.list', { language: 'en' });
    expect(en.find((e) => e.action === 'loans.lend')!.summary).toBe(
      `Lent file ${file.archiveNo} to 销售部 李明 for 合同核对, due 2026-03-05 (paper application: 赵经理 2020-01-02)`,
    );
    expect(en.find((e) => e.action === 'loans.return')!.summary).toBe(`销售部 李明 returned file ${file.archiveNo} (returned late)`);
    expect(en.find((e) => e.action === 'clients.create')!.summary).toBe(
      'Registered client “北京宏远建工集团有限公司”, Category: Strategic partner, account manager 销售部 张伟 (status: Active)',
    );
    expect(en.find((e) => e.action === 'files.create')!.summary).toContain('Confidential, retention 30 years');
    admin.close();
  });

  it('keeps details the sentence does not name readable, by their labels', async () => {
    const { session } = await newArchive();
    session.db.transaction(() =>
      appendAudit(session.db, { id: null, username: 'tool' }, new Date('2026-03-02T01:00:00Z'), {
        action: 'files.update',
        targetType: 'file',
        targetLabel: 'KH-2026-0001',
        details: { changes: [{ field: 'confidentiality', from: 'normal', to: 'restricted' }], reason: '含合同', toolVersion: '2.1', fileId: 'f-1' },
      }),
    );
    const [entry] = await session.call('audit.list', { limit: 1 });
    expect(entry!.summary).toBe('修改档案 KH-2026-0001：密级：普通 → 秘密，原因：含合同（toolVersion：2.1）');
    expect(entry!.userDisplayName).toBe('tool');
  });

  it('filters by user, action, target and period in the engine, pages, and counts', async () => {
    const { admin, file, client } = await busyArchive();
    const users = (await admin.call('audit.overview', {})).users;
    // By display name in pinyin order: 管 (guan) 审 (shen) 王 (wang) 赵 (zhao).
    expect(users.map((u) => u.displayName)).toEqual(['管理员', '审批人甲', '王芳', '赵读']);
    const clerkId = users.find((u) => u.username === 'wangfang')!.id;

    const byClerk = await admin.call('audit.list', { userId: clerkId });
    expect(byClerk.map((e) => e.action)).toEqual(['loans.return', 'loans.lend', 'session.unlock']);
    expect((await admin.call('audit.overview', { userId: clerkId })).total).toBe(3);

    const loans = await admin.call('audit.list', { actions: ['loans.lend', 'loans.return'] });
    expect(loans.map((e) => e.action)).toEqual(['loans.return', 'loans.lend']);
    expect((await admin.call('audit.list', { targetType: 'client' })).map((e) => e.targetLabel)).toEqual([client.name]);
    // Target text: the target's name or a detail (the borrower); wildcards are literal.
    expect((await admin.call('audit.list', { target: file.archiveNo })).map((e) => e.action).sort()).toEqual(['files.create', 'loans.lend', 'loans.return']);
    expect((await admin.call('audit.list', { target: '李明' })).map((e) => e.action)).toEqual(['loans.return', 'loans.lend', 'people.add']);
    expect(await admin.call('audit.list', { target: '%' })).toEqual([]);
    // The period is in local days, both ends included.
    expect((await admin.call('audit.list', { from: '2026-03-03', to: '2026-03-03' })).map((e) => e.action)).toEqual(['loans.lend', 'session.unlock']);
    expect((await admin.call('audit.list', { from: '2026-03-09' })).map((e) => e.action)).toEqual(['session.unlock', 'loans.return']);

    const all = await admin.call('audit.list', {});
    const first = await admin.call('audit.list', { limit: 3 });
    const next = await admin.call('audit.list', { limit: 3, beforeSeq: first[2]!.seq });
    expect([...first, ...next].map((e) => e.seq)).toEqual(all.slice(0, 6).map((e) => e.seq));
    expect((await admin.call('audit.overview', {})).total).toBe(all.length);
    admin.close();
  });

  it('keeps need-to-know: entries about a file above the reader’s clearance are not counted or listed', async () => {
    const { dir, admin, file } = await busyArchive();
    admin.close();
    const approver = await openArchive(dir, 'approver', 'approver pass', { kdfCost: TEST_KDF });
    expect(await approver.call('audit.list', { target: file.archiveNo })).toEqual([]);
    expect((await approver.call('audit.overview', { target: file.archiveNo })).total).toBe(0);
    const exported = await approver.call('export.create', { list: 'audit', format: 'xlsx', auditFilter: { target: file.archiveNo } });
    expect(exported.rows).toBe(0);
    approver.close();
  });

  it('exports the filtered log to xlsx in the reader’s language; a role without the log is refused', async () => {
    const { dir, admin, file } = await busyArchive();
    const out = await admin.call('export.create', { list: 'audit', format: 'xlsx', auditFilter: { actions: ['loans.lend', 'loans.return'] } });
    expect(out.fileName).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(out.rows).toBe(2);
    const rows = await sheetRows(out.contentBase64);
    expect(rows[0]).toEqual(['序号', '时间', '用户', '用户名', '操作', '对象类型', '对象', '内容']);
    expect(rows[1]!.slice(2)).toEqual(['王芳', 'wangfang', '归还', '档案', file.archiveNo, `销售部 李明 归还档案 ${file.archiveNo}（逾期归还）`]);
    expect(rows[2]![6]).toBe(file.archiveNo);
    const en = await sheetRows((await admin.call('export.create', { list: 'audit', language: 'en', auditFilter: { actions: ['loans.lend'] } })).contentBase64);
    expect(en[0]![7]).toBe('What happened');
    expect(en[1]![7]).toBe(`Lent file ${file.archiveNo} to 销售部 李明 for 合同核对, due 2026-03-05 (paper application: 赵经理 2020-01-02)`);
    const [audited] = await admin.call('audit.list', { limit: 1, language: 'en' });
    expect(audited).toMatchObject({ action: 'export.create', details: { list: 'audit', rows: 1 } });
    // English counts by i18n plural rules: 1 row, not 1 rows.
    expect(audited!.summary).toMatch(/^Exported the audit log \(XLSX, 1 row\): /);
    admin.close();

    const reader = await openArchive(dir, 'reader', 'reader pass', { kdfCost: TEST_KDF });
    await expectDossierError(reader.call('export.create', { list: 'audit' }), 'auth.forbidden');
    await expectDossierError(reader.call('audit.overview', {}), 'auth.forbidden');
    reader.close();
  });
});
