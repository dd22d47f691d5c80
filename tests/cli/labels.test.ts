/** `dossier print labels` and `dossier print calibration` as a clerk runs them. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier, json, jsonError } from './dossier.js';

describe('dossier print labels', { timeout: 180_000 }, () => {
  it('writes labels of the chosen files, a box and outdated labels, and the calibration page', () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...common]).code).toBe(0);
    const client = json<Client>(['client', 'add', ...common, '--name', '南京瑞丰商混有限公司']);
    const files = ['客户基本资料', '合同'].map((title) => json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', title]).archiveNo);
    const call = (op: string, input: object) => json<Record<string, unknown>>(['call', op, ...common, '--input', JSON.stringify(input)]);
    const room = call('locations.save', { kind: 'room', code: '1', name: '一号库房' });
    const cabinet = call('locations.save', { kind: 'cabinet', parentId: room.id, code: 'A', name: 'A柜' });
    const shelf = call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '3', name: '3架' });
    const box = call('locations.save', { kind: 'box', parentId: shelf.id, code: '12', name: '12盒' });
    call('files.move', { archiveNo: files[1], locationId: box.id });

    const out = path.join(dir, 'labels.pdf');
    const printed = json<{ file: string; labels: number; pages: number; pageSize: { widthMm: number } }>([
      'print',
      'labels',
      ...common,
      '--out',
      out,
      '--file',
      files.join(','),
      '--layout',
      'a4 3x7',
      '--start',
      '20',
      '--copies',
      '2',
    ]);
    // Slots 20 and 21 of the first sheet, then two on the next.
    expect(printed).toMatchObject({ file: out, labels: 4, pages: 2, pageSize: { widthMm: 210 } });
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    for (const no of files) expect(text).toContain(no);
    expect(text).toContain('南京瑞丰商混有限公司');
    // Paper records like the printed forms: Chinese captions though the command speaks English here.
    expect(text).toMatch(/年度\s*\d{4}/);
    expect(text).toContain('保管期限');
    expect(text).not.toMatch(/Year|Retention|Confidentiality/);

    // The box by its code path: only the file in it.
    const boxOut = path.join(dir, 'box.pdf');
    expect(json<{ labels: number }>(['print', 'labels', ...common, '--out', boxOut, '--box', '1-A-3-12', '--layout', '60x40']).labels).toBe(1);
    expect(execFileSync('pdftotext', [boxOut, '-'], { encoding: 'utf8' })).not.toContain(files[0]!);

    // A renamed client: its labels are outdated and --outdated reprints exactly them.
    call('clients.update', { id: client.id, name: '南京瑞丰商混股份有限公司', reason: '改制' });
    const outdated = path.join(dir, 'outdated.pdf');
    const reprint = dossier(['print', 'labels', ...common, '--out', outdated, '--outdated']);
    expect(reprint.code).toBe(0);
    // The latest spine label of each file showed the old name.
    expect(reprint.stdout).toMatch(/Printed labels: 2, pages: 1/);
    expect(execFileSync('pdftotext', [outdated, '-'], { encoding: 'utf8' })).toContain('南京瑞丰商混股份有限公司');

    const calibration = path.join(dir, 'calibration.pdf');
    expect(json(['print', 'calibration', ...common, '--layout', '40x30', '--out', calibration, '--offset-x', '0.5'])).toMatchObject({ pageSize: { widthMm: 40, heightMm: 30 } });
    expect(readFileSync(calibration).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses bad requests with a clear message and writes nothing', () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...common]).code).toBe(0);
    const out = path.join(dir, 'labels.pdf');
    const notPdf = dossier(['print', 'labels', ...common, '--out', path.join(dir, 'labels.txt'), '--since', '2000-01-01']);
    expect(notPdf.code).toBe(2);
    expect(notPdf.stderr).toContain('must be a .pdf');
    const nothing = dossier(['print', 'labels', ...common, '--out', out, '--json']);
    expect(nothing.code).toBe(1);
    expect(jsonError(nothing).code).toBe('labels.nothingSelected');
    const noLayout = dossier(['print', 'labels', ...common, '--out', out, '--since', '2000-01-01', '--layout', 'A5 9x9', '--lang', 'zh-CN']);
    expect(noLayout.code).toBe(1);
    expect(noLayout.stderr).toContain('没有名为“A5 9x9”的标签版式');
    const noFiles = dossier(['print', 'labels', ...common, '--out', out, '--since', '2000-01-01']);
    expect(noFiles.stderr).toContain('No file matches; no labels were printed.');
    expect(existsSync(out)).toBe(false);
  });
});
