import { describe, expect, it } from 'vitest';
import { countRows, expectDossierError, newArchive } from '../helpers.js';

async function archive() {
  const { session } = await newArchive();
  const head = await session.call('users.create', { username: 'sales-head', displayName: '赵经理', password: 'head password', role: 'department_head' });
  const sales = await session.call('departments.add', { name: '销售部', head: head.username });
  const finance = await session.call('departments.add', { name: '财务部' });
  return { session, sales, finance };
}

describe('departments', () => {
  it('names a head who can approve, lists staff counts, refuses duplicates and heads who cannot approve', async () => {
    const { session, sales } = await archive();
    expect(sales).toMatchObject({ name: '销售部', headUsername: 'sales-head', headDisplayName: '赵经理', staffCount: 0 });
    await expectDossierError(session.call('departments.add', { name: '销售部' }), 'department.duplicate');
    // A reader cannot approve, so cannot head a department; nothing is written.
    await session.call('users.create', { username: 'reader', displayName: '读者', password: 'reader password', role: 'reader' });
    const before = countRows(session, 'departments');
    await expectDossierError(session.call('departments.add', { name: '法务部', head: 'reader' }), 'department.headCannotApprove');
    await expectDossierError(session.call('departments.add', { name: '法务部', head: 'nobody' }), 'user.notFound');
    expect(countRows(session, 'departments')).toBe(before);
    await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
    expect((await session.call('departments.list')).find((d) => d.name === '销售部')?.staffCount).toBe(1);
    const renamed = await session.call('departments.update', { id: sales.id, name: '营销部', head: null });
    expect(renamed).toMatchObject({ name: '营销部', headUsername: null });
    await expectDossierError(session.call('departments.update', { id: sales.id, name: '营销部' }), 'department.noChanges');
  });
});

describe('the people register', () => {
  it('registers staff with normalised unique numbers and outside people with their papers', async () => {
    const { session } = await archive();
    const staff = await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: ' s-001 ', cardNo: '0012345678' });
    expect(staff).toMatchObject({ kind: 'staff', name: '李明', departmentName: '销售部', staffNo: 'S-001', cardNo: '0012345678', active: true, username: null });
    const outside = await session.call('people.add', {
      kind: 'outside',
      name: '孙律师',
      organisation: '北京市天元律师事务所',
      idNo: '11010519800101123x',
      letterNo: 'JS-2026-018',
    });
    expect(outside).toMatchObject({ kind: 'outside', departmentId: null, organisation: '北京市天元律师事务所', idNo: '11010519800101123X', letterNo: 'JS-2026-018' });

    // Staff and card numbers are unique across both kinds of number; nothing written on refusal.
    const before = countRows(session, 'people');
    await expectDossierError(session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'S-001' }), 'person.duplicateNumber');
    await expectDossierError(session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: '0012345678' }), 'person.duplicateNumber');
    await expectDossierError(session.call('people.add', { kind: 'staff', name: '王芳', department: '人事部' }), 'department.notFound');
    expect(countRows(session, 'people')).toBe(before);
  });

  it('never takes an archive number as a staff or card number', async () => {
    const { session } = await archive();
    const client = await session.call('clients.create', { name: '广州恒信物业有限公司' });
    const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
    await expectDossierError(session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', cardNo: file.archiveNo }), 'person.numberIsArchiveNo');
  });

  it('finds a person by staff number, card number or id, whatever the case or spacing', async () => {
    const { session } = await archive();
    const staff = await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001', cardNo: 'C9001' });
    for (const ref of ['s001', ' S001 ', 'c9001', staff.id]) expect((await session.call('people.get', { person: ref })).id).toBe(staff.id);
    const err = await expectDossierError(session.call('people.get', { person: 'S999' }), 'person.notFound');
    expect(err.params.person).toBe('S999');
  });

  it('searches by a name fragment, number, organisation or department', async () => {
    const { session } = await archive();
    await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
    await session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'F002' });
    await session.call('people.add', { kind: 'outside', name: '孙律师', organisation: '天元律师事务所', idNo: 'X1' });
    const names = async (search: string) => (await session.call('people.list', { search })).rows.map((p) => p.name);
    expect(await names('明')).toEqual(['李明']);
    expect(await names('f00')).toEqual(['王芳']);
    expect(await names('天元')).toEqual(['孙律师']);
    expect(await names('财务')).toEqual(['王芳']);
    expect((await session.call('people.list', { kind: 'outside' })).total).toBe(1);
    // An inactive person is left out unless asked for.
    const [li] = (await session.call('people.list', { search: '李明' })).rows;
    await session.call('people.update', { id: li!.id, active: false });
    expect(await names('李明')).toEqual([]);
    expect((await session.call('people.list', { search: '李明', includeInactive: true })).rows).toHaveLength(1);
  });

  it('links a user account to its staff person, one person per account', async () => {
    const { session } = await archive();
    const li = await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
    const wang = await session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'F002' });
    const outside = await session.call('people.add', { kind: 'outside', name: '孙律师', organisation: '天元律师事务所', idNo: 'X1' });
    await session.call('users.create', { username: 'liming', displayName: '李明', password: 'liming password', role: 'reader' });
    expect((await session.call('people.linkUser', { id: li.id, username: 'liming' })).username).toBe('liming');
    await expectDossierError(session.call('people.linkUser', { id: wang.id, username: 'liming' }), 'person.userLinked');
    await expectDossierError(session.call('people.linkUser', { id: outside.id, username: 'liming' }), 'person.notStaff');
    expect((await session.call('people.linkUser', { id: li.id, username: null })).username).toBeNull();
  });

  it('audits every change with the person as the target', async () => {
    const { session } = await archive();
    const li = await session.call('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
    await session.call('people.update', { id: li.id, department: '财务部', cardNo: 'C1' });
    await expectDossierError(session.call('people.update', { id: li.id, cardNo: 'C1' }), 'person.noChanges');
    const entries = (await session.call('audit.list', { limit: 5 })).filter((e) => e.targetType === 'person');
    expect(entries.map((e) => e.action)).toEqual(['people.update', 'people.add']);
  });
});

