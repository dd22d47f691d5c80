/**
 * The 案卷封面's barcode, laid out straight from a spec (no archive): every cover of a print
 * carries its own file's number, readable at the hot folder's 200 dpi and at 300 dpi; a
 * number Code 128 cannot carry (Chinese letters in the pattern) is printed as a QR code; the
 * symbol stays in the top right corner, clear of the 档号 box and the heading. The same symbol
 * on the first page of each file's 卷内目录.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPrint } from '../../db/print/forms.js';
import type { FileSheet } from '../../db/print/forms.js';
import { tempDir } from '../helpers.js';

const sheet = (archiveNo: string): FileSheet => ({
  archiveNo,
  title: '客户基本资料',
  clientName: '南京瑞丰商混有限公司',
  fileType: '客户档案',
  dateFrom: '2026-01-05',
  dateTo: '2026-11-30',
  retention: '30年',
  confidentiality: '普通',
  itemCount: 3,
  pageCount: 12,
  items: [],
  notes: '',
  compiledBy: '李档案',
  compiledOn: '2026-12-01',
  checkedBy: '',
});

const meta = { archiveName: '瑞丰档案室', printedBy: '李档案', printedAt: '2026-12-01 11:40', createdAt: '2026-12-01T03:40:00.000Z' };

async function cover(...archiveNos: string[]): Promise<string> {
  const { bytes } = await renderPrint({ form: 'cover', meta, files: archiveNos.map(sheet) });
  const file = path.join(tempDir(), 'cover.pdf');
  writeFileSync(file, bytes);
  return file;
}

/** Symbols zbarimg reads on page `page` (1-based) at `dpi`, as TYPE:text. */
function symbols(pdf: string, dpi: number, page = 1): string[] {
  const base = path.join(path.dirname(pdf), `p${page}-${dpi}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), '-singlefile', pdf, base]);
  return spawnSync('zbarimg', ['-q', `${base}.pgm`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
}

/** Words on page 1 with their boxes in mm from the top left (pdftotext -bbox). */
function words(pdf: string): { text: string; x0: number; y0: number; x1: number; y1: number }[] {
  const xml = spawnSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout;
  const toMm = (pt: string) => (Number(pt) * 25.4) / 72;
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!,
    x0: toMm(m[1]!),
    y0: toMm(m[2]!),
    x1: toMm(m[3]!),
    y1: toMm(m[4]!),
  }));
}

describe('案卷封面 barcode', { timeout: 60_000 }, () => {
  it('prints each file’s archive number as a Code 128 that decodes at 200 and 300 dpi', async () => {
    const pdf = await cover('KH-2026-0005', 'KH-2026-0006-01');
    for (const dpi of [200, 300]) {
      expect(symbols(pdf, dpi, 1), `${dpi} dpi`).toEqual(['CODE-128:KH-2026-0005']);
      expect(symbols(pdf, dpi, 2), `${dpi} dpi`).toEqual(['CODE-128:KH-2026-0006-01']);
    }
  });

  it('sits in the top right corner under the 档号 box, its text under the bars, above the heading', async () => {
    const pdf = await cover('KH-2026-0005');
    const all = words(pdf);
    const numbers = all.filter((w) => w.text === 'KH-2026-0005').sort((a, b) => a.y0 - b.y0);
    expect(numbers).toHaveLength(2);
    const [inBox, underBars] = numbers as [(typeof numbers)[0], (typeof numbers)[0]];
    const heading = all.find((w) => w.text.includes('瑞丰档案室'))!;
    // The box spans 25-43 mm from the top; the bars 45-54 mm; the human-readable text right under them.
    expect(inBox.y1).toBeLessThan(43);
    expect(underBars.y0).toBeGreaterThan(54);
    expect(underBars.y1).toBeLessThan(heading.y0 - 3);
    // Right half of the page, inside the 25 mm margin.
    expect(underBars.x0).toBeGreaterThan(105);
    expect(underBars.x1).toBeLessThan(210 - 25);
  });

  it('is on the first page of each file’s 卷内目录 too, beside the title, above the subtitle', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      seq: i + 1,
      docNo: null,
      responsibleParty: null,
      title: `文件 ${i + 1}`,
      date: null,
      pages: String(i + 1),
      remarks: '',
    }));
    const files = [{ ...sheet('KH-2026-0005'), items }, sheet('KH-2026-0006-01')];
    const { bytes, pages } = await renderPrint({ form: 'contents', meta, files });
    const pdf = path.join(tempDir(), 'contents.pdf');
    writeFileSync(pdf, bytes);
    // 40 rows take two pages; the second file starts on the third.
    expect(pages).toBe(3);
    for (const dpi of [200, 300]) {
      expect(symbols(pdf, dpi, 1), `${dpi} dpi`).toEqual(['CODE-128:KH-2026-0005']);
      expect(symbols(pdf, dpi, 2), 'a continuation page').toEqual([]);
      expect(symbols(pdf, dpi, 3), `${dpi} dpi`).toEqual(['CODE-128:KH-2026-0006-01']);
    }
    const all = words(pdf);
    const underBars = all.find((w) => w.text === 'KH-2026-0005')!;
    const subtitle = all.find((w) => w.text === '档号：KH-2026-0005')!;
    const title = all.find((w) => w.text === '卷')!;
    expect(underBars.y1).toBeLessThan(subtitle.y0);
    expect(underBars.x0).toBeGreaterThan(title.x1);
  });

  it('prints a number Code 128 cannot carry as a QR code', async () => {
    const pdf = await cover('客户-2026-0007');
    // zbar ignores the symbol's ECI (UTF-8) and gives the bytes as Latin-1 characters.
    const read = symbols(pdf, 200).map((s) => Buffer.from(s, 'latin1').toString('utf8'));
    expect(read).toEqual(['QR-Code:客户-2026-0007']);
  });
});
