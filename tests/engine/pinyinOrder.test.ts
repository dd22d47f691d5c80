import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { sortKey } from '../../db/sortKey.js';
import { creditCodeCheckChar } from '../../shared/domain/creditCode.js';
import { ADMIN, TEST_KDF, newArchive } from '../helpers.js';

describe('Chinese names in pinyin order, in the engine', () => {
  it('orders keys by reading: 安 北 长 重 李 南 上 张, shorter names first', () => {
    const names = ['上海宏远', '北京宏远建工', '南京', '安徽', '重庆银行', '北京', '长城', '张三', '李四'];
    const sorted = [...names].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    expect(sorted).toEqual(['安徽', '北京', '北京宏远建工', '长城', '重庆银行', '李四', '南京', '上海宏远', '张三']);
    // Full-width letters read as their half-width selves.
    expect(sortKey('ＡＢＣ').split('\u0001')[0]).toBe('abc');
  });

  it('pages the client list by pinyin, and follows a rename', async () => {
    const { session } = await newArchive();
    for (const name of ['上海宏远建工有限公司', '北京中诚物业管理有限公司', '南京嘉禾水务集团有限公司', '安徽海螺水泥股份有限公司']) {
      await session.call('clients.create', { name });
    }
    const names = async (offset = 0, limit = 200) => (await session.call('clients.list', { offset, limit })).rows.map((r) => r.name);
    expect(await names()).toEqual(['安徽海螺水泥股份有限公司', '北京中诚物业管理有限公司', '南京嘉禾水务集团有限公司', '上海宏远建工有限公司']);
    expect(await names(1, 2)).toEqual(['北京中诚物业管理有限公司', '南京嘉禾水务集团有限公司']);
    const shanghai = (await session.call('clients.list', { search: '上海宏远' })).rows[0]!;
    await session.call('clients.update', { id: shanghai.id, name: '阿拉善宏远建工有限公司', reason: '更名' });
    expect((await names())[0]).toBe('阿拉善宏远建工有限公司');
  });

  it('backfills the keys of an archive made before migration 11', async () => {
    const { dir, session } = await newArchive({ migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    const insert = session.db.sqlite.prepare(
      "insert into clients (id, name, status, created_at, updated_at) values (?, ?, 'active', '2025-06-01T02:00:00.000Z', '2025-06-01T02:00:00.000Z')",
    );
    insert.run('c1', '上海宏远建工有限公司');
    insert.run('c2', '北京中诚物业管理有限公司');
    insert.run('c3', '南京嘉禾水务集团有限公司');
    session.close();
    const upgraded = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    const rows = (await upgraded.call('clients.list', {})).rows.map((r) => r.name);
    expect(rows).toEqual(['北京中诚物业管理有限公司', '南京嘉禾水务集团有限公司', '上海宏远建工有限公司']);
    const kinds = await upgraded.call('handovers.kinds', {});
    expect(kinds.find((k) => k.code === 'sale')).toMatchObject({ name: '销售', nameEn: 'Sale' });
    const clientType = (await upgraded.call('fileTypes.list', {})).find((t) => t.code === 'client')!;
    expect(clientType.checklist[0]).toEqual({ kind: 'business_licence', label: '营业执照', labelEn: 'Business licence' });
    upgraded.close();
  });
});

describe('the client list sorts by a column in the engine', () => {
  it('by name either way, by credit code with empty codes last, by status', async () => {
    const { session } = await newArchive();
    const code = (body: string) => {
      const check = creditCodeCheckChar(body);
      return body + check;
    };
    await session.call('clients.create', { name: '上海宏远建工有限公司', creditCode: code('91310115MA1K3YJ12') });
    await session.call('clients.create', { name: '北京中诚物业管理有限公司' });
    await session.call('clients.create', { name: '南京嘉禾水务集团有限公司', creditCode: code('91110108MA01A1B2C'), status: 'prospect' });
    const names = async (input: Record<string, unknown>) => (await session.call('clients.list', input)).rows.map((r) => r.name);
    expect(await names({ sort: 'name', dir: 'desc' })).toEqual(['上海宏远建工有限公司', '南京嘉禾水务集团有限公司', '北京中诚物业管理有限公司']);
    expect(await names({ sort: 'creditCode' })).toEqual(['南京嘉禾水务集团有限公司', '上海宏远建工有限公司', '北京中诚物业管理有限公司']);
    expect(await names({ sort: 'creditCode', dir: 'desc' })).toEqual(['上海宏远建工有限公司', '南京嘉禾水务集团有限公司', '北京中诚物业管理有限公司']);
    expect(await names({ sort: 'status' })).toEqual(['南京嘉禾水务集团有限公司', '北京中诚物业管理有限公司', '上海宏远建工有限公司']);
    // Paging keeps the order.
    expect(await names({ sort: 'name', dir: 'desc', offset: 1, limit: 1 })).toEqual(['南京嘉禾水务集团有限公司']);
    // The export holds the list's order.
    const out = await session.call('export.create', { list: 'clients', format: 'csv', clientFilter: { sort: 'name', dir: 'desc' } });
    const lines = Buffer.from(out.contentBase64, 'base64')
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .slice(1, 4);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['上海宏远建工有限公司', '南京嘉禾水务集团有限公司', '北京中诚物业管理有限公司']);
  });
});
