import { describe, expect, it } from 'vitest';
import { countRows, expectDossierError, newArchive, SIGNED, testClock } from '../helpers.js';

/** A file, and two people at the desk: 李明 (S001) of 销售部 and 王芳 (F002, card C9002) of 财务部. */
async function archiveWithFile(clock = testClock()) {
  const { session, dir } = await newArchive({ clock });
  const client = await session.call('clients.create', { name: '广州恒信物业有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
  await session.call('departments.add', { name: '销售部' });
  await session.call('departments.add', { name: '财务部' });
  await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
  await session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'F002', cardNo: 'C9002' });
  return { session, dir, file, clock };
}

describe('lending and returning', () => {
  it('lends a file for three days by default and returns it', async () => {
    const { session, file } = await archiveWithFile();
    const loan = await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED, purpose: '合同核对' });
    expect(loan).toMatchObject({ archiveNo: file.archiveNo, borrower: '销售部 李明', dueDate: '2026-03-05', returnedAt: null, overdue: false });
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).status).toBe('on_loan');
    expect(await session.call('loans.list', { open: true })).toHaveLength(1);

    const returned = await session.call('loans.return', { archiveNo: file.archiveNo });
    expect(returned.returnedAt).not.toBeNull();
    expect(returned.returnedBy).toBe('管理员');
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).status).toBe('in_stock');
    expect(await session.call('loans.list', { open: true })).toHaveLength(0);
    expect(await session.call('loans.list', { open: false })).toHaveLength(1);
  });

  it('finds the file whatever the case of the typed or scanned archive number', async () => {
    const { session, file } = await archiveWithFile();
    const loan = await session.call('loans.lend', { archiveNo: `  ${file.archiveNo.toLowerCase()} `, borrower: 'C9002', paperApproval: SIGNED });
    expect(loan.archiveNo).toBe(file.archiveNo);
  });

  it('refuses to lend a file that is on loan and writes nothing', async () => {
    const { session, file } = await archiveWithFile();
    await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED });
    const loans = countRows(session, 'loans');
    const audit = countRows(session, 'audit_log');
    const err = await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'C9002', paperApproval: SIGNED }), 'loan.alreadyOnLoan');
    expect(err.params).toMatchObject({ archiveNo: file.archiveNo, borrower: '销售部 李明', dueDate: '2026-03-05' });
    expect(countRows(session, 'loans')).toBe(loans);
    expect(countRows(session, 'audit_log')).toBe(audit);
  });

  it('refuses to return a file that is in stock and writes nothing', async () => {
    const { session, file } = await archiveWithFile();
    const audit = countRows(session, 'audit_log');
    await expectDossierError(session.call('loans.return', { archiveNo: file.archiveNo }), 'loan.notOnLoan');
    expect(countRows(session, 'audit_log')).toBe(audit);
  });

  it('refuses an unknown archive number', async () => {
    const { session } = await archiveWithFile();
    const err = await expectDossierError(session.call('loans.lend', { archiveNo: 'KH-1999-9999', borrower: 'S001' }), 'file.notFound');
    expect(err.params.archiveNo).toBe('KH-1999-9999');
    await expectDossierError(session.call('loans.return', { archiveNo: 'NOPE' }), 'file.notFound');
  });

  it('checks the due date: not in the past, not beyond the three-day limit, a real date', async () => {
    const { session, file } = await archiveWithFile();
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED, dueDate: '2026-03-01' }), 'loan.dueInPast');
    const late = await expectDossierError(
      session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED, dueDate: '2026-03-06' }),
      'loan.dueTooLate',
    );
    expect(late.params).toMatchObject({ maxDays: 3, latest: '2026-03-05' });
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED, dueDate: '2026-02-30' }), 'date.invalid');
    const loan = await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED, dueDate: '2026-03-02' });
    expect(loan.dueDate).toBe('2026-03-02');
  });

  it('marks a loan overdue the day after its due date', async () => {
    const { session, file, clock } = await archiveWithFile();
    await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED });
    clock.set('2026-03-05T23:59:00');
    expect((await session.call('loans.list', { open: true }))[0]!.overdue).toBe(false);
    clock.set('2026-03-06T08:00:00');
    expect((await session.call('loans.list', { open: true }))[0]!.overdue).toBe(true);
    const returned = await session.call('loans.return', { archiveNo: file.archiveNo });
    expect(returned.overdue).toBe(false);
    const audit = await session.call('audit.list', { limit: 1 });
    expect(audit[0]!.details).toMatchObject({ overdue: true });
  });

  it('refuses a blank borrower', async () => {
    const { session, file } = await archiveWithFile();
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '   ', paperApproval: SIGNED }), 'validation');
  });
});

