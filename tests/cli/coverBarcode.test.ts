/**
 * The printed 案卷封面 carries its file's archive number as a Code 128: read by zbarimg from
 * pdftoppm renders at 200 and 300 dpi, and a scan of the cover (a JPEG, a PDF made from it)
 * dropped in the hot folder goes to that file, not to the inbox (issue 13's cover-sheet routing);
 * so does a scan of the first page of its 卷内目录.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord } from '../../shared/contract.js';
import type { Scan } from '../../shared/ops/scans.js';
import { tempDir } from '../helpers.js';
import { dossier, json } from './dossier.js';

/** Every symbol zbarimg finds on an image, as TYPE:text. */
const zbar = (image: string): string[] => spawnSync('zbarimg', ['-q', image], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

/** An A4 PDF whose only page is `jpeg` (what a scanner's PDF mode writes). */
function pdfOfImage(jpeg: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0 });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.image(jpeg, 0, 0, { width: doc.page.width, height: doc.page.height });
    doc.end();
  });
}

describe('the printed cover sheet', { timeout: 300_000 }, () => {
  it('carries a Code 128 of the archive number that decodes at 200 and 300 dpi and routes its scan to the file', async () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const common = ['--archive', archive, '--user', 'clerk'];
    expect(dossier(['init', ...common, '--archive-name', '瑞丰档案室']).code).toBe(0);
    const client = json<Client>(['client', 'add', ...common, '--name', '南京瑞丰商混有限公司']);
    const first = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '客户基本资料']);
    const file = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '购销合同']);
    expect(file.archiveNo).not.toBe(first.archiveNo);

    const cover = path.join(dir, 'cover.pdf');
    json(['print', 'cover', ...common, '--file', file.archiveNo, '--out', cover]);
    for (const dpi of ['200', '300']) {
      const base = path.join(dir, `cover-${dpi}`);
      execFileSync('pdftoppm', ['-r', dpi, '-gray', '-singlefile', cover, base]);
      expect(zbar(`${base}.pgm`), `${dpi} dpi`).toEqual([`CODE-128:${file.archiveNo}`]);
    }
    // Its text is printed under the bars as well as in the 档号 box.
    const words = spawnSync('pdftotext', [cover, '-'], { encoding: 'utf8' }).stdout;
    expect(words.split(file.archiveNo).length - 1).toBe(2);

    // The clerk scans the cover at 200 dpi: as a JPEG, and as page 1 of a PDF; the names carry no archive number.
    const hot = path.join(dir, 'hot');
    mkdirSync(hot);
    execFileSync('pdftoppm', ['-r', '200', '-jpeg', '-jpegopt', 'quality=75', '-singlefile', cover, path.join(dir, 'scan')]);
    const jpeg = readFileSync(path.join(dir, 'scan.jpg'));
    writeFileSync(path.join(hot, 'IMG_0101.jpg'), jpeg);
    writeFileSync(path.join(hot, 'SCAN_0102.pdf'), await pdfOfImage(jpeg));
    // The first page of its 卷内目录 carries the same symbol.
    const contents = path.join(dir, 'contents.pdf');
    json(['print', 'contents', ...common, '--file', file.archiveNo, '--out', contents]);
    execFileSync('pdftoppm', ['-r', '200', '-jpeg', '-singlefile', '-f', '1', '-l', '1', contents, path.join(hot, 'IMG_0103')]);
    const watched = json<{ imported: { source: string; scan: Scan }[]; refused: unknown[] }>([
      'watch',
      '--folder',
      hot,
      '--stable',
      '1',
      '--interval',
      '1',
      '--once',
      '--no-ocr',
      ...common,
    ]);
    expect(watched.refused).toEqual([]);
    expect(Object.fromEntries(watched.imported.map((i) => [i.source, i.scan.archiveNo]))).toEqual({
      'IMG_0101.jpg': file.archiveNo,
      'SCAN_0102.pdf': file.archiveNo,
      'IMG_0103.jpg': file.archiveNo,
    });
    expect(json<Scan[]>(['inbox', ...common])).toEqual([]);
    expect(
      json<Scan[]>(['scan', 'list', ...common, '--file', file.archiveNo])
        .map((s) => s.name)
        .sort(),
    ).toEqual(['IMG_0101.jpg', 'IMG_0103.jpg', 'SCAN_0102.pdf']);
  });
});
