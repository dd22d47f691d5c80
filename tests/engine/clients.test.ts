import { describe, expect, it } from 'vitest';
import { countRows, expectDossierError, newArchive, validCreditCode, personFor, SIGNED } from '../helpers.js';

describe('clients', () => {
  it('validates the unified social credit code and refuses duplicates, writing nothing', async () => {
    const { session } = await newArchive();
    const code = validCreditCode('91310115MA1K3YJ12');
    const client = await session.call('clients.create', { name: '上海宏远建工有限公司', creditCode: code.toLowerCase() });
    expect(client.creditCode).toBe(code);
    const before = countRows(session, 'audit_log');
    const bad = await expectDossierError(
      session.call('clients.create', { name: '假公司', creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') }),
      'client.badCreditCode',
    );
    expect(bad.params.problem).toBe('checkChar');
    const dup = await expectDossierError(session.call('clients.create', { name: '另一家', creditCode: code }), 'client.duplicateCreditCode');
    expect(dup.params.name).toBe('上海宏远建工有限公司');
    expect(countRows(session, 'clients')).toBe(1);
    expect(countRows(session, 'audit_log')).toBe(before);
  });

  it('refuses an empty name', async () => {
    const { session } = await newArchive();
    await expectDossierError(session.call('clients.create', { name: '  ' }), 'validation');
  });

  it('finds clients by Chinese fragments of any length, credit code and contact', async () => {
    const { session } = await newArchive();
    const names = ['北京宏远建工集团有限公司', '北京中诚物业管理有限公司', '深圳宏达科技股份有限公司', 'Acme 100%_Trading Ltd'];
    for (const [i, name] of names.entries()) {
      await session.call('clients.create', { name, contactPerson: i === 1 ? '张秀英' : undefined, creditCode: i === 2 ? validCreditCode('91440300MA5EXAMPL') : undefined });
    }
    const search = async (text: string) => (await session.call('clients.list', { search: text })).rows.map((r) => r.name).sort();
    expect(await search('宏远建工')).toEqual(['北京宏远建工集团有限公司']);
    expect(await search('宏')).toEqual(['北京宏远建工集团有限公司', '深圳宏达科技股份有限公司']);
    expect(await search('北京')).toEqual(['北京中诚物业管理有限公司', '北京宏远建工集团有限公司']);
    expect(await search('秀英')).toEqual(['北京中诚物业管理有限公司']);
    expect(await search('MA5EX')).toEqual(['深圳宏达科技股份有限公司']);
    expect(await search('acme')).toEqual(['Acme 100%_Trading Ltd']);
    // LIKE wildcards typed by a user are literal.
    expect(await search('%_')).toEqual(['Acme 100%_Trading Ltd']);
    expect(await search('%')).toEqual(['Acme 100%_Trading Ltd']);
    expect(await search('"')).toEqual([]);
    expect(await search('不存在的')).toEqual([]);
    const all = await session.call('clients.list', { limit: 2 });
    expect(all.total).toBe(4);
    expect(all.rows).toHaveLength(2);
  });

  it('lists a client with its files and counts of files and loans', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', { name: '武汉长城电力工程有限公司' });
    const a = await session.call('files.create', { clientId: client.id, title: '基本资料' });
    await session.call('files.create', { clientId: client.id, title: '权证', confidentiality: 'confidential', retention: 'permanent' });
    await session.call('loans.lend', { archiveNo: a.archiveNo, borrower: await personFor(session, '赵磊'), paperApproval: SIGNED });
    const detail = await session.call('clients.get', { id: client.id });
    expect(detail.files.map((f) => [f.title, f.status])).toEqual([
      ['基本资料', 'on_loan'],
      ['权证', 'in_stock'],
    ]);
    const [summary] = (await session.call('clients.list', {})).rows;
    expect(summary).toMatchObject({ fileCount: 2, onLoanCount: 1 });
    await expectDossierError(session.call('clients.get', { id: 'no-such-id' }), 'client.notFound');
  });
});

describe('files and archive numbers', () => {
  it('numbers files from the pattern, per year, never reusing a number', async () => {
    const { session, dir } = await newArchive();
    void dir;
    const client = await session.call('clients.create', { name: '西安永安建材有限公司' });
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) numbers.push((await session.call('files.create', { clientId: client.id, title: `卷${i}` })).archiveNo);
    const year = new Date().getFullYear();
    expect(numbers).toEqual([`KH-${year}-0001`, `KH-${year}-0002`, `KH-${year}-0003`]);
    // Even if a file row disappears (destruction, later), its number is not issued again.
    session.db.sqlite.prepare('delete from files where archive_no = ?').run(numbers[2]);
    expect((await session.call('files.create', { clientId: client.id, title: '新卷' })).archiveNo).toBe(`KH-${year}-0004`);
  });

  it('refuses a file for an unknown client', async () => {
    const { session } = await newArchive();
    await expectDossierError(session.call('files.create', { clientId: 'missing', title: 'x' }), 'client.notFound');
  });
});
