/**
 * A CSV export opened in LibreOffice (Debian's libreoffice-calc-nogui, headless): digit-only
 * credit codes and phone numbers stay whole text, and the file LibreOffice saves imports back.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { newArchive, tempDir, validCreditCode } from '../helpers.js';

const DIGITS = validCreditCode('91110108101234567');

describe('CSV export opened in LibreOffice', () => {
  it('keeps a digit-only credit code and a mobile number intact, and the saved workbook imports back', async () => {
    const { session } = await newArchive();
    await session.call('clients.create', { name: '南京瑞丰商混有限公司', creditCode: DIGITS, contactPerson: '赵磊', contactPhone: '13851234567' });
    const out = await session.call('export.create', { list: 'clients', format: 'csv' });
    const dir = tempDir();
    const csv = path.join(dir, 'clients.csv');
    writeFileSync(csv, Buffer.from(out.contentBase64, 'base64'));
    // UTF-8 (76), comma, double quote, from line 1: what the CSV import dialog offers for this file.
    const result = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, csv],
      { encoding: 'utf8', timeout: 180_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const saved = readFileSync(path.join(dir, 'clients.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(saved as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const text = (v: ExcelJS.CellValue) => (v && typeof v === 'object' && 'result' in v ? v.result : v);
    expect(text(ws.getRow(2).getCell(header.indexOf('统一社会信用代码') + 1).value)).toBe(DIGITS);
    expect(text(ws.getRow(2).getCell(header.indexOf('联系电话') + 1).value)).toBe('13851234567');
    const { session: fresh } = await newArchive();
    const report = await fresh.call('import.run', { kind: 'clients', fileName: 'clients.xlsx', contentBase64: saved.toString('base64') });
    expect(report.problems).toEqual([]);
    expect((await fresh.call('clients.list', {})).rows[0]).toMatchObject({ creditCode: DIGITS, contactPhone: '13851234567' });
  }, 200_000);
});
