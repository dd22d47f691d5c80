/**
 * The demo archive: realistic Chinese client organisations, their files and a borrowing
 * history with loans out, returned and overdue, so a newcomer sees the product at work.
 * Deterministic (seeded), and written through the same operations a clerk uses.
 */
import { creditCodeCheckChar } from '../shared/domain/creditCode.js';
import type { Confidentiality, Retention } from '../shared/domain/enums.js';
import type { ArchiveSession } from './archive.js';
import type { OpInput } from '../shared/contract.js';
import { localDate } from '../shared/domain/dates.js';

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
// Category values by code; ready-mix concrete companies (商混) are 商混站, and only they.
const CATEGORY_CODES = ['group_internal', 'state_owned', 'strategic', 'key_project', 'intermediary', 'key_project', 'other'];
/** Mobile number prefixes in use (China Mobile, Unicom, Telecom). */
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '177',
  '180',
  '181',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
];
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
// The client register: fields, account managers, classifications.
/** Districts with their administrative division codes (GB/T 2260), which a credit code carries. */
const DISTRICTS: Record<string, [name: string, division: string][]> = {
  北京: [
    ['北京市海淀区', '110108'],
    ['北京市朝阳区', '110105'],
  ],
  上海: [
    ['上海市浦东新区', '310115'],
    ['上海市徐汇区', '310104'],
  ],
  广州: [
    ['广州市天河区', '440106'],
    ['广州市海珠区', '440105'],
  ],
  深圳: [
    ['深圳市南山区', '440305'],
    ['深圳市福田区', '440304'],
  ],
  杭州: [
    ['杭州市西湖区', '330106'],
    ['杭州市滨江区', '330108'],
  ],
  成都: [
    ['成都市武侯区', '510107'],
    ['成都市锦江区', '510104'],
  ],
  武汉: [
    ['武汉市江汉区', '420103'],
    ['武汉市洪山区', '420111'],
  ],
  南京: [
    ['南京市鼓楼区', '320106'],
    ['南京市江宁区', '320115'],
  ],
  西安: [
    ['西安市雁塔区', '610113'],
    ['西安市未央区', '610112'],
  ],
  天津: [
    ['天津市滨海新区', '120116'],
    ['天津市和平区', '120101'],
  ],
};
const ROADS = ['人民路', '建设大道', '解放路', '中山路', '科技园路', '长江路', '和平街', '新华路', '光明大道', '金融街'];
const NATURES = ['国有企业', '国有企业', '民营企业', '民营企业', '有限责任公司', '股份有限公司', '外商投资企业', '集体企业'];
const SUPERVISORS = ['市国资委', '区住建局', '集团总部', '市交通运输局'];
const CREDIT_STATUS = ['良好', '良好', '良好', '一般', '较差（有逾期欠款）'];
const ACCOUNT_MANAGERS = ['销售部 张伟', '销售部 李娜', '市场部 王磊', '销售部 孙丽', '客户服务部 马超'];
const POSITIONS = ['行政主管', '办公室主任', '财务经理', '项目经理', '采购专员', '副总经理'];

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

