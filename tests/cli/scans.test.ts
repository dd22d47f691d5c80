/** `dossier scan add|list|export`, `inbox`, `watch --once` and `verify` as a clerk runs them (the real command). */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord } from '../../shared/contract.js';
import type { Scan, ScanVerifyReport } from '../../shared/ops/scans.js';
import { tempDir } from '../helpers.js';
import { coverSheetPdf, pdfBytes, pngBytes } from '../fixtures/scanFiles.js';
import { dossier, json, jsonError } from './dossier.js';

describe('dossier scan', { timeout: 300_000 }, () => {
  it('adds, lists, exports, routes a hot folder and verifies', async () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const common = ['--archive', archive, '--user', 'clerk'];
    expect(dossier(['init', ...common]).code).toBe(0);
    const client = json<Client>(['client', 'add', ...common, '--name', '南京瑞丰商混有限公司']);
    const file = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '客户基本资料']);
    json(['call', 'items.add', ...common, '--input', JSON.stringify({ archiveNo: file.archiveNo, title: '营业执照副本' })]);

    const lease = path.join(dir, '租赁合同.pdf');
    writeFileSync(lease, await pdfBytes('lease', 4));
    const notScan = path.join(dir, 'notes.pdf');
    writeFileSync(notScan, 'just text, named like a PDF');
    // One good file, one refused: the good one is stored, the refusal named, exit 1.
    const added = dossier(['scan', 'add', ...common, '--file', file.archiveNo, '--item', '1', lease, notScan, '--json']);
    expect(added.code).toBe(1);
    const result = JSON.parse(added.stdout) as { scans: Scan[]; refused: { path: string; code: string }[] };
    expect(result.scans.map((s) => [s.name, s.pageCount, s.itemSeq])).toEqual([['租赁合同.pdf', 4, 1]]);
    expect(result.refused).toMatchObject([{ path: notScan, code: 'scans.unsupportedType' }]);

    // Chinese messages for a refusal, in words a clerk reads.
    const zh = dossier(['scan', 'add', ...common, '--file', file.archiveNo, notScan], { DOSSIER_LANG: 'zh-CN' });
    expect(zh.stderr).toContain('不是 PDF、JPEG、PNG 或 TIFF 文件');
    // A hostile name is shown defused in the line's file prefix too, never as raw control or bidi characters.
    const hostile = path.join(dir, 'bad\u0007name\u001b\u202Efdp.pdf');
    writeFileSync(hostile, 'not a scan either');
    const hostileRun = dossier(['scan', 'add', ...common, '--file', file.archiveNo, hostile], { DOSSIER_LANG: 'zh-CN' });
    expect(hostileRun.code).toBe(1);
    expect(hostileRun.stderr).toContain('bad[U+0007]name[U+001B][U+202E]fdp.pdf：');
    // More files than one add takes: refused at once in words, nothing read or stored.
    const many = Array.from({ length: 1001 }, (_, i) => path.join(dir, `scan${i}.pdf`));
    const tooMany = dossier(['scan', 'add', ...common, '--file', file.archiveNo, ...many], { DOSSIER_LANG: 'zh-CN' });
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.stderr).toContain('一次最多添加 1000 个文件（这次给出了 1001 个），请分批添加。');
    for (const raw of ['\u0007', '\u001b', '\u202E']) expect(hostileRun.stderr).not.toContain(raw);
    // An unknown file is refused before anything is read.
    expect(jsonError(dossier(['scan', 'add', ...common, '--file', 'KH-1999-9999', lease, '--json'])).code).toBe('file.notFound');

    const list = json<Scan[]>(['scan', 'list', ...common, '--file', file.archiveNo]);
    expect(list).toHaveLength(1);
    const out = path.join(dir, 'exported.pdf');
    json(['scan', 'export', list[0]!.id, '--out', out, ...common]);
    expect(readFileSync(out).equals(readFileSync(lease))).toBe(true);
    // An existing file is not overwritten without --force.
    expect(dossier(['scan', 'export', list[0]!.id, '--out', out, ...common]).code).toBe(2);

    // The hot folder: by number in the name, by a cover sheet's barcode, the rest to the inbox; a bad file is moved aside.
    const hot = path.join(dir, 'hot');
    mkdirSync(hot);
    writeFileSync(path.join(hot, `${file.archiveNo}-营业执照.png`), await pngBytes(31));
    writeFileSync(path.join(hot, 'scan0007.pdf'), await coverSheetPdf(file.archiveNo));
    writeFileSync(path.join(hot, 'IMG_0042.png'), await pngBytes(32));
    writeFileSync(path.join(hot, 'broken.pdf'), '%PDF-1.4 cut');
    const watched = dossier(['watch', '--folder', hot, '--stable', '1', '--interval', '1', '--once', '--no-ocr', ...common, '--json']);
    expect(watched.code).toBe(1);
    const w = JSON.parse(watched.stdout) as { imported: { source: string; scan: Scan }[]; refused: { source: string }[] };
    expect(Object.fromEntries(w.imported.map((i) => [i.source, i.scan.archiveNo]))).toEqual({
      [`${file.archiveNo}-营业执照.png`]: file.archiveNo,
      'scan0007.pdf': file.archiveNo,
      'IMG_0042.png': null,
    });
    expect(w.refused.map((r) => r.source)).toEqual(['broken.pdf']);
    expect(readdirSync(hot)).toEqual(['未导入-rejected']);
    expect(readdirSync(path.join(hot, '未导入-rejected')).sort()).toEqual(['broken.pdf', 'broken.pdf.未导入原因.txt']);

    const inbox = json<Scan[]>(['inbox', ...common]);
    expect(inbox.map((s) => s.name)).toEqual(['IMG_0042.png']);
    const assigned = json<Scan>(['inbox', '--assign', inbox[0]!.id, '--file', file.archiveNo, '--item', '1', ...common]);
    expect([assigned.archiveNo, assigned.itemSeq]).toEqual([file.archiveNo, 1]);
    expect(json<Scan[]>(['inbox', ...common])).toEqual([]);

    const report = json<ScanVerifyReport>(['verify', ...common]);
    expect([report.blobs, report.ok, report.problems]).toEqual([4, 4, []]);
    // A blob damaged on disk: verify names the file and the scan, exit 1.
    const blobs = readdirSync(path.join(archive, 'blobs'));
    const victim = path.join(archive, 'blobs', blobs[0]!);
    const bytes = readFileSync(victim);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(victim, bytes);
    const damaged = dossier(['verify', ...common]);
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toContain(file.archiveNo);
    expect(existsSync(victim)).toBe(true);
    // In Chinese with full-width punctuation (：；), an item as 第 N 件.
    const damagedZh = dossier(['verify', ...common], { DOSSIER_LANG: 'zh-CN' });
    expect(damagedZh.stdout).toMatch(new RegExp(`  损坏（校验不符）：${file.archiveNo}( 第 1 件)?：`));
    expect(damagedZh.stdout).not.toMatch(/[:;] /);

    // Without --json: a page counted in English as "1 page"; the inbox shows when and from where each scan came;
    // an item is 第 1 件 in Chinese, never "#1".
    const hot2 = path.join(dir, 'hot2');
    mkdirSync(hot2);
    writeFileSync(path.join(hot2, `${file.archiveNo}-身份证明.png`), await pngBytes(41));
    writeFileSync(path.join(hot2, 'IMG_0043.png'), await pngBytes(42));
    const watchedEn = dossier(['watch', '--folder', hot2, '--stable', '1', '--interval', '1', '--once', '--no-ocr', ...common]);
    expect(watchedEn.code).toBe(0);
    expect(watchedEn.stdout).toContain(`${file.archiveNo}-身份证明.png → ${file.archiveNo} (1 page);`);
    expect(watchedEn.stdout).toContain('IMG_0043.png → inbox (1 page);');
    expect(watchedEn.stdout).not.toContain('1 pages');
    const inboxZh = dossier(['inbox', ...common], { DOSSIER_LANG: 'zh-CN' }).stdout;
    expect(inboxZh).toMatch(/扫描件 ID\s+文件名\s+类型\s+页数\s+添加时间\s+来源\s+添加人/);
    expect(inboxZh).toMatch(/IMG_0043\.png\s+PNG\s+1\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+扫描仪文件夹\s+clerk/);
    expect(dossier(['inbox', ...common]).stdout).toMatch(/IMG_0043\.png\s+PNG\s+1\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+Scanner folder\s+clerk/);
    const waiting = json<Scan[]>(['inbox', ...common]);
    const assignedZh = dossier(['inbox', '--assign', waiting[0]!.id, '--file', file.archiveNo, '--item', '1', ...common], { DOSSIER_LANG: 'zh-CN' });
    expect(assignedZh.stdout).toContain(`扫描件 ${waiting[0]!.id} 已归入 ${file.archiveNo} 第 1 件。`);
    expect(assignedZh.stdout).not.toContain('#');
  });
});
