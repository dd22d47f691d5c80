import { describe, expect, it } from 'vitest';
import { countRows, expectDossierError, newArchive, testClock } from '../helpers.js';

async function archiveWithFile(clock = testClock()) {
  const { session, dir } = await newArchive({ clock });
  const client = await session.call('clients.create', { name: '广州恒信物业有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
  return { session, dir, file, clock };
}

describe('lending and returning', () => {
  it('lends a file for three days by default and returns it', async () => {
    const { session, file } = await archiveWithFile();
    const loan = await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '销售部 李明', purpose: '合同核对' });
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
    const loan = await session.call('loans.lend', { archiveNo: `  ${file.archiveNo.toLowerCase()} `, borrower: '王芳' });
    expect(loan.archiveNo).toBe(file.archiveNo);
  });

  it('refuses to lend a file that is on loan and writes nothing', async () => {
    const { session, file } = await archiveWithFile();
    await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '李明' });
    const loans = countRows(session, 'loans');
    const audit = countRows(session, 'audit_log');
    const err = await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '王芳' }), 'loan.alreadyOnLoan');
    expect(err.params).toMatchObject({ archiveNo: file.archiveNo, borrower: '李明', dueDate: '2026-03-05' });
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
    const err = await expectDossierError(session.call('loans.lend', { archiveNo: 'KH-1999-9999', borrower: '李明' }), 'file.notFound');
    expect(err.params.archiveNo).toBe('KH-1999-9999');
    await expectDossierError(session.call('loans.return', { archiveNo: 'NOPE' }), 'file.notFound');
  });

  it('checks the due date: not in the past, not beyond the three-day limit, a real date', async () => {
    const { session, file } = await archiveWithFile();
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '李明', dueDate: '2026-03-01' }), 'loan.dueInPast');
    const late = await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '李明', dueDate: '2026-03-06' }), 'loan.dueTooLate');
    expect(late.params).toMatchObject({ maxDays: 3, latest: '2026-03-05' });
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '李明', dueDate: '2026-02-30' }), 'loan.badDate');
    const loan = await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '李明', dueDate: '2026-03-02' });
    expect(loan.dueDate).toBe('2026-03-02');
  });

  it('marks a loan overdue the day after its due date', async () => {
    const { session, file, clock } = await archiveWithFile();
    await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '李明' });
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
    await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '   ' }), 'validation');
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
    const loan = await session.call('loans.lend', { archiveNo: fullWidth, borrower: '王芳' });
    expect(loan.archiveNo).toBe(file.archiveNo);
    expect((await session.call('loans.return', { archiveNo: file.archiveNo.replace(/-/g, '—') })).returnedAt).not.toBeNull();
  });

  it('refuses an archive number as the borrower, whatever its width, and writes nothing', async () => {
    const { session, file } = await archiveWithFile();
    const other = await session.call('files.create', { clientId: file.clientId, title: '合同' });
    const loans = countRows(session, 'loans');
    for (const borrower of [other.archiveNo, 'ＫＨ－２０２６－０００４', 'KH-1999-0123', `财务部${other.archiveNo}`]) {
      const err = await expectDossierError(session.call('loans.lend', { archiveNo: file.archiveNo, borrower }), 'loan.borrowerIsArchiveNo');
      expect(err.params).toMatchObject({ borrower });
    }
    expect(countRows(session, 'loans')).toBe(loans);
    expect((await session.call('files.get', { archiveNo: file.archiveNo })).status).toBe('in_stock');
    await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: '财务部 王芳 2号' });
  });
});