/** GB 11714 organisation code check character over eight characters (digits, then A=10 … Z=35). */
export function organisationCodeCheck(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i]!;
    sum += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * weights[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A credit code in today's form: 9 (market regulation) 1 (enterprise), the division code of the
 * district, an organisation code with its own GB 11714 check character, the GB 32100 check
 * character. With `digitsOnly`, every character is a digit (the codes spreadsheets turn into numbers).
 */
export function demoCreditCode(random: () => number, division: string, digitsOnly = false): string {
  const alphabet = digitsOnly ? '0123456789' : ALPHANUMERIC.replace(/[IOZSV]/g, '');
  let org = '';
  while (org.length < 8) org += alphabet[Math.floor(random() * alphabet.length)];
  const make = (o: string) => {
    const body = `91${division}${o}${organisationCodeCheck(o)}`;
    return body + creditCodeCheckChar(body)!;
  };
  if (!digitsOnly) return make(org);
  // Digit-only: the last organisation-code digit is chosen so both check characters are digits too.
  for (let d = 0; d < 10; d++) {
    const code = make(org.slice(0, 7) + String((Number(org[7]) + d) % 10));
    if (/^\d{18}$/.test(code)) return code;
  }
  return make(org);
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
  const lendable: { archiveNo: string; clientId: string; title: string }[] = [];
  // Register fields come from their own sequence, so the names and loans above stay as they were.
  const r2 = seeded(20260315);
  const pick2 = <T>(list: readonly T[]): T => list[Math.floor(r2() * list.length)]!;
  const person = () => `${pick2(SURNAMES)}${pick2(GIVEN)}`;
  const phone = () => `${pick2(MOBILE_PREFIXES)}${String(Math.floor(r2() * 1e8)).padStart(8, '0')}`;
  const registered: { id: string; days: number; graded: boolean }[] = [];

  for (let i = 0; i < size.clients; i++) {
    const city = pick(CITIES);
    let name: string;
    do name = `${city.prefix}${pick(WORDS)}${pick(TRADES)}${pick(SUFFIXES)}`;
    while (usedNames.has(name));
    usedNames.add(name);
    const registeredDaysAgo = 40 + Math.floor(random() * 300);
    const at = session.withClock(() => daysAgo(registeredDaysAgo, 9));
    // The district decides the credit code's division code; one client in five has a digit-only code.
    const roll = random();
    const districts = DISTRICTS[city.prefix] ?? [[city.prefix, city.division]];
    const [district, division] = districts[Math.floor(roll * 10) % districts.length]!;
    const creditCode = demoCreditCode(random, division, roll < 0.2);
    const drawn = pick(CATEGORY_CODES);
    const categoryCode = name.includes('商混') ? 'ready_mix' : drawn;
    const client = await at.call('clients.create', {
      name,
      creditCode,
      contactPerson: `${pick(SURNAMES)}${pick(GIVEN)}`,
      contactPhone: `${MOBILE_PREFIXES[Math.floor(random() * MOBILE_PREFIXES.length)]}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      ...(() => {
        // A legal form as nature must be the one the name carries (a 股份有限公司 is not a 有限责任公司).
        const picked = pick2(NATURES);
        const form = name.endsWith('股份有限公司') ? '股份有限公司' : '有限责任公司';
        const nature = picked === '有限责任公司' || picked === '股份有限公司' ? form : picked;
        const graded = r2() < 0.85;
        void r2(); // the district is chosen above; keeps the sequence of later values
        return {
          shortName: name.slice(city.prefix.length, city.prefix.length + 4),
          enterpriseNature: nature,
          supervisingUnit: nature === '国有企业' ? `${city.prefix}${pick2(SUPERVISORS)}` : undefined,
          address: `${district}${pick2(ROADS)}${1 + Math.floor(r2() * 300)}号`,
          legalRepresentative: person(),
          creditStatus: pick2(CREDIT_STATUS),
          accountManager: pick2(ACCOUNT_MANAGERS),
          status: i % 9 === 4 ? ('prospect' as const) : ('active' as const),
          classifications: {
            category: categoryCode,
            ...(graded ? { grade: pick2(['A', 'B', 'B', 'C', 'C', 'D']) } : {}),
            volume: pick2(['large', 'medium', 'medium', 'small']),
            settlement: pick2(['cash', 'revolving', 'monthly', 'monthly']),
            quality: pick2(['premium', 'general']),
            risk: pick2(['low', 'low', 'medium', 'high']),
            type: i % 9 === 4 ? 'potential' : pick2(['target', 'general', 'general', 'key']),
          },
          emergencyContact: r2() < 0.5 ? { name: person(), phone: phone(), position: pick2(POSITIONS) } : undefined,
        };
      })(),
    });
    registered.push({ id: client.id, days: registeredDaysAgo, graded: Object.keys(client.classifications).includes('grade') });
    const fileCount = 1 + Math.floor(random() * 3);
    let main: { archiveNo: string } | undefined;
    for (let f = 0; f < fileCount; f++) {
      const kind = FILE_KINDS[f % FILE_KINDS.length]!;
      const fields = { title: `${client.name} ${kind.title}`, confidentiality: kind.confidentiality, retention: kind.retention };
      // Certificates kept in the safe share the main file's number (KH-2026-0007-1).
      const file =
        main && kind.title.startsWith('权证')
          ? await at.call('files.addVolume', { ...fields, archiveNo: main.archiveNo, fileTypeCode: 'certificates' })
          : await at.call('files.create', { ...fields, clientId: client.id });
      main ??= file;
      lendable.push(file);
      await fillDemoContents(at, file, kind.title, i * 10 + f, new Date(realNow - registeredDaysAgo * 86_400_000));
    }
  }

  // Borrowers are people of the register; the demo's loans were approved on paper the day they were made.
  const staff = await fillDemoPeople(session);
  const staffNo = (label: string) => staff.get(label)!;
  const signed = (days: number) => ({ signedBy: '赵经理', signedOn: localDate(new Date(realNow - days * 86_400_000)) });
  // History: returned loans over the last weeks, then a few still out (some overdue).
  for (let i = 0; i < Math.min(24, lendable.length); i++) {
    const file = lendable[Math.floor(random() * lendable.length)]!;
    const start = 8 + Math.floor(random() * 25);
    const lentAt = session.withClock(() => daysAgo(start, 9));
    const detail = await lentAt.call('files.get', { archiveNo: file.archiveNo });
    if (detail.status === 'on_loan') continue;
    await lentAt.call('loans.lend', { archiveNo: file.archiveNo, borrower: staffNo(pick(BORROWERS)), paperApproval: signed(start), purpose: pick(PURPOSES) });
    await session.withClock(() => daysAgo(start - 1 - Math.floor(random() * 3), 16)).call('loans.return', { archiveNo: file.archiveNo });
  }
  const stillOut = [0, 0, 1, 2, 4, 6];
  for (const [i, days] of stillOut.entries()) {
    const file = lendable[(i * 7 + 3) % lendable.length]!;
    const detail = await session.call('files.get', { archiveNo: file.archiveNo });
    if (detail.status === 'on_loan') continue;
    await session
      .withClock(() => daysAgo(days, 11))
      .call('loans.lend', { archiveNo: file.archiveNo, borrower: staffNo(pick(BORROWERS)), paperApproval: signed(days), purpose: pick(PURPOSES) });
  }

  await fillDemoRegister(session, registered, r2, person, phone);
  await fillDemoStorage(session, lendable, daysAgo);
}

/**
 * Departments (the borrowers' and the account managers') and their staff: every borrower with a
 * staff number (GH-001 …) and a card number, every account manager too, so files belong to their
 * account manager's department. Returns the staff number of each borrower label.
 */
async function fillDemoPeople(session: ArchiveSession): Promise<Map<string, string>> {
  const labels = [...new Set([...BORROWERS, ...ACCOUNT_MANAGERS])];
  for (const department of new Set(labels.map((l) => l.split(' ')[0]!))) await session.call('departments.add', { name: department });
  const staff = new Map<string, string>();
  for (const [i, label] of labels.entries()) {
    const [department, name] = label.split(' ') as [string, string];
    const no = `GH-${String(i + 1).padStart(3, '0')}`;
    await session.call('people.add', { kind: 'staff', name, department, staffNo: no, cardNo: `00080${String(1001 + i)}` });
    staff.set(label, no);
  }
  await session.call('people.add', { kind: 'outside', name: '孙律师', organisation: '北京市天元律师事务所', idNo: '110105198001011234', letterNo: 'JS-2026-018' });
  return staff;
}

/** Register history: grades evaluated, quarterly verifications, a contact replaced, one client terminated (退租). */
async function fillDemoRegister(
  session: ArchiveSession,
  clients: readonly { id: string; days: number; graded: boolean }[],
  r2: () => number,
  person: () => string,
  phone: () => string,
): Promise<void> {
  const now = Date.now();
  const ago = (days: number) => {
    const d = new Date(now - days * 86_400_000);
    d.setHours(10, 30, 0, 0);
    return d.getTime() > now ? new Date(now - 60_000) : d;
  };
  for (const [i, c] of clients.entries()) {
    if (c.graded && c.days > 200) {
      await session.withClock(() => ago(c.days - 185)).call('clients.update', { id: c.id, gradeEvaluated: true, reason: '新客户半年期满，正式评定等级' });
    }
    // Most clients were re-verified within the last quarter; some are due.
    if (i % 4 !== 3) {
      const verifiedAt = ago(5 + Math.floor(r2() * 80));
      await session.withClock(() => new Date(verifiedAt)).call('clients.verify', { id: c.id, remarks: '季度复核，信息无变化' });
    }
  }
  for (const c of clients.slice(1, 3)) {
    await session.withClock(() => ago(15)).call('clients.update', { id: c.id, dailyContact: { name: person(), phone: phone(), position: '办公室主任' }, reason: '原联系人离职' });
  }
  const leaving = clients[clients.length - 1];
  if (leaving) {
    await session.withClock(() => ago(12)).call('clients.setStatus', { id: leaving.id, status: 'terminated', terminationKind: 'withdrawn', reason: '租赁合同到期，客户退租' });
  }
}

/**
 * Storage and handovers: 一号库房 with cabinets A–C (shelves, boxes) and the safe (保险柜) for
 * certificates, a room for terminated clients' files; files shelved in index order, the newest
 * few not shelved yet; a handover register with on-time and late handovers, some incomplete.
 */
async function fillDemoStorage(
  session: ArchiveSession,
  files: readonly { archiveNo: string; clientId: string; title: string }[],
  daysAgo: (days: number, hour?: number) => Date,
): Promise<void> {
  const random = seeded(20260601);
  const at = session.withClock(() => daysAgo(38, 9));
  const save = (input: OpInput<'locations.save'>) => at.call('locations.save', input);
  const room = await save({ kind: 'room', code: '1', name: '一号库房' });
  const boxes: string[] = [];
  for (const letter of ['A', 'B', 'C']) {
    const cabinet = await save({ kind: 'cabinet', parentId: room.id, code: letter, name: `${letter}柜` });
    for (let s = 1; s <= 3; s++) {
      const shelf = await save({ kind: 'shelf', parentId: cabinet.id, code: String(s), name: `${s}架` });
      for (let b = 1; b <= 3; b++) boxes.push((await save({ kind: 'box', parentId: shelf.id, code: String(b), name: `${b}盒`, capacity: 8 })).id);
    }
  }
  const safe = await save({ kind: 'cabinet', parentId: room.id, code: 'S', name: '保险柜' });
  const safeShelves = [
    await save({ kind: 'shelf', parentId: safe.id, code: '1', name: '上层', capacity: 20 }),
    await save({ kind: 'shelf', parentId: safe.id, code: '2', name: '下层', capacity: 20 }),
  ];
  const apart = await save({ kind: 'room', code: '2', name: '二号库房（终止客户档案）' });
  const apartCabinet = await save({ kind: 'cabinet', parentId: apart.id, code: 'Z', name: '装订柜' });
  await save({ kind: 'shelf', parentId: apartCabinet.id, code: '1', name: '1架' });

  // Index order, left to right and top to bottom: three files to a box, certificates in the safe.
  const toShelve = files.slice(0, Math.max(0, files.length - 3));
  let box = 0;
  let inBox = 0;
  let safeCount = 0;
  for (const file of toShelve) {
    let locationId: string;
    if (file.title.includes('权证')) locationId = safeShelves[safeCount++ % safeShelves.length]!.id;
    else {
      if (inBox === 3) {
        box = (box + 1) % boxes.length;
        inBox = 0;
      }
      inBox++;
      locationId = boxes[box]!;
    }
    await at.call('files.move', { archiveNo: file.archiveNo, locationId, reason: '首次上架' });
  }
  // A few later moves, with their reasons.
  const reasons = ['原盒受潮，倒盒', '按客户等级调整排架', '合并同一客户卷盒'];
  for (let i = 0; i < 3 && toShelve.length > 10; i++) {
    const file = toShelve[(i * 5 + 2) % toShelve.length]!;
    if (file.title.includes('权证')) continue;
    await session.withClock(() => daysAgo(12 - i * 3, 15)).call('files.move', { archiveNo: file.archiveNo, locationId: boxes[boxes.length - 1 - i]!, reason: reasons[i]! });
  }

  // The handover register (移交签收簿) of the last weeks.
  const HANDOVERS: { department: string; eventKind: string; person: string; ago: number; after: number; items: string[]; missing: string[] }[] = [
    { department: '销售部', eventKind: 'sale', person: '销售顾问 李明', ago: 30, after: 1, items: ['购销合同', '营业执照复印件', '开票资料'], missing: [] },
    { department: '销售部', eventKind: 'sale', person: '销售顾问 王芳', ago: 26, after: 2, items: ['购销合同', '法定代表人身份证复印件'], missing: ['银行开户许可证'] },
    { department: '销售部', eventKind: 'sale', person: '销售顾问 张伟', ago: 21, after: 9, items: ['购销合同', '订单', '付款凭证'], missing: [] },
    { department: '销售部', eventKind: 'sale', person: '销售顾问 李明', ago: 14, after: 1, items: ['补充协议', '付款凭证'], missing: [] },
    { department: '售后服务部', eventKind: 'service', person: '服务顾问 陈静', ago: 24, after: 0, items: ['维修工单', '客户签字确认单'], missing: [] },
    { department: '售后服务部', eventKind: 'service', person: '服务顾问 刘洋', ago: 17, after: 6, items: ['维修工单'], missing: ['客户签字确认单'] },
    { department: '售后服务部', eventKind: 'service', person: '服务顾问 陈静', ago: 9, after: 1, items: ['维修工单', '回访记录'], missing: [] },
    {
      department: '市场推广部',
      eventKind: 'new_client',
      person: '客户经理 赵磊',
      ago: 28,
      after: 4,
      items: ['客户基本信息表', '营业执照复印件', '税务登记证复印件'],
      missing: ['组织机构代码证', '一般纳税人资格证明'],
    },
    { department: '市场推广部', eventKind: 'new_client', person: '客户经理 周敏', ago: 19, after: 12, items: ['客户基本信息表'], missing: ['营业执照复印件'] },
    {
      department: '市场推广部',
      eventKind: 'new_client',
      person: '客户经理 赵磊',
      ago: 7,
      after: 3,
      items: ['客户基本信息表', '营业执照复印件', '开户许可证复印件', '开票资料'],
      missing: [],
    },
  ];
  for (const [i, h] of HANDOVERS.entries()) {
    const file = files[Math.floor(random() * files.length)]!;
    const receivedAgo = Math.max(0, h.ago - h.after);
    const eventDate = localDate(daysAgo(h.ago, 10));
    const receivedDate = localDate(daysAgo(receivedAgo, 10));
    await session
      .withClock(() => daysAgo(receivedAgo, 16))
      .call('handovers.register', {
        department: h.department,
        eventKind: h.eventKind,
        eventDate,
        receivedDate,
        handedOverBy: h.person,
        handedOverAt: daysAgo(receivedAgo, 15).toISOString(),
        ...(i % 3 === 0 ? { clientId: file.clientId } : { archiveNo: file.archiveNo }),
        items: h.items,
        missing: h.missing,
        remarks: h.missing.length ? '缺件已登记，待业务部门补交' : '',
      });
  }
}

/**
 * Contents lists (卷内目录), deterministic per file: the basic file holds the client's
 * qualification papers (some missing, so some files show as incomplete), the contract file
 * contracts, orders and payments, the certificates volume its originals, sealed. Some basic
 * files are sealed too, one of them with a correction.
 */
const PROVINCE_ABBR: Record<string, string> = { 北京: '京', 上海: '沪', 广州: '粤', 深圳: '粤', 杭州: '浙', 成都: '川', 武汉: '鄂', 南京: '苏', 西安: '陕', 天津: '津' };

async function fillDemoContents(session: ArchiveSession, file: { archiveNo: string; clientName: string }, kind: string, n: number, registered: Date): Promise<void> {
  const random = seeded(20260305 + n * 7919);
  // A date some days before registration (negative: after it), never in the future.
  const before = (minDays: number, maxDays: number) =>
    localDate(new Date(Math.min(Date.now(), registered.getTime() - (minDays + Math.floor(random() * (maxDays - minDays + 1))) * 86_400_000)));
  const no = (width: number) => String(1 + Math.floor(random() * (10 ** width - 1))).padStart(width, '0');
  const client = file.clientName;
  const city = client.slice(0, 2);
  const year = registered.getFullYear();
  const contractNo = `(${year})第${no(3)}号`;
  type Entry = OpInput<'items.add'>;
  const entries: Omit<Entry, 'archiveNo'>[] = [];
  if (kind.startsWith('客户基本资料')) {
    const checklist: Omit<Entry, 'archiveNo'>[] = [
      { title: '营业执照副本（复印件）', docKind: 'business_licence', responsibleParty: `${city}市市场监督管理局`, date: before(200, 2000), pageCount: 1 },
      { title: '税务登记证副本（复印件）', docKind: 'tax_registration', responsibleParty: `国家税务总局${city}市税务局`, date: before(200, 2000), pageCount: 1 },
      { title: '组织机构代码证（复印件）', docKind: 'organisation_code', responsibleParty: `${city}市质量技术监督局`, date: before(200, 2000), pageCount: 1 },
      { title: '银行开户许可证（复印件）', docKind: 'bank_account_licence', docNo: `核准号：J${no(13)}`, responsibleParty: '中国人民银行', date: before(100, 1500), pageCount: 1 },
      { title: '一般纳税人资格登记表', docKind: 'vat_taxpayer', responsibleParty: `国家税务总局${city}市税务局`, date: before(60, 900), pageCount: 2 },
      { title: '开票资料', docKind: 'invoicing_details', responsibleParty: client, date: before(5, 30), pageCount: 1 },
      random() < 0.7
        ? { title: '法定代表人身份证复印件', docKind: 'legal_rep_id', responsibleParty: client, date: before(5, 30), pageCount: 2 }
        : { title: '法定代表人授权委托书', docKind: 'legal_rep_id', responsibleParty: client, date: before(5, 30), pageCount: 1 },
      { title: `购销合同 ${contractNo}`, docKind: 'contract', docNo: contractNo, responsibleParty: client, date: before(0, 10), pageCount: 6 + Math.floor(random() * 8) },
    ];
    // About four files in ten still wait for one or two papers.
    const drop = random() < 0.4 ? 1 + Math.floor(random() * 2) : 0;
    for (let d = 0; d < drop; d++) checklist.splice(Math.floor(random() * checklist.length), 1);
    entries.push({ title: '客户信息登记表', responsibleParty: '市场推广部', date: before(0, 5), pageCount: 2 }, ...checklist);
  } else if (kind.startsWith('合同')) {
    entries.push(
      { title: `购销合同 ${contractNo}`, docKind: 'contract', docNo: contractNo, responsibleParty: client, date: before(0, 5), pageCount: 8 + Math.floor(random() * 6) },
      { title: '补充协议（价格调整）', docKind: 'contract', docNo: `${contractNo}-补1`, responsibleParty: client, date: before(-60, -20), pageCount: 2 },
      { title: '采购订单', docNo: `DD${year}${no(5)}`, responsibleParty: client, date: before(-90, -61), pageCount: 1 },
      { title: '付款凭证（银行回单）', responsibleParty: '财务部', date: before(-120, -91), pageCount: 1 },
      { title: '对账单', responsibleParty: '财务部', date: before(-150, -121), pageCount: 3 },
    );
  } else if (kind.startsWith('权证')) {
    entries.push(
      { title: '营业执照正本', responsibleParty: `${city}市市场监督管理局`, date: before(300, 2000), pageCount: 1 },
      { title: '开户许可证原件', docNo: `核准号：J${no(13)}`, responsibleParty: '中国人民银行', date: before(100, 1500), pageCount: 1 },
      {
        title: '不动产权证书',
        docNo: `${PROVINCE_ABBR[city] ?? ''}(${year - 3})${city}不动产权第${no(7)}号`,
        responsibleParty: `${city}市规划和自然资源局`,
        date: before(400, 1500),
        pageCount: 4,
      },
      { title: '公章印鉴卡', responsibleParty: client, date: before(0, 20), pageCount: 1 },
    );
  } else {
    entries.push(
      { title: '客户回访记录表', responsibleParty: '客服中心', date: before(-40, -10), pageCount: 1 },
      { title: '客户投诉处理单', docNo: `TS${year}${no(4)}`, responsibleParty: '客服中心', date: before(-80, -41), pageCount: 2 },
      { title: '客户满意度调查表', responsibleParty: '客服中心', date: before(-120, -81), pageCount: 2 },
    );
  }
  const { items } = await session.call('items.addMany', { archiveNo: file.archiveNo, items: entries });
  // Certificates are originals: sealed at once. Every third basic file is sealed as well.
  const seal = kind.startsWith('权证') || (kind.startsWith('客户基本资料') && n % 3 === 0);
  if (!seal || items.length === 0) return;
  await session.call('items.seal', { archiveNo: file.archiveNo });
  if (n % 9 === 0) {
    const target = items[items.length - 1]!;
    await session.call('items.correct', { itemId: target.id, changes: { pageCount: target.pageCount + 1 }, reason: '原登记页数有误（漏计附件页），经核对原件更正' });
  }
}
