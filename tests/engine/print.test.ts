/**
 * Printed forms read back as a person would: the text of each PDF (Chinese included) through
 * pdftotext, page sizes through pdfinfo, fonts through pdffonts; a long catalog repeats its
 * header on every page and never splits a row; a low-clearance user prints nothing above
 * their clearance, counts and totals included; prints are audited.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import type { PrintFile } from '../../shared/ops/print.js';
import { ADMIN, expectDossierError, newArchive, tempDir, testClock, TEST_KDF, validCreditCode, personFor, SIGNED } from '../helpers.js';

function save(file: PrintFile): string {
  const out = path.join(tempDir(), 'print.pdf');
  writeFileSync(out, Buffer.from(file.contentBase64, 'base64'));
  // PRINT_DUMP=dir keeps every PDF for a look (pdftoppm) after the run.
  if (process.env.PRINT_DUMP) writeFileSync(path.join(process.env.PRINT_DUMP, file.fileName), Buffer.from(file.contentBase64, 'base64'));
  return out;
}

/** The text of each page (pdftotext separates pages with a form feed). */
export function pageTexts(pdf: string, layout = false): string[] {
  const run = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), pdf, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.split('\f').slice(0, -1);
}

export function pdfInfo(pdf: string): { pages: number; size: string } {
  const out = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)![1]), size: /Page size:\s+(.+)/.exec(out)![1]!.trim() };
}

const flat = (s: string) => s.replace(/\s+/g, '');

