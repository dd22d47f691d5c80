import { describe, expect, it } from 'vitest';
import { countRows, expectDossierError, newArchive, SIGNED, testClock } from '../helpers.js';

/** A file with three items on a shelf, and 李明 (S001, 销售部), 王芳 (F002, 财务部) and 张强 (Z003, 财务部) at the desk. */
async function desk(clock = testClock()) {
  const { session } = await newArchive({ clock });
  const client = await session.call('clients.create', { name: '广州恒信物业有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
  for (const title of ['营业执照副本', '租赁合同', '补充协议']) await session.call('items.add', { archiveNo: file.archiveNo, title });
  const room = await session.call('locations.save', { kind: 'room', code: '1', name: '一号库房' });
  const cabinet = await session.call('locations.save', { kind: 'cabinet', parentId: room.id, code: 'A', name: 'A柜' });
  const shelf = await session.call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '1', name: '1架' });
  const other = await session.call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '2', name: '2架' });
  await session.call('files.move', { archiveNo: file.archiveNo, locationId: shelf.id });
  await session.call('departments.add', { name: '销售部' });
  await session.call('departments.add', { name: '财务部' });
  const li = await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
  const wang = await session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'F002' });
  await session.call('people.add', { kind: 'staff', name: '张强', department: '财务部', staffNo: 'Z003' });
  const no = file.archiveNo;
  return { session, clock, no, client, shelf, other, li, wang };
}

const raw =
  (session: { db: { sqlite: { prepare(sql: string): { run(...a: unknown[]): unknown } } } }, sql: string, ...args: unknown[]) =>
  () =>
    session.db.sqlite.prepare(sql).run(...args);

describe('in-room reading (查阅)', () => {
  it('starts and ends a reading with no due date, against a reading application', async () => {
    const { session, no, clock } = await desk();
    // Without an approval the reading is refused, naming what is missing.
    const refused = await expectDossierError(session.call('loans.read', { archiveNo: no, reader: 'S001' }), 'reading.noApplication');
    expect(refused.params).toMatchObject({ archiveNo: no, borrower: '李明' });
    await session.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'read', purpose: '合同核对', paper: SIGNED });
    const reading = await session.call('loans.read', { archiveNo: no, reader: 'S001' });
    expect(reading).toMatchObject({ archiveNo: no, reader: '销售部 李明', endedAt: null, purpose: '合同核对' });
    expect(reading.applicationId).not.toBeNull();
    expect((await session.call('files.get', { archiveNo: no })).status).toBe('on_loan');
    // A file being read is neither lent nor returned; it is not in the loans list.
    await expectDossierError(session.call('loans.lend', { archiveNo: no, borrower: 'F002', paperApproval: SIGNED }), 'reading.inProgress');
    await expectDossierError(session.call('loans.return', { archiveNo: no }), 'loan.isReading');
    await expectDossierError(session.call('loans.renew', { archiveNo: no }), 'reading.cannotRenew');
    expect(await session.call('loans.list', { open: true })).toHaveLength(0);
    expect(await session.call('loans.readings', { open: true })).toHaveLength(1);

    clock.set('2026-03-02T10:30:00');
    const ended = await session.call('loans.endReading', { archiveNo: no });
    expect(ended.endedAt).toBe(new Date('2026-03-02T10:30:00').toISOString());
    expect(ended.incidents).toEqual([]);
    expect(ended.locationPath).toContain('1架');
    expect((await session.call('files.get', { archiveNo: no })).status).toBe('in_stock');
    await expectDossierError(session.call('loans.endReading', { archiveNo: no }), 'reading.notReading');
  });
});