describe('the department a file belongs to', () => {
  it('is its client account manager’s by default, can be set on the file and set back', async () => {
    const { session, sales, finance } = await archive();
    await session.call('people.add', { kind: 'staff', name: '张伟', department: '销售部', staffNo: 'S003' });
    const byName = await session.call('clients.create', { name: '天津金桥物流有限公司', accountManager: '张伟' });
    const byPrefix = await session.call('clients.create', { name: '北京宏远建工集团有限公司', accountManager: '财务部 刘洋' });
    const none = await session.call('clients.create', { name: '上海申通仓储有限公司' });
    const a = await session.call('files.create', { clientId: byName.id, title: '客户基本资料' });
    const b = await session.call('files.create', { clientId: byPrefix.id, title: '客户基本资料' });
    const c = await session.call('files.create', { clientId: none.id, title: '客户基本资料' });
    expect(await session.call('files.get', { archiveNo: a.archiveNo })).toMatchObject({ departmentId: sales.id, departmentName: '销售部', departmentExplicit: 0 });
    expect((await session.call('files.get', { archiveNo: b.archiveNo })).departmentName).toBe('财务部');
    expect((await session.call('files.get', { archiveNo: c.archiveNo })).departmentId).toBeNull();

    const set = await session.call('departments.assignFile', { archiveNo: a.archiveNo, departmentId: finance.id });
    expect(set).toEqual({ archiveNo: a.archiveNo, departmentId: finance.id, departmentName: '财务部', explicit: true });
    const detail = await session.call('files.get', { archiveNo: a.archiveNo });
    expect(detail).toMatchObject({ departmentName: '财务部', departmentExplicit: 1 });
    expect(detail.history.find((h) => h.field === 'department')).toMatchObject({ oldValue: '销售部', newValue: '财务部' });
    await expectDossierError(session.call('departments.assignFile', { archiveNo: a.archiveNo, departmentId: finance.id }), 'file.noChanges');
    expect(await session.call('departments.assignFile', { archiveNo: a.archiveNo, departmentId: null })).toMatchObject({ departmentName: '销售部', explicit: false });
  });
});
