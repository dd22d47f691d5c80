import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { sortKey } from '../../db/sortKey.js';
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