describe('returns with the completeness check', () => {
  it('records an incident per missing or damaged item against the loan and the borrower; the file is flagged until resolved', async () => {
    const { session, no, li } = await desk();
    const loan = await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    const returned = await session.call('loans.return', { archiveNo: no, missing: [2], damaged: [3], note: '合同缺失，补充协议水渍' });
    expect(returned.returnedAt).not.toBeNull();
    expect(returned.returnNote).toBe('合同缺失，补充协议水渍');
    expect(returned.incidents.map((i) => [i.itemSeq, i.itemTitle, i.kind, i.status, i.personId, i.loanId])).toEqual([
      [2, '租赁合同', 'missing', 'open', li.id, loan.id],
      [3, '补充协议', 'damaged', 'open', li.id, loan.id],
    ]);
    expect((await session.call('files.get', { archiveNo: no })).status).toBe('in_stock');
    // On the file and on the person.
    expect(await session.call('incidents.list', { archiveNo: no, open: true })).toHaveLength(2);
    expect(await session.call('incidents.list', { person: 'S001' })).toHaveLength(2);
    expect(await session.call('incidents.list', { person: 'F002' })).toHaveLength(0);

    const [missing, damaged] = returned.incidents;
    await expectDossierError(session.call('incidents.resolve', { id: missing!.id, resolution: 'written_off' }), 'incident.reasonRequired');
    const found = await session.call('incidents.resolve', { id: missing!.id, resolution: 'found' });
    expect(found).toMatchObject({ status: 'found', resolvedBy: '管理员' });
    await expectDossierError(session.call('incidents.resolve', { id: missing!.id, resolution: 'replaced' }), 'incident.alreadyResolved');
    expect(await session.call('incidents.list', { archiveNo: no, open: true })).toHaveLength(1);
    await session.call('incidents.resolve', { id: damaged!.id, resolution: 'written_off', reason: '水渍不可修复，复印件存档' });
    expect(await session.call('incidents.list', { archiveNo: no, open: true })).toHaveLength(0);
    // The audit row of the return names the items.
    const [entry] = (await session.call('audit.list', {})).filter((e) => e.action === 'loans.return');
    expect(entry!.details).toMatchObject({ missing: [2], damaged: [3] });
  });

  it('refuses an item number not in the contents list, or one marked twice, and writes nothing', async () => {
    const { session, no } = await desk();
    await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    const before = { loans: countRows(session, 'loans'), incidents: countRows(session, 'incidents'), audit: countRows(session, 'audit_log') };
    const err = await expectDossierError(session.call('loans.return', { archiveNo: no, missing: [1, 9] }), 'return.noSuchItem');
    expect(err.params).toMatchObject({ archiveNo: no, seq: 9 });
    await expectDossierError(session.call('loans.return', { archiveNo: no, missing: [2], damaged: [2] }), 'return.itemTwice');
    expect({ loans: countRows(session, 'loans'), incidents: countRows(session, 'incidents'), audit: countRows(session, 'audit_log') }).toEqual(before);
    expect((await session.call('loans.list', { open: true }))[0]!.returnedAt).toBeNull();
  });

  it('puts the file back on its home shelf, or on a confirmed other one with a recorded move', async () => {
    const { session, no, other } = await desk();
    await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    const home = await session.call('loans.return', { archiveNo: no });
    expect(home).toMatchObject({ moved: false });
    expect(home.locationPath).toContain('1架');
    await session.call('loans.lend', { archiveNo: no, borrower: 'F002', paperApproval: SIGNED });
    const elsewhere = await session.call('loans.return', { archiveNo: no, locationId: other.id });
    expect(elsewhere.moved).toBe(true);
    expect(elsewhere.locationPath).toContain('2架');
    expect((await session.call('files.whereIs', { archiveNo: no })).locationPath).toContain('2架');
    expect((await session.call('files.moves', { archiveNo: no }))[0]!.toPath).toContain('2架');
  });
});

