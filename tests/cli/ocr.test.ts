/** `dossier scan ocr` as a clerk runs it (the real command): the text of a scanned letter read, then found by `dossier search`. */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord } from '../../shared/contract.js';
import type { SearchHit } from '../../shared/ops/search.js';
import { AUTHORISATION, renderOcrPage, scannedPdf } from '../fixtures/ocr/pages.js';
import { tempDir } from '../helpers.js';
import { dossier, json } from './dossier.js';

describe('dossier scan ocr', { timeout: 300_000 }, () => {
  it('reads a file’s scans once, says so in Chinese, and search finds the printed phrase', async () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const common = ['--archive', archive, '--user', 'clerk'];
    expect(dossier(['init', ...common]).code).toBe(0);
    const client = json<Client>(['client', 'add', ...common, '--name', '上海浦江物流股份有限公司']);
    const file = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '客户基本资料']);
    const letter = path.join(dir, '授权委托书.pdf');
    writeFileSync(letter, await scannedPdf([await renderOcrPage(AUTHORISATION, 'clean')]));
    // Not read on adding (--no-ocr): `scan ocr` reads it.
    expect(dossier(['scan', 'add', ...common, '--file', file.archiveNo, letter, '--no-ocr', '--json']).code).toBe(0);

    const first = json<{ scans: number; pages: number; failed: unknown[] }>(['scan', 'ocr', ...common, '--file', file.archiveNo]);
    expect(first).toMatchObject({ scans: 1, pages: 1, failed: [] });
    // Already read: nothing to do, said in Chinese.
    const again = dossier(['scan', 'ocr', ...common, '--all'], { DOSSIER_LANG: 'zh-CN' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('已识别 0 份扫描件，共 0 页');

    const hits = json<{ hits: SearchHit[] }>(['search', '客户档案查阅', ...common, '--kind', 'scan']);
    expect(hits.hits.map((h) => [h.kind, h.archiveNo])).toEqual([['scan', file.archiveNo]]);
  });
});
