/**
 * The demo archive: realistic Chinese client organisations, their files and a borrowing
 * history with loans out, returned and overdue, so a newcomer sees the product at work.
 * Deterministic (seeded), and written through the same operations a clerk uses.
 */
import { creditCodeCheckChar } from '../shared/domain/creditCode.js';
import type { Confidentiality, Retention } from '../shared/domain/enums.js';
import type { ArchiveSession } from './archive.js';

const CITIES = [
  { prefix: '北京', division: '110108' },
  { prefix: '上海', division: '310115' },
  { prefix: '广州', division: '440106' },
  { prefix: '深圳', division: '440300' },
  { prefix: '杭州', division: '330106' },
  { prefix: '成都', division: '510107' },
  { prefix: '武汉', division: '420106' },
  { prefix: '南京', division: '320105' },
  { prefix: '西安', division: '610113' },
  { prefix: '天津', division: '120116' },
];
const TRADES = ['建工', '城建', '路桥', '商混', '物业', '置业', '机电', '环保', '水务', '能源', '物流', '医药', '科技', '建材', '电力'];
const SUFFIXES = ['集团有限公司', '有限责任公司', '股份有限公司', '有限公司', '工程有限公司'];
const WORDS = ['宏远', '中诚', '恒信', '华泰', '金桥', '瑞丰', '东方', '长城', '新纪元', '天成', '永安', '鑫源', '博达', '汇通', '嘉禾', '众联'];
const CATEGORIES = ['集团内部', '国有体系', '战略合作', '搅拌站', '中介', '重点工程', '其他'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '建华', '志强', '海燕'];
const BORROWERS = ['销售部 李明', '财务部 王芳', '物业管理部 张伟', '法务部 陈静', '客服中心 刘洋', '工程部 赵磊', '总经理办公室 周敏'];
const PURPOSES = ['合同续签核对', '审计查阅', '催收欠款', '资质年检', '客户投诉处理', '项目投标资料准备'];
const FILE_KINDS: { title: string; confidentiality: Confidentiality; retention: Retention }[] = [
  { title: '客户基本资料', confidentiality: 'normal', retention: '30y' },
  { title: '合同及订单档案', confidentiality: 'restricted', retention: '30y' },
  { title: '权证档案（保险柜）', confidentiality: 'confidential', retention: 'permanent' },
  { title: '回访与投诉处理记录', confidentiality: 'normal', retention: '10y' },
];
const ALPHANUMERIC = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** mulberry32: small, fast, and the same sequence on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoCreditCode(random: () => number, division: string): string {
  let body = `91${division}`;
  while (body.length < 17) body += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length)];
  return body + creditCodeCheckChar(body)!;
}

export interface DemoSize {
  clients: number;
}

export async function fillDemoArchive(session: ArchiveSession, size: DemoSize = { clients: 36 }): Promise<void> {
  const random = seeded(20261124);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const realNow = Date.now();
  const daysAgo = (days: number, hour = 10) => {
    const d = new Date(realNow - days * 86_400_000);
    d.setHours(hour, Math.floor(random() * 60), 0, 0);
    // "Today at 11:00" must not lie in the future when the demo is made in the morning.
    return d.getTime() > realNow ? new Date(realNow - (5 + Math.floor(random() * 90)) * 60_000) : d;
  };
  const usedNames = new Set<string>();
  const lendable: { archiveNo: string }[] = [];

  for (let i = 0; i < size.clients; i++) {
    const city = pick(CITIES);
    let name: string;
    do name = `${city.prefix}${pick(WORDS)}${pick(TRADES)}${pick(SUFFIXES)}`;
    while (usedNames.has(name));
    usedNames.add(name);
    const registeredDaysAgo = 40 + Math.floor(random() * 300);
    const at = session.withClock(() => daysAgo(registeredDaysAgo, 9));
    const client = await at.call('clients.create', {
      name,
      creditCode: demoCreditCode(random, city.division),
      category: pick(CATEGORIES),
      contactPerson: `${pick(SURNAMES)}${pick(GIVEN)}`,
      contactPhone: `1${3 + Math.floor(random() * 6)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    });
    const fileCount = 1 + Math.floor(random() * 3);
    for (let f = 0; f < fileCount; f++) {
      const kind = FILE_KINDS[f % FILE_KINDS.length]!;
      const file = await at.call('files.create', { clientId: client.id, title: `${client.name} ${kind.title}`, confidentiality: kind.confidentiality, retention: kind.retention });
      lendable.push(file);
    }
  }

  // History: returned loans over the last weeks, then a few still out (some overdue).
  for (let i = 0; i < Math.min(24, lendable.length); i++) {
    const file = lendable[Math.floor(random() * lendable.length)]!;
    const start = 8 + Math.floor(random() * 25);
    const lentAt = session.withClock(() => daysAgo(start, 9));
    const detail = await lentAt.call('files.get', { archiveNo: file.archiveNo });
    if (detail.status === 'on_loan') continue;
    await lentAt.call('loans.lend', { archiveNo: file.archiveNo, borrower: pick(BORROWERS), purpose: pick(PURPOSES) });
    await session.withClock(() => daysAgo(start - 1 - Math.floor(random() * 3), 16)).call('loans.return', { archiveNo: file.archiveNo });
  }
  const stillOut = [0, 0, 1, 2, 4, 6];
  for (const [i, days] of stillOut.entries()) {
    const file = lendable[(i * 7 + 3) % lendable.length]!;
    const detail = await session.call('files.get', { archiveNo: file.archiveNo });
    if (detail.status === 'on_loan') continue;
    await session.withClock(() => daysAgo(days, 11)).call('loans.lend', { archiveNo: file.archiveNo, borrower: pick(BORROWERS), purpose: pick(PURPOSES) });
  }
}