async function seeded(clock = testClock('2026-03-10T09:00:00')) {
  const { session, dir } = await newArchive({ clock });
  const client = await session.call('clients.create', {
    name: '北京宏远建工集团有限公司',
    creditCode: validCreditCode('91110108MA01A1B2C'),
    contactPerson: '张伟',
    contactPhone: '010-65880000',
    address: '北京市朝阳区建国路 88 号',
  });
  const other = await session.call('clients.create', { name: '陕西秦岭水泥有限公司', contactPerson: '李娜' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料', retention: 'permanent', remarks: '原件存保险柜' });
  await session.call('items.add', {
    archiveNo: file.archiveNo,
    title: '营业执照副本',
    docNo: '京工商〔2026〕12号',
    responsibleParty: '北京市市场监督管理局',
    date: '2026-01-05',
    pageCount: 2,
  });
  await session.call('items.add', {
    archiveNo: file.archiveNo,
    title: '战略合作框架协议',
    docNo: 'HY-HT-2026-003',
    responsibleParty: '北京宏远建工集团有限公司',
    date: '2026-02-20',
    pageCount: 5,
  });
  const secret = await session.call('files.create', { clientId: client.id, title: '并购谈判底稿', confidentiality: 'top_secret' });
  await session.call('items.add', { archiveNo: secret.archiveNo, title: '收购协议草案', pageCount: 40 });
  const plain = await session.call('files.create', { clientId: other.id, title: '合同', retention: '10y' });
  return { session, dir, clock, client, other, file, secret, plain };
}

describe('printed forms', () => {
  it('案卷目录: A4 landscape, embedded subset fonts, the columns of GB/T 9705, totals and 第 x 页 共 y 页', async () => {
    const { session, file, secret } = await seeded();
    const out = await session.call('print.catalog', {});
    expect(out.mimeType).toBe('application/pdf');
    expect(out.fileName).toBe('案卷目录-2026-03-10.pdf');
    expect(out.rows).toBe(3);
    expect(out.pageSize).toEqual({ widthMm: 297, heightMm: 210 });
    const pdf = save(out);
    expect(pdfInfo(pdf)).toMatchObject({ pages: 1, size: '841.89 x 595.276 pts (A4)' });
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
    expect(fonts).toMatch(/\+NotoSerifSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const [page] = pageTexts(pdf, true);
    const text = flat(page!);
    expect(text).toContain('案卷目录');
    for (const header of ['序号', '档号', '案卷题名', '起止日期', '件数', '页数', '保管期限', '密级', '备注']) expect(text).toContain(header);
    // The header row in the standard's order.
    expect(page!.indexOf('档号')).toBeLessThan(page!.indexOf('案卷题名'));
    expect(page!.indexOf('保管期限')).toBeLessThan(page!.indexOf('密级'));
    expect(text).toContain(file.archiveNo);
    expect(text).toContain('北京宏远建工集团有限公司客户基本资料');
    expect(text).toContain('档案馆（室）：测试档案室');
    expect(text).toContain('打印人：管理员');
    expect(text).toContain('打印时间：2026-03-1009:00');
    // A 绝密 file carries its mark in 备注 (the seeds: 检索工具备注栏写上“绝密”字样).
    expect(page).toMatch(new RegExp(`${secret.archiveNo}.*绝密.*绝密`));
    expect(text).toContain('共3卷');
    // 合计: 3 files, 3 items, 47 pages.
    expect(page).toMatch(/合计\s+共 ?3 ?卷\s+3\s+47/);
    expect(text).toContain('第1页共1页');
  });

  it('a 500-file catalog repeats its header on every page, splits no row, and counts its pages', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', { name: '客户甲' });
    for (let i = 1; i <= 500; i++) {
      const long = i % 9 === 0 ? '合同、订单及付款记录、保证金、欠款与违约记录、回访记录、投诉记录及其处理结果、满意度调查与往来函件汇编' : '资料';
      await session.call('files.create', { clientId: client.id, title: `第${i}号${long}终${i}止` });
    }
    const out = await session.call('print.catalog', {});
    const pdf = save(out);
    const pages = pageTexts(pdf);
    expect(pages.length).toBe(pdfInfo(pdf).pages);
    expect(out.pages).toBe(pages.length);
    expect(pages.length).toBeGreaterThan(20);
    const numbers = [...flat(pages.join('')).matchAll(/KH-\d{4}-\d{4}/g)].map((m) => m[0]);
    expect(new Set(numbers).size).toBe(500);
    pages.forEach((page, index) => {
      const text = flat(page);
      for (const header of ['序号', '档号', '案卷题名', '起止日期', '件数', '页数', '保管期限', '密级', '备注']) expect(text, `page ${index + 1}: ${header}`).toContain(header);
      expect(text).toContain(`第${index + 1}页共${pages.length}页`);
      if (index > 0) expect(text).toContain('案卷目录（续）');
    });
    // Every row whole on one page: its number, the start and the end of its (wrapped) title.
    for (let i = 1; i <= 500; i++) {
      const holding = pages.filter((p) => flat(p).includes(`第${i}号`) && flat(p).includes(`终${i}止`));
      expect(holding.length, `row ${i}`).toBe(1);
    }
    expect(flat(pages.at(-1)!)).toContain('共500卷');
  }, 120_000);

  it('卷内目录, 案卷封面 and 卷内备考表 of a file: A4 portrait, with the file’s title block', async () => {
    const { session, file } = await seeded();
    const contents = await session.call('print.contents', { archiveNos: [file.archiveNo] });
    const pdf = save(contents);
    expect(pdfInfo(pdf).size).toBe('595.276 x 841.89 pts (A4)');
    const page = pageTexts(pdf, true)[0]!;
    const text = flat(page);
    for (const header of ['序号', '文号', '责任者', '题名', '日期', '页号', '备注']) expect(text).toContain(header);
    expect(text).toContain(`档号：${file.archiveNo}`);
    // Long values wrap inside their cells: both lines are there, in the row of their item.
    expect(page).toMatch(/京工商\s+北京市市场监\S*\s+1\s+营业执照副本/);
    expect(text).toContain('〔2026〕12号');
    expect(text).toContain('管理局');
    expect(text).toContain('营业执照副本');
    expect(page).toMatch(/营业执照副本\s+2026-01-05\s+1-2/);
    expect(page).toMatch(/战略合作框架协议\s+2026-02-20\s+3-7/);
    expect(text).toContain('共2件');
    expect(text).toContain('共7页');

    const cover = flat(pageTexts(save(await session.call('print.cover', { archiveNos: [file.archiveNo] })))[0]!);
    for (const s of [
      '测试档案室',
      '案卷',
      file.archiveNo,
      '案卷题名',
      '北京宏远建工集团有限公司客户基本资料',
      '起止时间',
      '2026-01-05至2026-02-20',
      '保管期限',
      '永久',
      '密级',
      '普通',
      '2件',
      '7页',
    ])
      expect(cover).toContain(s);

    const note = flat(pageTexts(save(await session.call('print.noteSheet', { archiveNos: [file.archiveNo], checkedBy: '王检查' })))[0]!);
    for (const s of ['卷内备考表', '本卷情况说明', '本卷共有文件材料2件，共7页。', '原件存保险柜', '立卷人：管理员', '检查人：王检查', '立卷时间：2026-03-10', file.archiveNo])
      expect(note).toContain(s);
  });

  it('客户信息一览表 prints the columns the user picked, in their order, with the count', async () => {
    const { session } = await seeded();
    const out = await session.call('print.roster', { columns: ['name', 'contactPerson', 'contactPhone', 'fileCount'] });
    const page = pageTexts(save(out), true)[0]!;
    const text = flat(page);
    expect(text).toContain('客户信息一览表');
    expect(text).toMatch(/序号客户名称联系人联系电话档案数/);
    expect(text).not.toContain('统一社会信用代码');
    expect(page).toMatch(/北京宏远建工集团有限公司\s+张伟\s+010-65880000\s+2/);
    expect(text).toContain('共2户');
    expect(out.pageSize).toEqual({ widthMm: 210, heightMm: 297 });
  });

  it('借阅登记簿 for a period, 逾期未还档案清单 and 催还单 from the loans', async () => {
    const clock = testClock('2026-03-02T09:00:00');
    const { session, file, plain } = await seeded(clock);
    await session.call('loans.lend', { archiveNo: file.archiveNo, borrower: await personFor(session, '销售部 李明'), paperApproval: SIGNED, purpose: '合同核对' });
    await session.call('loans.lend', { archiveNo: plain.archiveNo, borrower: await personFor(session, '财务部 王芳'), paperApproval: SIGNED, purpose: '对账' });
    clock.set('2026-03-03T10:00:00');
    await session.call('loans.return', { archiveNo: plain.archiveNo });
    clock.set('2026-03-10T09:00:00');
    const register = flat(pageTexts(save(await session.call('print.register', { from: '2026-03-01', to: '2026-03-31' })))[0]!);
    for (const s of [
      '借阅登记簿',
      '期间：2026-03-01至2026-03-31',
      '借出日期',
      '档号',
      '档案名称',
      '借阅人',
      '借阅事由',
      '应还日期',
      '归还日期',
      '借阅人签字',
      '销售部李明',
      '合同核对',
      '已注销',
      '逾期5天',
      '借出2卷次',
    ])
      expect(register).toContain(s);
    await expectDossierError(session.call('print.register', { from: '2026-04-01', to: '2026-03-01' }), 'print.badPeriod');

    const overdue = flat(pageTexts(save(await session.call('print.overdue', {})))[0]!);
    expect(overdue).toContain('逾期未还档案清单');
    expect(overdue).toContain(file.archiveNo);
    expect(overdue).not.toContain(plain.archiveNo);
    expect(overdue).toContain('共1卷');

    const slips = await session.call('print.reminders', {});
    expect(slips.rows).toBe(1);
    const slip = flat(pageTexts(save(slips))[0]!);
    expect(slip).toContain('档案催还单');
    expect(slip).toContain(`销售部李明：您于2026-03-02借阅的档案${file.archiveNo}《客户基本资料》应于2026-03-05归还，现已逾期5天。`);
  });

  it('移交登记簿 from the handover register', async () => {
    const { session, client, file } = await seeded();
    const kinds = await session.call('handovers.kinds', {});
    await session.call('handovers.register', {
      department: '销售部',
      eventKind: kinds[0]!.code,
      eventDate: '2026-03-05',
      handedOverBy: '赵销售',
      clientId: client.id,
      archiveNo: file.archiveNo,
      items: ['营业执照副本'],
      missing: ['开户许可证'],
    });
    const text = flat(pageTexts(save(await session.call('print.handovers', { from: '2026-03-01', to: '2026-03-31' })))[0]!);
    for (const s of ['移交登记簿', '接收日期', '移交部门', '移交材料', '缺少材料', '移交人', '接收人', '销售部', '赵销售', '营业执照副本', '开户许可证', file.archiveNo, '1次'])
      expect(text).toContain(s);
  });

  it('the yearly catalog of terminated clients’ files lists only theirs, with the location', async () => {
    const { session, other, plain, file } = await seeded();
    await session.call('clients.setStatus', { id: other.id, status: 'active' }).catch(() => undefined);
    await session.call('clients.setStatus', { id: other.id, status: 'terminated', terminationKind: 'withdrawn', terminatedOn: '2026-03-01', reason: '退租' });
    const out = await session.call('print.terminated', { year: 2026 });
    const text = flat(pageTexts(save(out))[0]!);
    expect(text).toContain('2026年度终止客户档案目录');
    expect(text).toContain('存放位置');
    expect(text).toContain(plain.archiveNo);
    expect(text).not.toContain(file.archiveNo);
    expect(out.rows).toBe(1);
  });
});

describe('clearance and audit of prints', () => {
  async function lowUser(session: ArchiveSession, dir: string, clock: () => Date) {
    await session.call('users.create', { username: 'reader1', displayName: '普通查阅人', password: 'reader password 1', role: 'clerk', clearance: 'normal' });
    return openArchive(dir, 'reader1', 'reader password 1', { kdfCost: TEST_KDF, clock });
  }

  it('a user never prints what they may not see: rows, counts and totals', async () => {
    const { session, dir, clock, secret, file, client } = await seeded();
    await session.call('loans.lend', { archiveNo: secret.archiveNo, borrower: await personFor(session, '总经理 秘书'), paperApproval: SIGNED });
    clock.set('2026-03-20T09:00:00');
    const low = await lowUser(session, dir, clock);
    try {
      const catalog = await low.call('print.catalog', {});
      expect(catalog.rows).toBe(2);
      const text = flat(pageTexts(save(catalog)).join(''));
      expect(text).not.toContain(secret.archiveNo);
      expect(text).not.toContain('并购谈判底稿');
      expect(text).not.toContain('绝密');
      expect(text).toContain('共2卷');
      // Totals only over visible files: 7 pages, not 47.
      expect(pageTexts(save(catalog), true)[0]).toMatch(/合计\s+共 ?2 ?卷\s+2\s+7/);
      await expectDossierError(low.call('print.contents', { archiveNos: [file.archiveNo, secret.archiveNo] }), 'file.notFound');
      await expectDossierError(low.call('print.cover', { archiveNos: [secret.archiveNo] }), 'file.notFound');
      const overdue = flat(pageTexts(save(await low.call('print.overdue', {})))[0]!);
      expect(overdue).not.toContain(secret.archiveNo);
      expect(overdue).toContain('无逾期未还的档案');
      const roster = pageTexts(save(await low.call('print.roster', { columns: ['name', 'fileCount'], clientId: client.id })), true)[0]!;
      expect(roster).toMatch(/北京宏远建工集团有限公司\s+1/);
      const register = flat(pageTexts(save(await low.call('print.register', { from: '2026-03-01', to: '2026-03-31' })))[0]!);
      expect(register).not.toContain('总经理秘书');
    } finally {
      low.close();
    }
  });

  it('every print is audited in its transaction; a print holding 绝密 material says so', async () => {
    const { session, secret, file } = await seeded();
    await session.call('print.contents', { archiveNos: [secret.archiveNo] });
    await session.call('print.cover', { archiveNos: [file.archiveNo] });
    const log = await session.call('audit.list', { limit: 5 });
    const [cover, contents] = log;
    expect(cover).toMatchObject({ action: 'print.cover', targetLabel: file.archiveNo, username: ADMIN.username });
    expect(contents).toMatchObject({ action: 'print.contents', targetLabel: secret.archiveNo });
    expect(JSON.stringify(contents)).toContain('"classified":true');
    expect(JSON.stringify(contents)).toContain('top_secret');
    expect(JSON.stringify(cover)).toContain('"classified":false');
  });

  it('a print runs as a job with progress; cancelled, it leaves no PDF and no audit row', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', { name: '客户乙' });
    for (let i = 0; i < 300; i++) await session.call('files.create', { clientId: client.id, title: `资料${i}` });
    const phases: string[] = [];
    session.jobs.on((job) => phases.push(job.progress.phase));
    const done = await session.call('jobs.start', { operation: 'print.catalog', input: {} });
    const finished = await session.jobs.settled(done.id);
    expect(finished.state).toBe('done');
    expect((finished.result as PrintFile).pages).toBeGreaterThan(10);
    expect(phases).toContain('build');
    const before = (await session.call('audit.list', { limit: 1 }))[0]!.seq;
    const started = await session.call('jobs.start', { operation: 'print.catalog', input: {} });
    const cancelled = await session.call('jobs.cancel', { id: started.id });
    expect((await session.jobs.settled(cancelled.id)).state).toBe('cancelled');
    expect((await session.call('audit.list', { limit: 1 }))[0]!.seq).toBe(before);
  }, 120_000);
});