describe('holds (预约) and renewals (续借)', () => {
  it('queues holds per file; at return the first becomes ready and only its person may take the file', async () => {
    const { session, no } = await desk();
    await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    const first = await session.call('holds.place', { archiveNo: no, person: 'F002' });
    const second = await session.call('holds.place', { archiveNo: no, person: 'Z003' });
    expect([first.status, first.position, second.status, second.position]).toEqual(['waiting', 1, 'waiting', 2]);
    await expectDossierError(session.call('holds.place', { archiveNo: no, person: 'F002' }), 'hold.duplicate');
    await expectDossierError(session.call('holds.place', { archiveNo: no, person: 'S001' }), 'hold.hasFile');
    // Someone waits: no renewal.
    await expectDossierError(session.call('loans.renew', { archiveNo: no }), 'loan.renewHeld');

    const returned = await session.call('loans.return', { archiveNo: no });
    expect(returned.holdReady).toMatchObject({ id: first.id, person: '财务部 王芳', status: 'ready', position: 1 });
    expect((await session.call('holds.list', { status: 'ready' })).map((h) => h.id)).toEqual([first.id]);
    const refused = await expectDossierError(session.call('loans.lend', { archiveNo: no, borrower: 'Z003', paperApproval: SIGNED }), 'loan.heldForOther');
    expect(refused.params).toMatchObject({ person: '财务部 王芳' });
    await session.call('loans.lend', { archiveNo: no, borrower: 'F002', paperApproval: SIGNED });
    const all = await session.call('holds.list', { archiveNo: no, status: 'all' });
    expect(all.map((h) => [h.person, h.status, h.position])).toEqual([
      ['财务部 王芳', 'fulfilled', null],
      ['财务部 张强', 'waiting', 1],
    ]);
  });

  it('a hold on a file on the shelf is ready at once; cancelling a ready hold passes the file on', async () => {
    const { session, no } = await desk();
    const hold = await session.call('holds.place', { archiveNo: no, person: 'F002' });
    expect(hold.status).toBe('ready');
    const next = await session.call('holds.place', { archiveNo: no, person: 'Z003' });
    expect(next.status).toBe('waiting');
    expect((await session.call('holds.cancel', { id: hold.id, reason: '不再需要' })).status).toBe('cancelled');
    expect((await session.call('holds.list', { archiveNo: no }))[0]).toMatchObject({ id: next.id, status: 'ready' });
    await expectDossierError(session.call('holds.cancel', { id: hold.id }), 'hold.notActive');
    expect(() => raw(session, 'delete from holds')()).toThrow(/never deleted/);
  });

  it('renews by the period from the due date, up to the policy limit', async () => {
    const { session, no } = await desk();
    await session.call('loans.updatePolicy', { maxRenewals: 2 });
    const loan = await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    expect(loan.dueDate).toBe('2026-03-05');
    expect(await session.call('loans.renew', { archiveNo: no })).toMatchObject({ dueDate: '2026-03-08', renewals: 1 });
    expect(await session.call('loans.renew', { archiveNo: no })).toMatchObject({ dueDate: '2026-03-11', renewals: 2 });
    const err = await expectDossierError(session.call('loans.renew', { archiveNo: no }), 'loan.renewLimit');
    expect(err.params).toMatchObject({ count: 2, max: 2 });
    await session.call('loans.return', { archiveNo: no });
    await expectDossierError(session.call('loans.renew', { archiveNo: no }), 'loan.notOnLoan');
  });
});

describe('the append-only ledger', () => {
  it('corrects an open loan by a reversing entry with a reason: the file is back, the approval may be used again', async () => {
    const { session, no } = await desk();
    await session.call('applications.create', { requester: 'S001', files: [{ archiveNo: no }], kind: 'loan', purpose: '合同核对', paper: SIGNED });
    const loan = await session.call('loans.lend', { archiveNo: no, borrower: 'S001' });
    const rows = countRows(session, 'loans');
    await expectDossierError(session.call('loans.reverse', { id: loan.id, reason: '  ' }), 'validation');
    const result = await session.call('loans.reverse', { id: loan.id, reason: '档号扫错' });
    expect(result).toMatchObject({ entryId: loan.id, archiveNo: no, kind: 'loan', reversal: { reason: '档号扫错', by: '管理员' } });
    expect(countRows(session, 'loans')).toBe(rows + 1);
    expect((await session.call('files.get', { archiveNo: no })).status).toBe('in_stock');
    const [listed] = await session.call('loans.list', {});
    expect(listed).toMatchObject({ id: loan.id, overdue: false, reversal: { reason: '档号扫错' } });
    expect(listed!.returnedAt).not.toBeNull();
    // The reversing entry is not itself listed, and neither it nor the reversed entry is reversed again.
    expect(await session.call('loans.list', {})).toHaveLength(1);
    const again = await expectDossierError(session.call('loans.reverse', { id: loan.id, reason: '再次' }), 'loan.alreadyReversed');
    expect(again.params).toMatchObject({ reason: '档号扫错' });
    await expectDossierError(session.call('loans.reverse', { id: result.reversal.id, reason: '撤销冲正' }), 'loan.isReversal');
    await expectDossierError(session.call('loans.reverse', { id: 'nope', reason: '无' }), 'loan.notFound');
    // The application the reversed loan used serves the real loan.
    expect((await session.call('loans.lend', { archiveNo: no, borrower: 'S001' })).applicationId).toBe(loan.applicationId);
  });

  it('the database refuses deletes and in-place changes other than the transitions', async () => {
    const { session, no } = await desk();
    const loan = await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    expect(raw(session, 'delete from loans where id = ?', loan.id)).toThrow(/append-only/);
    expect(raw(session, "update loans set borrower = '别人' where id = ?", loan.id)).toThrow(/transitions/);
    expect(raw(session, "update loans set lent_at = '2020-01-01' where id = ?", loan.id)).toThrow(/transitions/);
    expect(raw(session, 'update loans set renewals = -1 where id = ?', loan.id)).toThrow(/transitions/);
    const returned = await session.call('loans.return', { archiveNo: no, missing: [1] });
    expect(raw(session, "update loans set due_date = '2030-01-01' where id = ?", loan.id)).toThrow(/never changes/);
    expect(raw(session, 'delete from incidents')).toThrow(/never deleted/);
    const id = returned.incidents[0]!.id;
    expect(raw(session, "update incidents set note = '改' where id = ?", id)).toThrow(/resolved, once/);
    await session.call('incidents.resolve', { id, resolution: 'found' });
    expect(raw(session, "update incidents set status = 'open', resolved_at = null where id = ?", id)).toThrow(/resolved, once/);
    // A reversing entry is closed and reverses an original of the same file.
    expect(
      raw(
        session,
        "insert into loans (id, file_id, kind, borrower, lent_at, lent_by, due_date, corrects_id, correction_reason) select 'x', file_id, 'loan', borrower, lent_at, lent_by, due_date, id, '测试' from loans where id = ?",
        loan.id,
      ),
    ).toThrow(/reversing entry/);
    expect(raw(session, "update applications set status = 'pending' where status = 'approved'")).toThrow(/never changes/);
  });
});

