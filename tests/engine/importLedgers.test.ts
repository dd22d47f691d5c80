/**
 * Ledgers as offices' tools write them (tests/fixtures/ledgers/generate.py: openpyxl, and
 * LibreOffice for recalculated formulas, .ods and .xls): nothing wrong is stored silently.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../shared/i18n/index.js';
import type { ImportInput, ImportReport } from '../../shared/ops/import.js';
import { expectDossierError, newArchive, TEST_KDF } from '../helpers.js';

const ledger = (name: string) => readFileSync(path.join(__dirname, '../fixtures/ledgers', name)).toString('base64');
const input = (kind: 'clients' | 'files', name: string, more: Partial<ImportInput> = {}) => ({ kind, fileName: name, contentBase64: ledger(name), ...more }) as ImportInput;
const found = (r: ImportReport) => r.problems.map((p) => [p.sheet, p.row, p.code]);

function translated(report: ImportReport) {
  for (const p of report.problems) {
    for (const language of ['zh-CN', 'en'] as const) expect(formatError({ code: p.code, params: p.params }, language)).not.toMatch(/\{\{|errors\./);
  }
}

describe('number cells in date columns', () => {
  it('reads yyyymmdd numbers, date cells and serials; refuses years, year-months, 1 and implausible dates, each named', async () => {
    const { session } = await newArchive();
    await session.call('clients.create', { name: '北京宏远建工集团有限公司' });
    const report = await session.call('import.check', input('files', 'date-numbers.xlsx'));
    translated(report);
    expect(found(report)).toEqual([
      ['卷内目录', 2, 'import.partialDate'],
      ['卷内目录', 3, 'import.partialDate'],
      ['卷内目录', 4, 'import.numberNotDate'],
      ['卷内目录', 6, 'import.ambiguousYearMonth'],
      ['卷内目录', 9, 'import.implausibleDate'],
      ['卷内目录', 10, 'import.numberNotDate'],
    ]);
    const run = await session.call('import.run', input('files', 'date-numbers.xlsx'));
    expect(run.created.files).toBe(3);
    const dates = [];
    for (const archiveNo of run.archiveNos) dates.push((await session.call('items.list', { archiveNo })).items[0]!.date);
    // 20211112 as a number, a real date cell, and the Excel serial 43895.
    expect(dates).toEqual(['2021-11-12', '2020-03-05', '2020-03-05']);
  });
});

describe('formulas', () => {
  it('a formula without a saved result (openpyxl) is reported with its cell, not as an empty required field', async () => {
    const { session } = await newArchive();
    const report = await session.call('import.check', input('clients', 'formulas-openpyxl.xlsx'));
    translated(report);
    expect(report.problems.map((p) => [p.row, p.code, p.params.cell])).toEqual([
      [2, 'import.formulaNoResult', 'B2'],
      [3, 'import.formulaNoResult', 'B3'],
      [4, 'import.formulaNoResult', 'A4'],
    ]);
  });

  it('cached #N/A and #REF! (LibreOffice) are reported as errors with their cell, never imported as blank', async () => {
    const { session } = await newArchive();
    const report = await session.call('import.run', input('clients', 'formulas-libreoffice.xlsx'));
    expect(report.problems.map((p) => [p.row, p.code, p.params.cell, p.params.value])).toEqual([
      [3, 'import.formulaError', 'B3', '#N/A'],
      [4, 'import.formulaError', 'A4', '#REF!'],
    ]);
    // The recalculated formula's value is imported; no client with a blank contact.
    const { rows } = await session.call('clients.list', {});
    expect(rows.map((r) => [r.name, r.contactPerson]).sort()).toEqual([
      ['公式未计算公司', '张伟'],
      ['正常公司', '赵磊'],
    ]);
  });
});

describe('codes and invisible characters', () => {
  it('says a credit code arrived as a number and shows invisible characters inside names', async () => {
    const { session } = await newArchive();
    const report = await session.call('import.check', input('clients', 'codes-and-invisible.xlsx'));
    translated(report);
    const [number, zw, nbsp, lf] = report.problems;
    expect(number).toMatchObject({ row: 2, code: 'import.creditCodeIsNumber', params: { value: '9.111E+17' } });
    expect(formatError({ code: number!.code, params: number!.params }, 'zh-CN')).toContain('文本');
    expect(zw).toMatchObject({ row: 3, code: 'import.invisibleCharacter', params: { value: '北京[U+200B]宏远建工集团有限公司' } });
    expect(nbsp).toMatchObject({ row: 4, params: { characters: '[NBSP]' } });
    expect(lf).toMatchObject({ row: 5, params: { characters: '[LF]' } });
    expect(report.goodRows).toBe(1);
  });
});

describe('every sheet, named', () => {
  for (const name of ['ledger-by-year.xlsx', 'ledger-by-year.ods']) {
    it(`${name}: lists the sheets, reads every one with a recognised header, names the sheet in every message`, async () => {
      const { session } = await newArchive();
      const report = await session.call('import.check', input('clients', name));
      translated(report);
      expect(report.format).toBe(name.endsWith('.ods') ? 'ods' : 'xlsx');
      expect(report.sheets.map((s) => [s.name, s.read, s.status, s.headerRow, s.rows])).toEqual([
        ['2023年', true, 'recognised', 3, 3],
        ['2024年', true, 'recognised', 1, 3],
        ['已终止客户', true, 'recognised', 1, 1],
        ['填表说明', false, 'missingColumn', 1, 0],
      ]);
      expect(report.totalRows).toBe(7);
      expect(report.problems.every((p) => p.sheet)).toBe(true);
      // Each unknown value once, with its row count and the accepted values.
      expect(report.unknownValues.map((u) => [u.value, u.count, u.rows.map((r) => `${r.sheet}!${r.row}`)])).toEqual([
        ['混凝土企业', 3, ['2023年!4', '2023年!5', '2024年!2']],
        ['老客户', 1, ['2024年!4']],
      ]);
      expect(report.unknownValues[0]!.accepted).toEqual(['集团内部客户', '国资委系统客户', '战略合作伙伴客户', '商混站', '中间商', '重点工程', '其他客户']);
      // Only the chosen sheets.
      const one = await session.call('import.check', input('clients', name, { sheets: ['已终止客户'] }));
      expect(one.sheets.map((s) => s.status)).toEqual(['notChosen', 'notChosen', 'recognised', 'notChosen']);
      expect(one.totalRows).toBe(1);
      await expectDossierError(session.call('import.check', input('clients', name, { sheets: ['2025年'] })), 'import.noSheet');
    });
  }

  it('maps, adds or empties unknown values as chosen, keeps terminated clients terminated, and remembers the choices', async () => {
    const { session } = await newArchive();
    const valueChoices = { 客户类别: { 混凝土企业: { action: 'map' as const, to: '商混站' }, 老客户: { action: 'add' as const } } };
    const report = await session.call('import.run', input('clients', 'ledger-by-year.xlsx', { valueChoices }));
    expect(report.problems).toEqual([]);
    expect(report.created.clients).toBe(7);
    expect(report.addedValues).toEqual([{ scheme: '客户类别', label: '老客户' }]);
    const { rows } = await session.call('clients.list', { status: ['prospect', 'active', 'terminated'], limit: 50 });
    const by = new Map(rows.map((r) => [r.name, r]));
    expect(by.get('南京瑞丰混凝土有限公司')).toMatchObject({ category: '商混站', classifications: { category: 'ready_mix' }, registeredOn: '2023-02-01' });
    expect(by.get('某某老客户')!.category).toBe('老客户');
    expect(by.get('武汉长城电力工程有限公司')).toMatchObject({ status: 'terminated', terminationKind: 'deregistered', terminatedOn: '2022-12-30', terminationReason: '公司注销' });
    expect((await session.call('import.mapping', { kind: 'clients' })).valueChoices).toEqual(valueChoices);
    // The next dry run uses the remembered choices (and finds the clients already there).
    const again = await session.call('import.check', input('clients', 'ledger-by-year.xlsx'));
    expect(again.unknownValues.every((u) => u.choice !== null)).toBe(true);
    expect(again.problems.map((p) => p.code).every((c) => c === 'import.duplicateName')).toBe(true);
    const audit = await session.call('audit.list', { limit: 50 });
    expect(audit.some((e) => e.action === 'classifications.saveValue' && e.targetLabel === '客户类别: 老客户')).toBe(true);
  });

  it('a clerk cannot add values to a scheme; emptying leaves the category blank', async () => {
    const { session } = await newArchive();
    await session.call('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk password', role: 'clerk' });
    const { openArchive } = await import('../../db/archive.js');
    const clerk = await openArchive(session.dir, 'clerk', 'clerk password', { kdfCost: TEST_KDF });
    try {
      const report = await clerk.call('import.check', input('clients', 'ledger-by-year.xlsx', { addUnknownValues: true }));
      expect(report.problems.filter((p) => p.code === 'import.cannotAddValue')).toHaveLength(4);
      const empty = await clerk.call(
        'import.run',
        input('clients', 'ledger-by-year.xlsx', { valueChoices: { category: { 混凝土企业: { action: 'empty' }, 老客户: { action: 'empty' } } } }),
      );
      expect(empty.created.clients).toBe(7);
      const { rows } = await clerk.call('clients.list', { search: '混凝土' });
      expect(rows[0]).toMatchObject({ category: null, classifications: {} });
    } finally {
      clerk.close();
    }
  });

  it('an .xls workbook is refused with how to save it as .xlsx', async () => {
    const { session } = await newArchive();
    const err = await expectDossierError(session.call('import.check', input('clients', 'ledger-by-year.xls')), 'import.unsupportedFormat');
    expect(formatError({ code: err.code, params: err.params }, 'zh-CN')).toContain('另存为');
    expect(formatError({ code: err.code, params: err.params }, 'en')).toContain('Save As');
  });
});
