/**
 * Regressions of the outside-style check of the desk, ledger, printing and security issues
 * (/tmp/work/Q2-FINDINGS.md): each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { countRows, expectDossierError, newArchive, testClock } from '../helpers.js';

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
    await expectDossierError(session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: { signedBy: '赵经理', signedOn: '2026-02-30' } }), 'validation');
    await expectDossierError(
      session.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '核对', paper: { signedBy: '赵经理', signedOn: '2026-02-29' } }),
      'validation',
    );
    expect(countRows(session, 'loans')).toBe(loans);
    expect(countRows(session, 'applications')).toBe(applications);
    // A real leap day is a date.
    await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: { signedBy: '赵经理', signedOn: '2024-02-29' } });
  });

  it('refuses a register period of 2026-02-30 to 2026-99-99 instead of printing it', async () => {
    const { session } = await deskWithPerson();
    await expectDossierError(session.call('print.register', { from: '2026-02-30', to: '2026-03-01' }), 'validation');
    await expectDossierError(session.call('print.register', { from: '2026-03-01', to: '2026-99-99' }), 'validation');
    await expectDossierError(session.call('reports.statistics', { from: '2026-13-01', to: '2026-12-31' }), 'validation');
  });
});