describe('overdue follow-up', () => {
  it('refuses further loans to a borrower with an overdue file, naming it; the policy can allow them', async () => {
    const { session, no, client, clock } = await desk();
    const second = await session.call('files.create', { clientId: client.id, title: '年度合同' });
    await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    clock.set('2026-03-09T09:00:00');
    const err = await expectDossierError(session.call('loans.lend', { archiveNo: second.archiveNo, borrower: 'S001', paperApproval: SIGNED }), 'loan.borrowerOverdue');
    expect(err.params).toMatchObject({ borrower: '销售部 李明', files: no, count: 1 });
    // Others still borrow; reading in the room is not borrowing.
    await session.call('loans.read', { archiveNo: second.archiveNo, reader: 'S001', paperApproval: SIGNED });
    await session.call('loans.endReading', { archiveNo: second.archiveNo });
    await session.call('loans.updatePolicy', { blockOverdue: false });
    expect((await session.call('loans.lend', { archiveNo: second.archiveNo, borrower: 'S001', paperApproval: SIGNED })).borrower).toBe('销售部 李明');
  });

  it('lists overdue loans by days overdue, per borrower and per department', async () => {
    const { session, no, client, clock } = await desk();
    const b = await session.call('files.create', { clientId: client.id, title: '年度合同' });
    const c = await session.call('files.create', { clientId: client.id, title: '对账单' });
    await session.call('loans.lend', { archiveNo: no, borrower: 'S001', paperApproval: SIGNED });
    clock.set('2026-03-04T09:00:00');
    await session.call('loans.lend', { archiveNo: b.archiveNo, borrower: 'F002', paperApproval: SIGNED });
    await session.call('loans.lend', { archiveNo: c.archiveNo, borrower: 'Z003', paperApproval: SIGNED });
    clock.set('2026-03-10T09:00:00');
    const report = await session.call('loans.overdue');
    expect(report.asOf).toBe('2026-03-10');
    expect(report.loans.map((l) => [l.archiveNo, l.daysOverdue, l.departmentName])).toEqual([
      [no, 5, '销售部'],
      [b.archiveNo, 3, '财务部'],
      [c.archiveNo, 3, '财务部'],
    ]);
    expect(report.byBorrower.map((g) => [g.name, g.count, g.maxDaysOverdue])).toEqual([
      ['销售部 李明', 1, 5],
      // Equally late: by name in pinyin order (Wang before Zhang).
      ['财务部 王芳', 1, 3],
      ['财务部 张强', 1, 3],
    ]);
    expect(report.byDepartment.map((g) => [g.name, g.count, g.maxDaysOverdue, g.archiveNos.length])).toEqual([
      ['销售部', 1, 5, 1],
      ['财务部', 2, 3, 2],
    ]);
  });
});
