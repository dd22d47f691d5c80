/** Ledger reports: the desk's dashboard, the overdue list, file and person histories, statistics and their workbook. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { readXlsx } from '../../db/spreadsheet/xlsx.js';
import { countRows, expectDossierError, newArchive, SIGNED, TEST_KDF, testClock } from '../helpers.js';

async function ledgerOffice() {
  const clock = testClock('2026-06-01T09:00:00');
  const { session: admin, dir } = await newArchive({ clock });
  await admin.call('users.create', { username: 'zhao', displayName: '赵部长', password: 'zhao password', role: 'department_head', clearance: 'top_secret' });
  await admin.call('users.create', { username: 'clerk', displayName: '档案员小李', password: 'clerk password', role: 'clerk', clearance: 'restricted' });
  const sales = await admin.call('departments.add', { name: '销售部', head: 'zhao' });
  await admin.call('departments.add', { name: '财务部' });
  const li = await admin.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
  const wang = await admin.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'F001' });
  const lawyer = await admin.call('people.add', { kind: 'outside', name: '孙律师', organisation: '天元律师事务所', idNo: 'X1', letterNo: 'JS-2026-7' });
  const strategic = (await admin.call('classifications.list', {})).find((s) => s.code === 'category')!.values.find((v) => v.label === '战略合作伙伴客户')!;
  const client = await admin.call('clients.create', { name: '天津金桥物流有限公司', accountManager: '销售部 李明', classifications: { category: strategic.code } });
  const other = await admin.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const file = async (clientId: string, confidentiality: 'normal' | 'confidential' = 'normal') =>
    (await admin.call('files.create', { clientId, title: '客户基本资料', confidentiality })).archiveNo;
  const users: Record<string, ArchiveSession> = {};
  for (const [u, p] of [
    ['zhao', 'zhao password'],
    ['clerk', 'clerk password'],
  ] as const)
    users[u] = await openArchive(dir, u, p, { kdfCost: TEST_KDF, clock });
  const close = () => Object.values(users).forEach((s) => s.close());
  return { admin, clock, sales, li, wang, lawyer, client, other, file, users, close };
}

describe('ledger reports', () => {
  it('shows the desk what is out, due today, overdue, waiting for the signed-in approver and ready holds, within clearance', async () => {
    const o = await ledgerOffice();
    try {
      const f1 = await o.file(o.client.id);
      const f2 = await o.file(o.other.id);
      const secret = await o.file(o.client.id, 'confidential');
      const f4 = await o.file(o.client.id);
      await o.admin.call('loans.lend', { archiveNo: f1, borrower: 'S001', paperApproval: SIGNED, purpose: '合同核对' });
      await o.admin.call('loans.lend', { archiveNo: f2, borrower: 'F001', paperApproval: SIGNED });
      o.clock.set('2026-06-03T10:00:00');
      await o.admin.call('loans.lend', { archiveNo: secret, borrower: 'S001', paperApproval: SIGNED });
      o.clock.set('2026-06-06T08:30:00');
      // Waiting for 赵部长 (head of 销售部, the client's account manager's department).
      const app = await o.users.clerk!.call('applications.create', { requester: 'S001', files: [{ archiveNo: f4 }], kind: 'loan', purpose: '年检' });
      const holdFile = (o.admin.db.sqlite.prepare('select id from files where archive_no = ?').get(f4) as { id: string }).id;
      const clerkId = (o.admin.db.sqlite.prepare("select id from users where username = 'clerk'").get() as { id: string }).id;
      o.admin.db.sqlite
        .prepare("insert into holds (id, file_id, person_id, status, created_at, created_by, ready_at) values (?, ?, ?, 'ready', ?, ?, ?)")
        .run(randomUUID(), holdFile, o.wang.id, '2026-06-05T09:00:00.000Z', clerkId, '2026-06-06T08:00:00.000Z');

      const desk = await o.admin.call('reports.desk', {});
      expect(desk).toMatchObject({ today: '2026-06-06', outNow: 3, readingNow: 0, overdueCount: 2, openIncidents: 0, waitingForMe: [] });
      expect(desk.dueToday.map((e) => e.archiveNo)).toEqual([secret]);
      expect(desk.overdue.map((e) => [e.archiveNo, e.daysOverdue, e.borrowerDepartment])).toEqual([
        [f1, 2, '销售部'],
        [f2, 2, '财务部'],
      ]);
      expect(desk.holdsReady.map((h) => [h.archiveNo, h.personName])).toEqual([[f4, '王芳']]);
      expect((await o.users.zhao!.call('reports.desk', {})).waitingForMe.map((a) => a.id)).toEqual([app.id]);
      // The clerk is cleared to 内部 only: the confidential loan is neither listed nor counted.
      const clerkDesk = await o.users.clerk!.call('reports.desk', {});
      expect(clerkDesk).toMatchObject({ outNow: 2, dueToday: [] });
      expect(JSON.stringify(clerkDesk)).not.toContain(secret);
    } finally {
      o.close();
    }
  });

  it('lists overdue loans by days overdue, per borrower and per department', async () => {
    const o = await ledgerOffice();
    try {
      const a = await o.file(o.client.id);
      const b = await o.file(o.client.id);
      const c = await o.file(o.other.id);
      await o.admin.call('loans.lend', { archiveNo: a, borrower: 'S001', paperApproval: SIGNED });
      o.clock.set('2026-06-02T09:00:00');
      await o.admin.call('loans.lend', { archiveNo: b, borrower: 'S001', paperApproval: SIGNED });
      await o.admin.call('loans.lend', { archiveNo: c, borrower: o.lawyer.id, paperApproval: SIGNED });
      o.clock.set('2026-06-10T09:00:00');
      const report = await o.admin.call('reports.overdue', {});
      expect(report.rows.map((r) => [r.archiveNo, r.daysOverdue])).toEqual([
        [a, 6],
        [b, 5],
        [c, 5],
      ]);
      expect(report.byBorrower).toEqual([
        { borrowerId: o.li.id, borrower: '销售部 李明', department: '销售部', files: 2, maxDays: 6 },
        { borrowerId: o.lawyer.id, borrower: '天元律师事务所 孙律师', department: '天元律师事务所', files: 1, maxDays: 5 },
      ]);
      expect(report.byDepartment).toEqual([
        { departmentId: o.sales.id, department: '销售部', files: 2, borrowers: 1, maxDays: 6 },
        { departmentId: null, department: null, files: 1, borrowers: 1, maxDays: 5 },
      ]);
      expect((await o.admin.call('reports.overdue', { departmentId: o.sales.id })).rows.map((r) => r.archiveNo)).toEqual([a, b]);
      expect((await o.admin.call('reports.overdue', { personId: o.lawyer.id })).rows.map((r) => r.archiveNo)).toEqual([c]);
      // Back in time: nothing is overdue.
      await o.admin.call('loans.return', { archiveNo: a });
      expect((await o.admin.call('reports.overdue', {})).rows.map((r) => r.archiveNo)).toEqual([b, c]);
    } finally {
      o.close();
    }
  });

  it('gives each file its loans with their approvals and incidents, and each person what they have and have had', async () => {
    const o = await ledgerOffice();
    try {
      const no = await o.file(o.client.id);
      const app = await o.users.clerk!.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '合同续签核对', days: 3 });
      await o.users.zhao!.call('applications.approve', { id: app.id, comment: '同意' });
      const loan = await o.users.clerk!.call('loans.lend', { archiveNo: no, borrower: 'S001' });
      expect(loan.applicationId).toBe(app.id);
      o.clock.set('2026-06-02T15:00:00');
      await o.users.clerk!.call('loans.return', { archiveNo: no });
      const fileId = (o.admin.db.sqlite.prepare('select id from files where archive_no = ?').get(no) as { id: string }).id;
      const clerkId = (o.admin.db.sqlite.prepare("select id from users where username = 'clerk'").get() as { id: string }).id;
      o.admin.db.sqlite
        .prepare("insert into incidents (id, loan_id, file_id, person_id, kind, note, created_at, created_by) values (?, ?, ?, ?, 'missing', '第 2 页缺失', ?, ?)")
        .run(randomUUID(), loan.id, fileId, o.li.id, '2026-06-02T07:00:00.000Z', clerkId);
      await o.admin.call('loans.lend', { archiveNo: no, borrower: 'F001', paperApproval: SIGNED });

      const history = await o.admin.call('reports.fileHistory', { archiveNo: no });
      expect(history.entries.map((e) => [e.borrower, e.applicationId === app.id, e.returnedAt !== null])).toEqual([
        ['财务部 王芳', false, false],
        ['销售部 李明', true, true],
      ]);
      const applied = history.applications.find((a) => a.id === app.id)!;
      expect(applied.steps.map((s) => [s.approver, s.decision, s.decidedBy, s.comment])).toEqual([['department_head', 'approved', '赵部长', '同意']]);
      expect(history.incidents.map((i) => [i.kind, i.status, i.personName, i.note])).toEqual([['missing', 'open', '李明', '第 2 页缺失']]);

      const li = await o.admin.call('reports.personHistory', { person: 'S001' });
      expect(li.person.name).toBe('李明');
      expect(li.current).toEqual([]);
      expect(li.past.map((e) => e.archiveNo)).toEqual([no]);
      expect(li.applications.map((a) => a.status)).toEqual(['approved']);
      expect(li.incidents).toHaveLength(1);
      const wang = await o.admin.call('reports.personHistory', { person: o.wang.id });
      expect(wang.current.map((e) => e.archiveNo)).toEqual([no]);
      await expectDossierError(o.admin.call('reports.personHistory', { person: 'NOBODY' }), 'person.notFound');
      expect((await o.admin.call('reports.desk', {})).openIncidents).toBe(1);
    } finally {
      o.close();
    }
  });

  it('counts a period by department, kind, purpose, client category and borrower kind, with the overdue rate and average loan length', async () => {
    const o = await ledgerOffice();
    try {
      const a = await o.file(o.client.id);
      const b = await o.file(o.other.id);
      const secret = await o.file(o.client.id, 'confidential');
      await o.admin.call('loans.lend', { archiveNo: a, borrower: 'S001', paperApproval: SIGNED, purpose: '合同核对' });
      await o.admin.call('loans.lend', { archiveNo: b, borrower: o.lawyer.id, paperApproval: SIGNED, purpose: '合同核对' });
      await o.admin.call('loans.lend', { archiveNo: secret, borrower: 'F001', paperApproval: SIGNED, purpose: '审计' });
      o.clock.set('2026-06-03T09:00:00');
      await o.admin.call('loans.return', { archiveNo: a }); // 2 days, on time
      o.clock.set('2026-06-08T09:00:00');
      await o.admin.call('loans.return', { archiveNo: b }); // 7 days, late
      // Outside the period: not counted.
      o.clock.set('2026-07-01T09:00:00');
      await o.admin.call('loans.lend', { archiveNo: a, borrower: 'S001', paperApproval: SIGNED });

      const stats = await o.admin.call('reports.statistics', { from: '2026-06-01', to: '2026-06-30' });
      expect(stats).toMatchObject({ loans: 3, readings: 0, overdueLoans: 2, returnedLoans: 2, averageLoanDays: 4.5 });
      expect(stats.overdueRate).toBeCloseTo(2 / 3);
      expect(stats.byDepartment).toEqual([
        { department: '销售部', loans: 1, readings: 0 },
        { department: null, loans: 1, readings: 0 },
        { department: '财务部', loans: 1, readings: 0 },
      ]);
      expect(stats.byPurpose).toEqual([
        { purpose: '合同核对', loans: 2, readings: 0 },
        { purpose: '审计', loans: 1, readings: 0 },
      ]);
      expect(stats.byKind).toEqual([{ kind: 'loan', loans: 3, readings: 0 }]);
      expect(stats.byCategory).toEqual([
        { category: '战略合作伙伴客户', categoryEn: expect.any(String) as string, loans: 2, readings: 0 },
        { category: null, categoryEn: null, loans: 1, readings: 0 },
      ]);
      expect(stats.byBorrowerKind).toEqual([
        { borrowerKind: 'staff', loans: 2, readings: 0 },
        { borrowerKind: 'outside', loans: 1, readings: 0 },
      ]);
      // A loan recorded in error and reversed drops out with its reversing entry; the file's history shows both.
      const wrong = await o.file(o.other.id);
      o.clock.set('2026-06-20T09:00:00');
      const mistaken = await o.admin.call('loans.lend', { archiveNo: wrong, borrower: 'S001', paperApproval: SIGNED });
      await o.admin.call('loans.reverse', { id: mistaken.id, reason: '登记错了借阅人' });
      expect(await o.admin.call('reports.statistics', { from: '2026-06-01', to: '2026-06-30' })).toMatchObject({ loans: 3, overdueLoans: 2 });
      const wrongHistory = await o.admin.call('reports.fileHistory', { archiveNo: wrong });
      expect(wrongHistory.entries.map((e) => [e.reversed, e.correctsId === mistaken.id, e.correctionReason])).toEqual(
        expect.arrayContaining([
          [true, false, null],
          [false, true, '登记错了借阅人'],
        ]),
      );
      // The clerk (cleared to 内部) counts without the confidential loan.
      expect(await o.users.clerk!.call('reports.statistics', { from: '2026-06-01', to: '2026-06-30' })).toMatchObject({ loans: 2, overdueLoans: 1 });
      await expectDossierError(o.admin.call('reports.statistics', { from: '2026-06-30', to: '2026-06-01' }), 'report.badPeriod');
    } finally {
      o.close();
    }
  });

  it('exports the statistics as a workbook in the chosen language, audited once', async () => {
    const o = await ledgerOffice();
    try {
      const a = await o.file(o.client.id);
      await o.admin.call('loans.lend', { archiveNo: a, borrower: 'S001', paperApproval: SIGNED, purpose: '合同核对' });
      const before = countRows(o.admin, 'audit_log');
      const file = await o.admin.call('reports.exportStatistics', { from: '2026-06-01', to: '2026-06-30', language: 'zh-CN' });
      expect(file).toMatchObject({ fileName: '借阅统计-2026-06-01-2026-06-30.xlsx', rows: 1 });
      const sheets = await readXlsx(Buffer.from(file.contentBase64, 'base64'));
      expect(sheets.map((s) => s.name)).toEqual(['汇总', '按部门', '按申请类别', '按用途', '按客户类别', '按借阅人类别']);
      expect(sheets[0]!.rows).toContainEqual(['外借次数', 1]);
      expect(sheets[1]!.rows).toEqual([
        ['部门', '外借次数', '查阅次数'],
        ['销售部', 1, 0],
      ]);
      expect(sheets[2]!.rows[1]).toEqual(['外借', 1, 0]);
      expect(countRows(o.admin, 'audit_log')).toBe(before + 1);
      const row = o.admin.db.sqlite.prepare('select action from audit_log order by seq desc limit 1').get() as { action: string };
      expect(row.action).toBe('reports.exportStatistics');
      const en = await o.admin.call('reports.exportStatistics', { from: '2026-06-01', to: '2026-06-30', language: 'en' });
      expect((await readXlsx(Buffer.from(en.contentBase64, 'base64'))).map((s) => s.name)[0]).toBe('Summary');
    } finally {
      o.close();
    }
  });
});