describe('archive numbers as typed or scanned, and borrowers', () => {
  it('finds a file by its number written full-width or with dash variants', async () => {
    const { session, file } = await archiveWithFile();
    const fullWidth = file.archiveNo.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(fullWidth).not.toBe(file.archiveNo);
    for (const typed of [fullWidth, file.archiveNo.replace(/-/g, '—'), file.archiveNo.replace(/-/g, '–'), file.archiveNo.replace(/-/g, '－'), ` ${file.archiveNo.toLowerCase()}`]) {
      expect((await session.call('files.get', { archiveNo: typed })).archiveNo).toBe(file.archiveNo);
    }
    const loan = await session.call('loans.lend', { archiveNo: fullWidth, borrower: 'C9002', paperApproval: SIGNED });
    expect(loan.archiveNo).toBe(file.archiveNo);
    expect((await session.call('loans.return', { archiveNo: file.archiveNo.replace(/-/g, '—') })).returnedAt).not.toBeNull();
  });

  it('refuses an archive number as the borrower, whatever its width, and writes nothing', async () => {
    const { session, file } = await archiveWithFile();
    const other = await session.call('files.create', { clientId: file.clientId, title: '合同' });
    const loans = countRows(session, 'loans');
    for (const borrower of [other.archiveNo, 'ＫＨ－２０２６－０００４', 'KH-1999-0123', `财务部${other.archiveNo}`]) {
      const err = await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower, paperApproval: SIGNED }), 'loan.borrowerIsArchiveNo');
      expect(err.params).toMatchObject({ borrower });
    }
    expect(countRows(session, 'loans')).toBe(loans);
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).status).toBe('in_stock');
    await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'F002', paperApproval: SIGNED });
  });
});

