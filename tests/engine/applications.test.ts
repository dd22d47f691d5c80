import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { countRows, expectDossierError, newArchive, TEST_KDF, testClock } from '../helpers.js';

/** An archive with the approvers of the seeds' routing, signed in separately, and two departments' files. */
async function office() {
  const clock = testClock();
  const { session: admin, dir } = await newArchive({ clock });
  const users: Record<string, ArchiveSession> = {};
  const roles = { zhao: 'department_head', qian: 'department_head', gm: 'general_manager', am: 'archive_manager', clerk: 'clerk', liming: 'reader' } as const;
  for (const [username, role] of Object.entries(roles))
    await admin.call('users.create', { username, displayName: username, password: `${username} password`, role, clearance: 'top_secret' });
  const sales = await admin.call('departments.add', { name: '销售部', head: 'zhao' });
  const finance = await admin.call('departments.add', { name: '财务部', head: 'qian' });
  const li = await admin.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001', cardNo: 'C001' });
  await admin.call('people.linkUser', { id: li.id, username: 'liming' });
  const wang = await admin.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'F001' });
  const lawyer = await admin.call('people.add', { kind: 'outside', name: '孙律师', organisation: '天元律师事务所', idNo: 'X1' });
  for (const username of Object.keys(roles)) users[username] = await openArchive(dir, username, `${username} password`, { kdfCost: TEST_KDF, clock });
  const client = await admin.call('clients.create', { name: '天津金桥物流有限公司', accountManager: '销售部 张伟' });
  const file = async (confidentiality: 'normal' | 'confidential' | 'top_secret' = 'normal') =>
    (await admin.call('files.create', { clientId: client.id, title: '客户基本资料', confidentiality })).archiveNo;
  const financeFile = async () => {
    const no = await file();
    await admin.call('departments.assignFile', { archiveNo: no, departmentId: finance.id });
    return no;
  };
  const close = () => Object.values(users).forEach((s) => s.close());
  return { admin, users, sales, finance, li, wang, lawyer, file, financeFile, close, clock };
}

