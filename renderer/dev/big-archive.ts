/**
 * A large archive for trying the virtualised client list: N clients (default 100,000) with raw
 * inserts. Then serve it with the harness:
 *   npx tsx renderer/dev/big-archive.ts [--dir /tmp/dossier-big] [--clients 100000]
 *   npx tsx renderer/dev/harness.ts --dir /tmp/dossier-big --port 5181     (admin / password123)
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createArchive } from '../../db/archive.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { dir: { type: 'string', default: '/tmp/dossier-big' }, clients: { type: 'string', default: '100000' } },
});
rmSync(values.dir, { recursive: true, force: true });
const session = await createArchive(
  values.dir,
  { username: 'admin', displayName: '王档案', password: 'password123', archiveName: '大型档案库' },
  { kdfCost: { N: 1024, r: 8, p: 1 } },
);
const CITY = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '天津', '重庆', '苏州'];
const WORD = ['宏远', '中诚', '恒信', '华泰', '金桥', '瑞丰', '东方', '长城', '天成', '永安', '鑫源', '博达', '汇通', '嘉禾', '众联', '隆盛'];
const TRADE = ['建工', '城建', '路桥', '商混', '物业', '置业', '机电', '环保', '水务', '能源', '物流', '医药', '科技', '建材'];
const STATUS = ['active', 'active', 'active', 'prospect', 'terminated'];
const { sqlite } = session.db;
const insert = sqlite.prepare('insert into clients (id, name, contact_person, contact_phone, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
const now = new Date().toISOString();
const n = Number(values.clients);
sqlite.transaction(() => {
  for (let i = 0; i < n; i++) {
    const name = `${CITY[i % CITY.length]}${WORD[(i >> 2) % WORD.length]}${TRADE[(i >> 5) % TRADE.length]}${i}有限公司`;
    insert.run(randomUUID(), name, '张伟', '13800000000', STATUS[i % STATUS.length], now, now);
  }
})();
session.close();
console.log(`${n} clients in ${values.dir}`);
