/**
 * The follow-ups of `dossier scan add` and the hot folder, as a clerk meets them (the real command):
 * the item's page count filled by the engine, the text read right after when the archive reads
 * text (ocrEnabled; --no-ocr skips it; Ctrl+C stops only the reading), and refused hot-folder
 * files moved aside into 未导入-rejected with a note giving the reason, never overwriting an
 * earlier reject.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord } from '../../shared/contract.js';
import type { OcrStatus } from '../../shared/ops/ocr.js';
import type { Scan, ScanItemPages } from '../../shared/ops/scans.js';
import type { SearchHit } from '../../shared/ops/search.js';
import { AUTHORISATION, CONTRACT, LICENCE, renderOcrPage, scannedPdf } from '../fixtures/ocr/pages.js';
import { jpegBytes, paddedPdf, pdfBytes, pngBytes } from '../fixtures/scanFiles.js';
import { tempDir } from '../helpers.js';
import { BIN, dossier, json, PASSWORD } from './dossier.js';

const REJECTED = '未导入-rejected';
const NOTE = '.未导入原因.txt';

function archiveWithFile() {
  const dir = tempDir();
  const archive = path.join(dir, 'archive');
  const common = ['--archive', archive, '--user', 'clerk'];
  expect(dossier(['init', ...common]).code).toBe(0);
  const client = json<Client>(['client', 'add', ...common, '--name', '上海浦江物流股份有限公司']);
  const file = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '客户基本资料']);
  return { dir, archive, common, file };
}

type Added = { scans: Scan[]; itemPages: ScanItemPages[]; ocr: { cancelled: boolean; scans?: number; pages?: number } | null };

describe('dossier scan add and watch: page counts, OCR, rejects', { timeout: 600_000 }, () => {
  it('fills the item’s page count, reads the text right after (found by search), skips it with --no-ocr or when the archive does not read text', async () => {
    const { dir, common, file } = archiveWithFile();
    json(['call', 'items.add', ...common, '--input', JSON.stringify({ archiveNo: file.archiveNo, title: '授权委托书' })]);
    json(['call', 'items.add', ...common, '--input', JSON.stringify({ archiveNo: file.archiveNo, title: '营业执照', pageCount: 3 })]);
    const letter = path.join(dir, '授权委托书.pdf');
    writeFileSync(letter, await scannedPdf([await renderOcrPage(AUTHORISATION, 'clean'), await renderOcrPage(CONTRACT, 'clean')]));

    // In Chinese, as a clerk reads it: the scan, the page count filled, the text read.
    const zh = dossier(['scan', 'add', ...common, '--file', file.archiveNo, '--item', '1', letter], { DOSSIER_LANG: 'zh-CN' });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(`${file.archiveNo} 第 1 件的页数已按扫描件改为 2 页（原为 1）`);
    expect(zh.stdout).toMatch(/已识别 1 份扫描件，共 2 页/);
    expect(zh.stderr).toContain('正在识别 1 份扫描件上的文字');
    const items = json<{ items: { pageCount: number; pages: string }[] }>(['call', 'items.list', ...common, '--input', JSON.stringify({ archiveNo: file.archiveNo })]);
    expect(items.items.map((i) => [i.pageCount, i.pages])).toEqual([
      [2, '1-2'],
      [3, '3-5'],
    ]);
    const hits = json<{ hits: SearchHit[] }>(['search', '客户档案查阅', ...common, '--kind', 'scan']);
    expect(hits.hits.map((h) => h.archiveNo)).toEqual([file.archiveNo]);
    // Nothing left to read.
    expect(json<{ scans: number }>(['scan', 'ocr', ...common, '--all']).scans).toBe(0);

    // A typed count that differs is kept and said on stderr; --no-ocr leaves the text unread.
    const licence = path.join(dir, '营业执照.pdf');
    writeFileSync(licence, await scannedPdf([await renderOcrPage(LICENCE, 'clean')]));
    const typed = dossier(['scan', 'add', ...common, '--file', file.archiveNo, '--item', '2', licence, '--no-ocr'], { DOSSIER_LANG: 'zh-CN' });
    expect(typed.code).toBe(0);
    expect(typed.stderr).toContain(`${file.archiveNo} 第 2 件登记的页数为 3，扫描件共 1 页：登记的页数未改，请核对原件与扫描件。`);
    expect(typed.stdout).not.toContain('已识别');
    const status = () => json<OcrStatus[]>(['call', 'ocr.status', ...common, '--input', JSON.stringify({ fileId: file.id })]);
    expect(
      status()
        .map((s) => s.state)
        .sort(),
    ).toEqual(['done', 'pending']);

    // The archive set not to read text: scan add does not either.
    json(['call', 'settings.update', ...common, '--input', JSON.stringify({ ocrEnabled: false })]);
    const off = JSON.parse(dossier(['scan', 'add', ...common, '--file', file.archiveNo, path.join(dir, '营业执照.pdf'), '--json']).stdout) as Added;
    expect(off.ocr).toBeNull();
  });

  it('stops only the reading on Ctrl+C: the scans stay stored, their text unread, exit 0', async () => {
    const { dir, archive, common, file } = archiveWithFile();
    const pages = [];
    for (const lines of [LICENCE, AUTHORISATION, CONTRACT, LICENCE, AUTHORISATION, CONTRACT]) pages.push(await renderOcrPage(lines, 'noisy'));
    const long = path.join(dir, '合同汇编.pdf');
    writeFileSync(long, await scannedPdf(pages));
    const child = spawn(process.execPath, [BIN, 'scan', 'add', '--archive', archive, '--user', 'clerk', '--file', file.archiveNo, long], {
      env: { ...process.env, DOSSIER_PASSWORD: PASSWORD, DOSSIER_LANG: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const reading = new Promise<void>((resolve) =>
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (stderr.includes('Reading the text of 1 scans')) resolve();
      }),
    );
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    await reading;
    child.kill('SIGINT');
    expect(await code).toBe(0);
    expect(stdout).toContain('Added 1 scan');
    expect(stderr).toContain('Text reading stopped; the scans are stored.');
    const scans = json<Scan[]>(['scan', 'list', ...common, '--file', file.archiveNo]);
    expect(scans.map((s) => [s.name, s.pageCount])).toEqual([['合同汇编.pdf', 6]]);
    expect(json<OcrStatus[]>(['call', 'ocr.status', ...common, '--input', JSON.stringify({ fileId: file.id })]).map((s) => s.state)).toEqual(['pending']);
  });

  it('moves refused hot-folder files aside with the reason beside them, imports and reads the good one, never overwrites an earlier reject', async () => {
    const { dir, common, file } = archiveWithFile();
    json(['call', 'scans.setLimits', ...common, '--input', JSON.stringify({ maxMb: 1 })]);
    const hot = path.join(dir, 'hot');
    mkdirSync(hot);
    const good = `${file.archiveNo}-授权委托书.pdf`;
    writeFileSync(path.join(hot, good), await scannedPdf([await renderOcrPage(AUTHORISATION, 'clean')]));
    const jpeg = await jpegBytes(3);
    const bad: Record<string, Buffer | string> = {
      'broken.pdf': '%PDF-1.4\n1 0 obj garbage\n%%EOF\n',
      '加密.pdf': await pdfBytes('secret', 1, { userPassword: 'pw' }),
      'empty.png': '',
      'notes.pdf': 'just text, named like a PDF',
      'big.pdf': paddedPdf(1.5 * 1024 * 1024),
      'half.jpg': jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      'evil\u202Egnp.exe.png': await pngBytes(5),
    };
    for (const [name, bytes] of Object.entries(bad)) writeFileSync(path.join(hot, name), bytes);

    const run = dossier(['watch', '--folder', hot, '--stable', '1', '--interval', '1', '--once', ...common, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as {
      imported: { source: string; scan: Scan }[];
      refused: { source: string; code: string; movedTo: string | null }[];
      ocr: { scans: number; pages: number; cancelled: boolean }[];
    };
    expect(result.imported.map((i) => [i.source, i.scan.archiveNo])).toEqual([[good, file.archiveNo]]);
    // The good file's text was read after the pass.
    expect(result.ocr).toMatchObject([{ scans: 1, pages: 1, cancelled: false }]);
    expect(Object.fromEntries(result.refused.map((r) => [r.source, [r.code, r.movedTo]]))).toEqual({
      'broken.pdf': ['scans.corruptPdf', path.join(REJECTED, 'broken.pdf')],
      '加密.pdf': ['scans.encryptedPdf', path.join(REJECTED, '加密.pdf')],
      'empty.png': ['scans.empty', path.join(REJECTED, 'empty.png')],
      'notes.pdf': ['scans.unsupportedType', path.join(REJECTED, 'notes.pdf')],
      'big.pdf': ['scans.tooLarge', path.join(REJECTED, 'big.pdf')],
      'half.jpg': ['scans.truncated', path.join(REJECTED, 'half.jpg')],
      'evil\u202Egnp.exe.png': ['scans.badName', path.join(REJECTED, 'evil\u202Egnp.exe.png')],
    });
    // The scanner's folder holds only the rejects' folder; each reject has its note.
    expect(readdirSync(hot)).toEqual([REJECTED]);
    const aside = readdirSync(path.join(hot, REJECTED)).sort();
    expect(aside).toEqual(
      Object.keys(bad)
        .flatMap((n) => [n, `${n}${NOTE}`])
        .sort(),
    );
    expect(readFileSync(path.join(hot, REJECTED, 'half.jpg')).equals(bad['half.jpg'] as Buffer)).toBe(true);
    const note = readFileSync(path.join(hot, REJECTED, `加密.pdf${NOTE}`), 'utf8');
    expect(note).toContain('Reason: “加密.pdf” is a password-protected PDF');
    expect(note).toContain('File name: 加密.pdf');
    // The hostile name is shown defused, in the note as on the terminal.
    const evilNote = readFileSync(path.join(hot, REJECTED, `evil\u202Egnp.exe.png${NOTE}`), 'utf8');
    expect(evilNote).not.toContain('\u202E');

    // Another broken.pdf later, in Chinese: it goes beside the first as "broken (2).pdf", the first and its note untouched.
    const firstNote = readFileSync(path.join(hot, REJECTED, `broken.pdf${NOTE}`), 'utf8');
    writeFileSync(path.join(hot, 'broken.pdf'), '%PDF-1.7\nnot an object\n%%EOF\n');
    const again = dossier(['watch', '--folder', hot, '--stable', '1', '--interval', '1', '--once', ...common], { DOSSIER_LANG: 'zh-CN' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`broken.pdf 未导入：“broken.pdf”不是可读的 PDF（文件已损坏），未保存。（已移到 ${path.join(REJECTED, 'broken (2).pdf')}`);
    expect(readFileSync(path.join(hot, REJECTED, 'broken.pdf'), 'utf8')).toBe(bad['broken.pdf']);
    expect(readFileSync(path.join(hot, REJECTED, `broken.pdf${NOTE}`), 'utf8')).toBe(firstNote);
    expect(readFileSync(path.join(hot, REJECTED, 'broken (2).pdf'), 'utf8')).toBe('%PDF-1.7\nnot an object\n%%EOF\n');
    expect(readFileSync(path.join(hot, REJECTED, `broken (2).pdf${NOTE}`), 'utf8')).toContain('原因：“broken.pdf”不是可读的 PDF');
    expect(existsSync(path.join(hot, 'broken.pdf'))).toBe(false);
    // Nothing of the rejects was stored.
    expect(json<Scan[]>(['inbox', ...common])).toEqual([]);
    expect(json<Scan[]>(['scan', 'list', ...common, '--file', file.archiveNo]).map((s) => s.name)).toEqual([good]);
  });
});