describe('lending against applications', () => {
  async function desk() {
    const ctx = await archiveWithFile();
    const { session } = ctx;
    await session.call('users.create', { username: 'zhao', displayName: '赵经理', password: 'zhao password', role: 'department_head', clearance: 'top_secret' });
    await session.call('departments.update', { id: (await session.call('departments.list')).find((d) => d.name === '销售部')!.id, head: 'zhao' });
    return ctx;
  }

  it('refuses a loan without an approved application, naming what is missing, and writes nothing', async () => {
    const { session, file } = await desk();
    const before = { loans: countRows(session, 'loans'), audit: countRows(session, 'audit_log') };
    const err = await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001' }), 'loan.noApplication');
    expect(err.params).toEqual({ archiveNo: file.archiveNo, borrower: '李明' });
    // A pending application is named with who it waits for (the file has no department: the general manager).
    await session.call('users.create', { username: 'gm', displayName: '钱总', password: 'gm password 1', role: 'general_manager', clearance: 'top_secret' });
    const app = await session.call('applications.create', { requester: 'S001', files: [{ archiveNo: file.archiveNo }], kind: 'loan', purpose: '合同核对' });
    const pending = await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001' }), 'loan.applicationPending');
    expect(pending.params).toEqual({ id: app.id, archiveNo: file.archiveNo, borrower: '李明', waitingFor: '钱总' });
    expect(countRows(session, 'loans')).toBe(before.loans);
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).status).toBe('in_stock');
  });

  it('matches the approved application automatically; it serves one loan of that file', async () => {
    const { session, file } = await desk();
    await session.call('departments.assignFile', { archiveNo: file.archiveNo, departmentId: (await session.call('departments.list')).find((d) => d.name === '销售部')!.id });
    const app = await session.call('applications.create', { requester: 'S001', files: [{ archiveNo: file.archiveNo }], kind: 'loan', purpose: '合同核对', days: 2 });
    const { openArchive } = await import('../../db/archive.js');
    const { TEST_KDF } = await import('../helpers.js');
    const zhao = await openArchive(session.dir, 'zhao', 'zhao password', { kdfCost: TEST_KDF, clock: () => new Date('2026-03-02T09:30:00') });
    try {
      await zhao.call('applications.approve', { id: app.id });
    } finally {
      zhao.close();
    }
    // Someone else cannot borrow on 李明's approval.
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'F002' }), 'loan.noApplication');
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'F002', applicationId: app.id }), 'loan.applicationNotForThis');
    const loan = await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 's001' });
    // Never beyond the period applied for (two days, inside the three-day policy).
    expect(loan).toMatchObject({ applicationId: app.id, borrower: '销售部 李明', purpose: '合同核对', dueDate: '2026-03-04' });
    await session.call('loans.return', { archiveNo: file.archiveNo });
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001' }), 'loan.noApplication');
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', applicationId: app.id }), 'loan.applicationUsed');
  });

  it('a reading application does not take a file out; a rejected one lends nothing', async () => {
    const { session, file } = await desk();
    const read = await session.call('applications.create', { requester: 'F002', files: [{ archiveNo: file.archiveNo }], kind: 'read', purpose: '查阅', paper: SIGNED });
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'F002', applicationId: read.id }), 'loan.applicationIsForReading');
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'F002' }), 'loan.noApplication');
  });

  it('records a paper approval with the loan, in one audit row', async () => {
    const { session, file } = await desk();
    const audit = countRows(session, 'audit_log');
    const loan = await session.call('loans.lend', {
      archiveNo: file.archiveNo,
      borrower: 'S001',
      paperApproval: { signedBy: '赵经理', signedOn: '2026-03-01' },
      purpose: '合同核对',
    });
    expect(countRows(session, 'audit_log')).toBe(audit + 1);
    const app = await session.call('applications.get', { id: loan.applicationId! });
    expect(app).toMatchObject({ status: 'approved', paper: { signedBy: '赵经理', signedOn: '2026-03-01' }, requester: { name: '李明' }, files: [{ archiveNo: file.archiveNo }] });
    expect((await session.call('audit.list', { limit: 1 }))[0]!.details).toMatchObject({ paper: '赵经理 2026-03-01', applicationId: app.id });
    await expectDossierError(
      session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: { signedBy: '赵经理', signedOn: '2026-03-09' } }),
      'loan.alreadyOnLoan',
    );
  });

  it('lends without an application when the policy says so; an unknown borrower is refused', async () => {
    const { session, file } = await desk();
    expect((await session.call('loans.policy')).requireApplication).toBe(true);
    await session.call('loans.updatePolicy', { requireApplication: false });
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S999' }), 'person.notFound');
    expect((await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001' })).applicationId).toBeNull();
  });

  it('due dates per kind and confidentiality, in calendar or working days across weekends and holidays', async () => {
    const { session } = await desk();
    const client = await session.call('clients.create', { name: '天津金桥物流有限公司' });
    const make = async (confidentiality: 'normal' | 'confidential') => (await session.call('files.create', { clientId: client.id, title: '资料', confidentiality })).archiveNo;
    // 2026-03-02 is a Monday; the 5th a holiday in this calendar.
    await session.call('calendar.save', { date: '2026-03-05', kind: 'holiday', name: '测试假日' });
    await session.call('loans.updatePolicy', {
      period: { days: 3, unit: 'working' },
      rules: [
        { level: 'confidential', days: 1, unit: 'working' },
        { kind: 'copy', days: 7, unit: 'calendar' },
      ],
    });
    const lend = async (archiveNo: string, kind: 'loan' | 'copy') => {
      const app = await session.call('applications.create', { requester: 'S001', files: [{ archiveNo }], kind, purpose: '核对', days: 30, paper: SIGNED });
      return (await session.call('loans.lend', { archiveNo, borrower: 'S001', applicationId: app.id })).dueDate;
    };
    // Three working days from Monday, skipping Thursday's holiday: Friday.
    expect(await lend(await make('normal'), 'loan')).toBe('2026-03-06');
    expect(await lend(await make('confidential'), 'loan')).toBe('2026-03-03');
    expect(await lend(await make('normal'), 'copy')).toBe('2026-03-09');
    // A level rule is more specific than a kind rule.
    expect(await lend(await make('confidential'), 'copy')).toBe('2026-03-03');
  });

  it('the database allows one open loan per file, whatever the code above it does', async () => {
    const { session, file } = await desk();
    const loan = await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: 'S001', paperApproval: SIGNED });
    const raw = session.db.sqlite.prepare(
      `insert into loans (id, file_id, kind, borrower, purpose, lent_at, lent_by, due_date) values ('x', ?, 'loan', 'x', '', '2026-03-02', ?, '2026-03-03')`,
    );
    expect(() => raw.run(file.id, session.user.id)).toThrow(/UNIQUE constraint failed: loans.file_id/);
    // The ledger is append-only: no entry is deleted, a closed one never changes.
    expect(() => session.db.sqlite.prepare(`delete from loans where id = ?`).run(loan.id)).toThrow(/append-only/);
    await session.call('loans.return', { archiveNo: file.archiveNo });
    expect(() => session.db.sqlite.prepare(`update loans set borrower = 'x' where id = ?`).run(loan.id)).toThrow(/never changes/);
  });
});
