/** `dossier print …` as a clerk runs it: the real command (its bundle), real PDFs read back with pdftotext. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier, json } from './dossier.js';

const text = (pdf: string) => spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
const flat = (s: string) => s.replace(/\s+/g, '');

describe('dossier print', { timeout: 180_000 }, () => {
  it('prints the catalog, a contents list, a cover, a note sheet, a roster and the registers to PDF files', () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const common = ['--archive', archive, '--user', 'clerk'];
    expect(dossier(['init', ...common, '--display-name', '李档案', '--archive-name', '瑞丰档案室']).code).toBe(0);
    const client = json<Client>(['client', 'add', ...common, '--name', '南京瑞丰商混有限公司', '--contact-person', '周强']);
    const file = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '客户基本资料']);
    json(['call', 'items.add', ...common, '--input', JSON.stringify({ archiveNo: file.archiveNo, title: '营业执照副本', docNo: '宁工商〔2026〕8号', pageCount: 3 })]);

    const catalog = path.join(dir, 'catalog.pdf');
    const printed = json<{ file: string; pages: number; rows: number; pageSize: { widthMm: number; heightMm: number } }>(['print', 'catalog', ...common, '--out', catalog]);
    expect(printed).toEqual({ file: catalog, pages: 1, rows: 1, pageSize: { widthMm: 297, heightMm: 210 } });
    const catalogText = flat(text(catalog));
    for (const s of ['案卷目录', '瑞丰档案室', file.archiveNo, '南京瑞丰商混有限公司客户基本资料', '打印人：李档案', '第1页共1页']) expect(catalogText).toContain(s);

    // Without --json: one line in the chosen language; the file exists only once written.
    const contents = path.join(dir, 'contents.pdf');
    const run = dossier(['print', 'contents', ...common, '--file', file.archiveNo, '--out', contents, '--lang', 'zh-CN']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`已生成 1 页（1 条）：${contents}`);
    // English counts with plural forms: "1 page (1 row)", never "1 pages (1 rows)".
    const contentsEn = path.join(dir, 'contents-en.pdf');
    const runEn = dossier(['print', 'contents', ...common, '--file', file.archiveNo, '--out', contentsEn]);
    expect(runEn.code).toBe(0);
    expect(runEn.stdout).toContain(`1 page (1 row): ${contentsEn}`);
    expect(text(contents)).toMatch(/宁工商\s+1\s+营业执照副本\s+1-3/);

    for (const [form, expected] of [
      ['cover', '案卷题名'],
      ['notesheet', '本卷共有文件材料1件，共3页。'],
    ] as const) {
      const out = path.join(dir, `${form}.pdf`);
      json(['print', form, ...common, '--file', file.archiveNo, '--out', out]);
      expect(flat(text(out))).toContain(expected);
    }
    const roster = path.join(dir, 'roster.pdf');
    json(['print', 'roster', ...common, '--columns', 'name,contactPerson', '--out', roster]);
    expect(text(roster)).toMatch(/南京瑞丰商混有限公司\s+周强/);
    const today = new Date().toISOString().slice(0, 10);
    const register = path.join(dir, 'register.pdf');
    json(['print', 'register', ...common, '--from', '2020-01-01', '--to', '2099-12-31', '--out', register]);
    // No loans here (the engine tests cover the register's rows): the register says so.
    expect(flat(text(register))).toContain('借阅登记簿');
    expect(flat(text(register))).toContain('本期间无借阅');
    const handover = path.join(dir, 'handover.pdf');
    json(['print', 'handover', ...common, '--from', today, '--to', today, '--out', handover]);
    expect(flat(text(handover))).toContain('本期间无移交');

    // An existing file is kept unless --force; a bad option is a usage error (exit 2), nothing written.
    const again = dossier(['print', 'catalog', ...common, '--out', catalog]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists');
    writeFileSync(path.join(dir, 'keep.txt'), 'x');
    const notPdf = dossier(['print', 'catalog', ...common, '--out', path.join(dir, 'catalog.txt')]);
    expect(notPdf.code).toBe(2);
    expect(notPdf.stderr).toContain('.pdf');
    const noFile = dossier(['print', 'contents', ...common, '--out', path.join(dir, 'none.pdf')]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('--file');
    expect(existsSync(path.join(dir, 'none.pdf'))).toBe(false);
    const badPeriod = dossier(['print', 'register', ...common, '--from', '2026-05-01', '--to', '2026-04-01', '--out', path.join(dir, 'bad.pdf')]);
    expect(badPeriod.code).toBe(1);
    expect(badPeriod.stderr).toContain('The start date 2026-05-01 is after the end date 2026-04-01');
    expect(existsSync(path.join(dir, 'bad.pdf'))).toBe(false);
    const unknown = dossier(['print', 'contents', ...common, '--file', 'KH-1999-9999', '--out', path.join(dir, 'unknown.pdf')]);
    expect(unknown.code).toBe(1);
    expect(existsSync(path.join(dir, 'unknown.pdf'))).toBe(false);

    // Every print is in the audit trail.
    const actions = json<{ action: string }[]>(['audit', ...common]).map((e) => e.action);
    for (const action of ['print.catalog', 'print.contents', 'print.cover', 'print.noteSheet', 'print.roster', 'print.register', 'print.handovers'])
      expect(actions).toContain(action);
    expect(readFileSync(catalog).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
