import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { ADMIN, newArchive, testClock, validCreditCode, personFor, SIGNED } from '../helpers.js';

async function archive() {
  const clock = testClock('2026-03-02T09:00:00');
  const { dir, session } = await newArchive({ clock });
  const a = await session.call('clients.create', { name: '北京宏远建工集团有限公司', contactPerson: '张秀英', creditCode: validCreditCode('91110108MA01ABCDE') });
  const b = await session.call('clients.create', { name: '深圳宏达科技股份有限公司' });
  clock.set('2026-05-10T09:00:00');
  const c = await session.call('clients.create', { name: 'Acme Trading Ltd' });
  const fa = await session.call('files.create', { clientId: a.id, title: '购销合同档案' });
  const fb = await session.call('files.create', { clientId: b.id, title: '权证档案（保险柜）', confidentiality: 'confidential' });
  return { dir, session, clock, a, b, c, fa, fb };
}

describe('one search over clients and files', () => {
  it('finds Chinese fragments of one, two and three or more characters, and Latin text', async () => {
    const { session } = await archive();
    const labels = async (q: string) => (await session.call('search.query', { q })).hits.map((h) => h.label);
    expect(await labels('宏远建工')).toEqual(['北京宏远建工集团有限公司']);
    expect(await labels('宏远')).toEqual(['北京宏远建工集团有限公司']);
    expect((await labels('宏')).sort()).toEqual(['北京宏远建工集团有限公司', '深圳宏达科技股份有限公司']);
    expect(await labels('acme')).toEqual(['Acme Trading Ltd']);
    expect(await labels('秀英')).toEqual(['北京宏远建工集团有限公司']);
    expect(await labels('MA01ABC')).toEqual(['北京宏远建工集团有限公司']);
    expect(await labels('合同')).toEqual(['购销合同档案']);
    expect(await labels('无此客户')).toEqual([]);
  });

  it('matches Traditional Chinese and full-width input against Simplified records', async () => {
    const { session, fa } = await archive();
    expect((await session.call('search.query', { q: '宏遠建工' })).hits.map((h) => h.label)).toEqual(['北京宏远建工集团有限公司']);
    expect((await session.call('search.query', { q: '集團' })).hits.map((h) => h.label)).toEqual(['北京宏远建工集团有限公司']);
    const fullWidth = fa.archiveNo.replace(/[A-Z0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    expect((await session.call('search.query', { q: fullWidth })).hits.map((h) => h.archiveNo)).toEqual([fa.archiveNo]);
  });

  it('requires every term, ranks exact matches first, and filters by kind, status and date', async () => {
    const { session, a } = await archive();
    expect((await session.call('search.query', { q: '北京 有限' })).hits.map((h) => h.label)).toEqual(['北京宏远建工集团有限公司']);
    const both = await session.call('search.query', { q: '有限' });
    expect(both.total).toBe(2);
    await session.call('clients.create', { name: '有限' });
    expect((await session.call('search.query', { q: '有限' })).hits[0]!.label).toBe('有限');
    expect((await session.call('search.query', { q: '宏远', kinds: ['file'] })).hits).toEqual([]);
    expect((await session.call('search.query', { q: '合同', kinds: ['file'] })).hits[0]).toMatchObject({ kind: 'file', clientId: a.id, clientName: a.name, status: 'in_stock' });
    const may = await session.call('search.query', { q: 'a', kinds: ['client'], dateFrom: '2026-05-01' });
    expect(may.hits.map((h) => h.label)).toEqual(['Acme Trading Ltd']);
    expect((await session.call('search.query', { q: '合同', status: ['on_loan'] })).hits).toEqual([]);
  });

  it('follows renames and loans, and never shows files above the user’s clearance', async () => {
    const { session, dir, fa, fb } = await archive();
    await session.call('loans.lend', { archiveNo: fa.archiveNo, borrower: await personFor(session, '李明'), paperApproval: SIGNED });
    expect((await session.call('search.query', { q: '合同', status: ['on_loan'] })).hits).toHaveLength(1);
    expect((await session.call('search.query', { q: '权证' })).hits.map((h) => h.id)).toEqual([fb.id]);
    await session.call('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk pass 1', role: 'clerk', clearance: 'restricted' });
    session.close();
    const clerk = await openArchive(dir, 'clerk', 'clerk pass 1');
    expect((await clerk.call('search.query', { q: '权证' })).hits).toEqual([]);
    expect((await clerk.call('search.query', { q: '保险柜' })).total).toBe(0);
    expect((await clerk.call('search.query', { q: '宏达' })).hits.map((h) => h.kind)).toEqual(['client']);
    clerk.close();
    const admin = await openArchive(dir, ADMIN.username, ADMIN.password);
    admin.db.sqlite.prepare("update clients set name = '北京宏远城建集团有限公司' where name like '北京宏远%'").run();
    expect((await admin.call('search.query', { q: '城建' })).hits.map((h) => h.label)).toEqual(['北京宏远城建集团有限公司']);
    expect((await admin.call('search.query', { q: '建工' })).hits).toEqual([]);
    admin.close();
  });
});