describe('applications and approvals', () => {
  it('own department: the clerk records it, the department head approves, the state is visible to the requester', async () => {
    const o = await office();
    try {
      const no = await o.file();
      const app = await o.users.clerk!.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '合同核对', days: 3 });
      expect(app).toMatchObject({ status: 'pending', kind: 'loan', wantedFrom: '2026-03-02', wantedUntil: '2026-03-05', requester: { name: '李明', departmentName: '销售部' } });
      expect(app.steps.map((s) => [s.approver, s.departmentName, s.headDisplayName, s.decision, s.mine])).toEqual([['department_head', '销售部', 'zhao', null, false]]);

      // Waiting for zhao, not for the other head or the general manager.
      expect((await o.users.zhao!.call('applications.list', { forMe: true })).map((a) => a.id)).toEqual([app.id]);
      expect(await o.users.qian!.call('applications.list', { forMe: true })).toEqual([]);
      const before = countRows(o.admin, 'audit_log');
      await expectDossierError(o.users.qian!.call('applications.approve', { id: app.id }), 'approval.notYours');
      await expectDossierError(o.users.gm!.call('applications.approve', { id: app.id }), 'approval.notYours');
      expect(countRows(o.admin, 'audit_log')).toBe(before);

      const approved = await o.users.zhao!.call('applications.approve', { id: app.id, comment: '同意，三日内归还' });
      expect(approved.status).toBe('approved');
      expect(approved.steps[0]).toMatchObject({ decision: 'approved', decidedBy: 'zhao', comment: '同意，三日内归还', decidedAt: expect.any(String) as string });
      // The requester sees the state of their own application.
      expect((await o.users.liming!.call('applications.list', { mine: true })).map((a) => [a.id, a.status])).toEqual([[app.id, 'approved']]);
      // Decided once: no second decision, no withdrawal.
      await expectDossierError(o.users.zhao!.call('applications.reject', { id: app.id, reason: '改主意' }), 'application.notPending');
      await expectDossierError(o.users.clerk!.call('applications.withdraw', { id: app.id }), 'application.notPending');
    } finally {
      o.close();
    }
  });

  it('another department’s 机密 file to copy: the general manager, the archive manager, and the explicit copy step', async () => {
    const o = await office();
    try {
      const no = await o.financeFile();
      await o.admin.call('files.update', { archiveNo: no, confidentiality: 'confidential', reason: '含合同价格' });
      const app = await o.users.clerk!.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'copy', purpose: '摘抄付款条款' });
      expect(app.steps.map((s) => [s.approver, s.purpose])).toEqual([
        ['general_manager', 'access'],
        ['archive_manager', 'access'],
        ['archive_manager', 'copy'],
      ]);
      expect((await o.users.gm!.call('applications.approve', { id: app.id })).status).toBe('pending');
      // The archive manager decides both of their steps at once.
      const done = await o.users.am!.call('applications.approve', { id: app.id, comment: '限摘抄第3页' });
      expect(done.status).toBe('approved');
      expect(done.steps.every((s) => s.decision === 'approved')).toBe(true);
    } finally {
      o.close();
    }
  });

  it('a rejection needs its reason and closes the application', async () => {
    const o = await office();
    try {
      const app = await o.users.clerk!.call('applications.create', { requester: 'F001', files: [{ archiveNo: await o.file() }], kind: 'read', purpose: '查阅' });
      expect(app.steps.map((s) => s.approver)).toEqual(['general_manager']);
      await expectDossierError(o.users.gm!.call('applications.reject', { id: app.id, reason: '  ' }), 'approval.reasonRequired');
      const rejected = await o.users.gm!.call('applications.reject', { id: app.id, reason: '与本部门业务无关' });
      expect(rejected).toMatchObject({ status: 'rejected', steps: [{ decision: 'rejected', comment: '与本部门业务无关' }] });
      await expectDossierError(o.users.gm!.call('applications.approve', { id: app.id }), 'application.notPending');
    } finally {
      o.close();
    }
  });

  it('nobody approves their own application, and only clerks apply for others', async () => {
    const o = await office();
    try {
      // liming (a reader) applies for himself: allowed; for 王芳: refused.
      const mine = await o.users.liming!.call('applications.create', { requester: 'S001', files: [{ archiveNo: await o.financeFile() }], kind: 'read', purpose: '核对' });
      await expectDossierError(
        o.users.liming!.call('applications.create', { requester: 'F001', files: [{ archiveNo: await o.file() }], kind: 'read', purpose: '核对' }),
        'application.notYourself',
      );
      await o.admin.call('users.create', { username: 'gm2', displayName: '总经理二', password: 'gm2 password', role: 'general_manager' });
      // The general manager linked to 李明 cannot approve 李明's application.
      await o.admin.call('people.linkUser', { id: o.li.id, username: null });
      await o.admin.call('people.linkUser', { id: o.li.id, username: 'gm' });
      await expectDossierError(o.users.gm!.call('applications.approve', { id: mine.id }), 'approval.ownApplication');
      // The requester takes it back.
      expect((await o.users.clerk!.call('applications.withdraw', { id: mine.id })).status).toBe('withdrawn');
    } finally {
      o.close();
    }
  });

  it('refuses what cannot be routed or is incomplete, writing nothing', async () => {
    const o = await office();
    try {
      const before = { apps: countRows(o.admin, 'applications'), audit: countRows(o.admin, 'audit_log') };
      // An outside person needs an introduction letter.
      await expectDossierError(
        o.admin.call('applications.create', { requester: o.lawyer.id, files: [{ archiveNo: await o.file() }], kind: 'read', purpose: '诉讼取证' }),
        'application.letterRequired',
      );
      // A department without a head cannot approve its own files.
      const legal = await o.admin.call('departments.add', { name: '法务部' });
      await o.admin.call('people.add', { kind: 'staff', name: '陈静', department: '法务部', staffNo: 'L001' });
      const legalFile = await o.file();
      await o.admin.call('departments.assignFile', { archiveNo: legalFile, departmentId: legal.id });
      const midway = { apps: countRows(o.admin, 'applications'), audit: countRows(o.admin, 'audit_log') };
      await expectDossierError(
        o.admin.call('applications.create', { requester: 'L001', files: [{ archiveNo: legalFile }], kind: 'read', purpose: '查阅' }),
        'application.noDepartmentHead',
      );
      await expectDossierError(o.admin.call('applications.create', { requester: 'S001', files: [{ archiveNo: 'KH-1999-0001' }], kind: 'read', purpose: '查阅' }), 'file.notFound');
      await expectDossierError(
        o.admin.call('applications.create', { requester: 'S001', files: [{ archiveNo: legalFile }], kind: 'read', purpose: '查阅', wantedFrom: '2026-03-01' }),
        'application.periodInPast',
      );
      await expectDossierError(
        o.admin.call('applications.create', {
          requester: 'S001',
          files: [{ archiveNo: legalFile }],
          kind: 'read',
          purpose: '查阅',
          wantedFrom: '2026-03-04',
          wantedUntil: '2026-03-03',
        }),
        'application.badPeriod',
      );
      expect(countRows(o.admin, 'applications')).toBe(midway.apps);
      expect(midway.apps).toBe(before.apps);
      expect(countRows(o.admin, 'audit_log')).toBe(midway.audit);
      // With the letter, the outside person's application goes to the general manager.
      const app = await o.admin.call('applications.create', {
        requester: o.lawyer.id,
        files: [{ archiveNo: await o.file() }],
        kind: 'read',
        purpose: '诉讼取证',
        letterNo: 'JS-018',
      });
      expect(app).toMatchObject({ letterNo: 'JS-018', requester: { kind: 'outside', organisation: '天元律师事务所' }, steps: [{ approver: 'general_manager' }] });
    } finally {
      o.close();
    }
  });

  it('a paper application signed outside the system is approved as recorded, by a clerk only', async () => {
    const o = await office();
    try {
      const no = await o.file('top_secret');
      const paper = await o.users.clerk!.call('applications.create', {
        requester: 'S001',
        files: [{ archiveNo: no }],
        kind: 'loan',
        purpose: '合同核对',
        paper: { signedBy: '赵经理', signedOn: '2026-03-01' },
      });
      expect(paper).toMatchObject({ status: 'approved', steps: [], paper: { signedBy: '赵经理', signedOn: '2026-03-01' } });
      const err = await expectDossierError(
        o.users.liming!.call('applications.create', {
          requester: 'S001',
          files: [{ archiveNo: no }],
          kind: 'loan',
          purpose: '合同核对',
          paper: { signedBy: '我', signedOn: '2026-03-01' },
        }),
        'auth.forbidden',
      );
      expect(err.params.capability).toBe('loans.circulate');
      await expectDossierError(
        o.users.clerk!.call('applications.create', {
          requester: 'S001',
          files: [{ archiveNo: no }],
          kind: 'loan',
          purpose: '合同核对',
          paper: { signedBy: '赵经理', signedOn: '2026-03-09' },
        }),
        'application.paperInFuture',
      );
    } finally {
      o.close();
    }
  });

  it('an application naming a file above a user’s clearance does not exist for them; its audit rows neither', async () => {
    const o = await office();
    try {
      const secret = await o.file('top_secret');
      const app = await o.admin.call('applications.create', { requester: 'S001', files: [{ archiveNo: await o.file() }, { archiveNo: secret }], kind: 'read', purpose: '核对' });
      const entry = (await o.admin.call('audit.list', { limit: 1 }))[0]!;
      expect(entry).toMatchObject({ action: 'applications.create', targetType: 'file', targetLabel: secret });
      await o.admin.call('users.create', { username: 'low', displayName: '普通', password: 'low password', role: 'general_manager', clearance: 'normal' });
      const low = await openArchive(o.admin.dir, 'low', 'low password', { kdfCost: TEST_KDF, clock: o.clock });
      try {
        expect(await low.call('applications.list', {})).toEqual([]);
        await expectDossierError(low.call('applications.get', { id: app.id }), 'application.notFound');
        await expectDossierError(low.call('applications.approve', { id: app.id }), 'application.notFound');
      } finally {
        low.close();
      }
    } finally {
      o.close();
    }
  });

  it('an administrator edits the routing rules; a reset brings back the seeds’', async () => {
    const o = await office();
    try {
      expect((await o.admin.call('applications.rules')).defaults).toBe(true);
      // Every file to the archive manager only.
      const edited = await o.admin.call('applications.updateRules', { rules: [{ id: 'all', department: 'any', approver: 'archive_manager' }] });
      expect(edited).toMatchObject({ defaults: false, rules: [{ id: 'all', levels: [], kinds: [], purpose: 'access' }] });
      const app = await o.admin.call('applications.create', { requester: 'S001', files: [{ archiveNo: await o.file() }], kind: 'read', purpose: '核对' });
      expect(app.steps.map((s) => s.approver)).toEqual(['archive_manager']);
      await expectDossierError(
        o.admin.call('applications.updateRules', {
          rules: [
            { id: 'x', department: 'any', approver: 'archive_manager' },
            { id: 'x', department: 'own', approver: 'department_head' },
          ],
        }),
        'approval.badRules',
      );
      await expectDossierError(o.users.clerk!.call('applications.updateRules', { reset: true }), 'auth.forbidden');
      expect((await o.admin.call('applications.updateRules', { reset: true })).rules.map((r) => r.id)).toEqual([
        'own-department',
        'other-department',
        'confidential',
        'copy-confidential',
      ]);
    } finally {
      o.close();
    }
  });
});
