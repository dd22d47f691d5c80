/**
 * 审计日志报告 read back as an auditor would: pdftotext (Chinese included) shows the entries as
 * the audit screen's sentences under the screen's filters, the anchor code on every page equals
 * `audit.anchor`'s at print time, a 普通 auditor's report holds no trace of a 绝密 file, only
 * roles that read the log may print it, and the print is itself audited.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { PrintFile } from '../../shared/ops/print.js';
import { ADMIN, expectDossierError, newArchive, tempDir, testClock, TEST_KDF } from '../helpers.js';

function save(file: PrintFile): string {
  const out = path.join(tempDir(), 'audit.pdf');
  writeFileSync(out, Buffer.from(file.contentBase64, 'base64'));
  if (process.env.PRINT_DUMP) writeFileSync(path.join(process.env.PRINT_DUMP, file.fileName), Buffer.from(file.contentBase64, 'base64'));
  return out;
}

function pageTexts(pdf: string): string[] {
  const run = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.split('\f').slice(0, -1);
}

const flat = (s: string) => s.replace(/\s+/g, '');

async function seeded() {
  const clock = testClock('2026-03-10T09:00:00');
  const { session, dir } = await newArchive({ clock });
  const client = await session.call('clients.create', { name: '北京宏远建工集团有限公司', contactPerson: '张伟' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
  const secret = await session.call('files.create', { clientId: client.id, title: '并购谈判底稿', confidentiality: 'top_secret' });
  await session.call('items.add', { archiveNo: secret.archiveNo, title: '收购协议草案', pageCount: 40 });
  await session.call('users.create', { username: 'auditor1', displayName: '审计员王芳', password: 'auditor password 1', role: 'auditor', clearance: 'normal' });
  await session.call('users.create', { username: 'clerk1', displayName: '档案员李娜', password: 'clerk password 1', role: 'clerk', clearance: 'normal' });
  clock.set('2026-03-12T10:00:00');
  return { session, dir, clock, client, file, secret };
}

describe('审计日志报告 (print.audit)', () => {
  it('lists the visible entries as the screen’s sentences, with the filters, title block and the anchor on every page', async () => {
    const { session, client, file, secret } = await seeded();
    const anchor = await session.call('audit.anchor');
    const screen = await session.call('audit.list', { limit: 1000, language: 'zh-CN' });
    const out = await session.call('print.audit', {});
    expect(out.pageSize).toEqual({ widthMm: 297, heightMm: 210 });
    const pages = pageTexts(save(out));
    expect(pages.length).toBe(out.pages);
    const all = flat(pages.join(''));
    expect(out.rows).toBe(screen.length);
    for (const entry of screen) expect(all).toContain(flat(entry.summary));
    for (const s of ['审计日志报告', '打印人：', '打印时间：2026-03-1210:00', client.name, file.archiveNo, secret.archiveNo, `共${screen.length}条`, `第1页共${out.pages}页`])
      expect(all).toContain(s);
    // The anchor at print time: the code `audit anchor` gives, the count and the head's prefix.
    expect(all).toContain(flat(`锚点码：${anchor.code}`));
    expect(all).toContain(flat(`审计链共 ${anchor.count} 条记录，链头哈希 ${anchor.head.slice(0, 16)}`));
    for (const page of pages) expect(flat(page)).toContain(flat(`审计链锚点 ${anchor.code}`));
    // The print is audited after the anchor was taken, and names it.
    const [printed] = await session.call('audit.list', { limit: 1 });
    expect(printed).toMatchObject({ action: 'print.audit', username: ADMIN.username, targetLabel: '全部记录' });
    expect(printed!.seq).toBe(anchor.count + 1);
    expect(printed!.details).toMatchObject({ anchor: anchor.code, rows: screen.length, classified: true, highestConfidentiality: 'top_secret' });
    expect(printed!.summary).toContain(anchor.code);
    expect(printed!.summary).toContain(`共 ${out.pages} 页`);
    expect(printed!.summary).toContain('最高密级：绝密');
  });

  it('a long report repeats its header and the anchor on every page and splits no entry', async () => {
    const { session } = await seeded();
    for (let i = 0; i < 70; i++) await session.call('clients.create', { name: `长报告测试客户第${i + 1}号有限公司` });
    const anchor = await session.call('audit.anchor');
    const out = await session.call('print.audit', { actions: ['clients.create'] });
    expect(out.rows).toBe(71);
    const pages = pageTexts(save(out)).map(flat);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(page).toContain(`第${i + 1}页共${pages.length}页`);
      expect(page).toContain(flat(`审计链锚点 ${anchor.code}`));
      for (const h of ['序号', '时间', '操作人', '对象', '内容']) expect(page).toContain(h);
      if (i > 0) expect(page).toContain('审计日志报告（续）');
    });
    // Every client's sentence whole on one page.
    for (let i = 1; i <= 70; i++) expect(pages.filter((p) => p.includes(`新建客户「长报告测试客户第${i}号有限公司」`)).length).toBe(1);
  });

  it('prints only what the screen’s filters keep: user, action, target text, period', async () => {
    const { session, clock, file, secret } = await seeded();
    const overview = await session.call('audit.overview', {});
    const admin = overview.users.find((u) => u.username === ADMIN.username)!;
    clock.set('2026-04-02T11:00:00');
    await session.call('items.add', { archiveNo: file.archiveNo, title: '四月补充材料', pageCount: 2 });
    const filter = { userId: admin.id, actions: ['items.add'], from: '2026-04-01', to: '2026-04-30' };
    const out = await session.call('print.audit', filter);
    const text = flat(pageTexts(save(out)).join(''));
    const expected = await session.call('audit.list', { ...filter, limit: 1000, language: 'zh-CN' });
    expect(expected.length).toBe(1);
    expect(out.rows).toBe(1);
    expect(text).toContain(flat(expected[0]!.summary));
    expect(text).toContain('四月补充材料');
    expect(text).not.toContain('收购协议草案');
    expect(text).not.toContain(secret.archiveNo);
    for (const s of ['期间：2026-04-01至2026-04-30', `操作人：${admin.displayName}`, '操作：添加卷内文件']) expect(text).toContain(flat(s));
    const byTarget = (await session.call('audit.list', { target: '并购', limit: 1000 })).length;
    expect(byTarget).toBeGreaterThan(0);
    expect((await session.call('print.audit', { target: '并购' })).rows).toBe(byTarget);
    await expectDossierError(session.call('print.audit', { from: '2026-05-01', to: '2026-04-01' }), 'print.badPeriod');
  });

  it('a 普通 auditor’s report holds no trace of a 绝密 file; a clerk may not print the log', async () => {
    const { dir, clock, secret } = await seeded();
    const auditor = await openArchive(dir, 'auditor1', 'auditor password 1', { kdfCost: TEST_KDF, clock });
    try {
      const visible = (await auditor.call('audit.overview', {})).total;
      const out = await auditor.call('print.audit', {});
      const text = flat(pageTexts(save(out)).join(''));
      for (const marker of [secret.archiveNo, '并购谈判底稿', '收购协议草案', '绝密']) expect(text).not.toContain(marker);
      expect(out.rows).toBe(visible);
      expect(text).toContain('审计员王芳');
      const [printed] = await auditor.call('audit.list', { limit: 1 });
      expect(printed).toMatchObject({ action: 'print.audit', username: 'auditor1' });
      expect(printed!.details).toMatchObject({ classified: false });
    } finally {
      auditor.close();
    }
    const clerk = await openArchive(dir, 'clerk1', 'clerk password 1', { kdfCost: TEST_KDF, clock });
    try {
      await expectDossierError(clerk.call('print.audit', {}), 'auth.forbidden');
    } finally {
      clerk.close();
    }
  });
});
