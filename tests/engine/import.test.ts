import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importSpreadsheet } from '../../db/spreadsheet/index.js';
import type { ImportReport } from '../../shared/ops/import.js';
import { formatError } from '../../shared/i18n/index.js';
import { countRows, expectDossierError, newArchive, TEST_KDF } from '../helpers.js';
import { CLIENT_EXPECTED, CLIENT_GOOD_ROWS, CODE_A, CODE_B, CODE_D, EXISTING_CLIENT, FILE_CLIENTS, FILE_EXPECTED, FILE_GOOD_ROWS } from '../fixtures/importCases.js';
import type { Expected } from '../fixtures/importCases.js';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures', name));
const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

async function clientArchive() {
  const { session, dir } = await newArchive();
  await session.call('clients.create', EXISTING_CLIENT);
  return { session, dir };
}

async function fileArchive() {
  const { session } = await newArchive();
  for (const c of FILE_CLIENTS) await session.call('clients.create', c);
  return session;
}

function expectFindings(report: ImportReport, expected: Expected[], goodRows: number[]) {
  for (const e of expected) {
    const found = report.problems.filter((p) => p.row === e.row && p.code === e.code);
    expect(found, `row ${e.row}: ${e.code} in ${JSON.stringify(report.problems.filter((p) => p.row === e.row))}`).toHaveLength(1);
    if (e.column !== undefined) expect(found[0]!.column).toBe(e.column);
    if (e.params) expect(found[0]!.params).toMatchObject(e.params);
  }
  const badRows = [...new Set(report.problems.map((p) => p.row))].sort((a, b) => a - b);
  expect(badRows).toEqual([...new Set(expected.map((e) => e.row))].sort((a, b) => a - b));
  expect(report.badRows).toBe(badRows.length);
  expect(report.goodRows).toBe(goodRows.length);
  expect(report.totalRows).toBe(goodRows.length + badRows.length);
  expect(report.emptyRows).toBe(1);
  for (const p of report.problems) {
    // Every problem is translated in both languages (no raw key, no unfilled parameter).
    for (const language of ['zh-CN', 'en'] as const) {
      const text = formatError({ code: p.code, params: p.params }, language);
      expect(text).not.toMatch(/\{\{|errors\./);
      expect(text).not.toBe(formatError({ code: 'internal', params: {} }, language));
    }
  }
}

describe('spreadsheet import: clients', () => {
  it('dry run finds every bad row of the GBK fixture with its row number and writes nothing but its audit row', async () => {
    const { session } = await clientArchive();
    const clients = countRows(session, 'clients');
    const audit = countRows(session, 'audit_log');
    const report = await session.call('import.check', { kind: 'clients', fileName: 'clients-bad.gbk.csv', contentBase64: b64(fixture('clients-bad.gbk.csv')) });
    expect(report).toMatchObject({ dryRun: true, format: 'csv', encoding: 'gb18030', headerRow: 1 });
    expectFindings(report, CLIENT_EXPECTED, CLIENT_GOOD_ROWS);
    expect(report.created.clients).toBe(CLIENT_GOOD_ROWS.length);
    expect(countRows(session, 'clients')).toBe(clients);
    // Dry runs are audited (issue 8, finding 8).
    expect(countRows(session, 'audit_log')).toBe(audit + 1);
    expect((await session.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'import.check', targetLabel: 'clients-bad.gbk.csv' });
  });

  it('GBK CSV, UTF-8 CSV with BOM and xlsx give the same report', async () => {
    const { session } = await clientArchive();
    const check = async (name: string) => {
      const r = await session.call('import.check', { kind: 'clients', fileName: name, contentBase64: b64(fixture(name)) });
      return { problems: r.problems, good: r.goodRows, bad: r.badRows, mapping: r.mapping, encoding: r.encoding };
    };
    const gbk = await check('clients-bad.gbk.csv');
    const utf8 = await check('clients-bad.utf8.csv');
    const xlsx = await check('clients-bad.xlsx');
    expect(utf8.encoding).toBe('utf8-bom');
    expect(xlsx.encoding).toBeNull();
    expect({ ...utf8, encoding: null }).toEqual({ ...gbk, encoding: null });
    // A workbook names the sheet of every problem; otherwise the same report.
    expect(xlsx.problems.every((p) => p.sheet === '客户')).toBe(true);
    expect({ ...xlsx, problems: xlsx.problems.map(({ sheet: _sheet, ...p }) => p), encoding: null }).toEqual({ ...gbk, encoding: null });
    // UTF-8 without a BOM is detected too; forcing the wrong encoding garbles the headers.
    const noBom = fixture('clients-bad.utf8.csv').subarray(3);
    const plain = await session.call('import.check', { kind: 'clients', fileName: 'x.csv', contentBase64: b64(noBom) });
    expect(plain.encoding).toBe('utf8');
    expect(plain.problems).toEqual(gbk.problems);
    await expectDossierError(session.call('import.check', { kind: 'clients', fileName: 'x.csv', contentBase64: b64(noBom), encoding: 'gbk' }), 'import.missingColumn');
  });

  it('imports the good rows only, normalised, with one audit row each plus a summary', async () => {
    const { session } = await clientArchive();
    const audit = countRows(session, 'audit_log');
    const report = await session.call('import.run', { kind: 'clients', fileName: 'clients-bad.utf8.csv', contentBase64: b64(fixture('clients-bad.utf8.csv')) });
    expect(report.dryRun).toBe(false);
    expect(report.created.clients).toBe(5);
    expect(countRows(session, 'clients')).toBe(1 + 5);
    const { rows } = await session.call('clients.list', { limit: 100 });
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(
      [
        EXISTING_CLIENT.name,
        '北京宏远建工集团有限公司',
        '深圳宏达科技股份有限公司',
        '南京瑞丰商混有限公司',
        '上海中诚物业管理有限公司（一期,二期）',
        '杭州国资运营有限公司',
      ].sort(),
    );
    // Full-width and lower-case credit codes are normalised; spaces trimmed.
    expect(byName.get('深圳宏达科技股份有限公司')!.creditCode).toBe(CODE_B);
    expect(byName.get('南京瑞丰商混有限公司')).toMatchObject({ creditCode: CODE_D, contactPerson: '赵磊' });
    expect(byName.get('北京宏远建工集团有限公司')).toMatchObject({ creditCode: CODE_A, legalRepresentative: '王建国', contactPhone: '010-65881234' });
    // Quoted commas and newlines survive; categories by label, English label or code become classification values.
    const zc = byName.get('上海中诚物业管理有限公司（一期,二期）')!;
    expect(zc.address).toBe('上海市浦东新区世纪大道100号,\n环球金融中心"A"座');
    expect(zc.classifications).toMatchObject({ category: 'intermediary' });
    expect(byName.get('杭州国资运营有限公司')!.classifications).toMatchObject({ category: 'state_owned' });
    expect(byName.get('北京宏远建工集团有限公司')!.category).toBe('战略合作伙伴客户');
    // None of the bad rows got in.
    expect(byName.has('假冒校验码公司')).toBe(false);
    expect(byName.has('火星贸易有限公司')).toBe(false);
    const entries = await session.call('audit.list', { limit: 50 });
    const added = entries.filter((e) => e.seq > audit);
    expect(added.filter((e) => e.action === 'clients.create')).toHaveLength(5);
    const summary = added.find((e) => e.action === 'import.run')!;
    expect(summary.details).toMatchObject({ kind: 'clients', rows: 17, badRows: 12, clients: 5 });
    expect((await session.call('audit.verify')).ok).toBe(true);
  });

  it('all-or-nothing refuses the whole file when a row is bad and writes nothing', async () => {
    const { session } = await clientArchive();
    const before = { clients: countRows(session, 'clients'), audit: countRows(session, 'audit_log'), settings: countRows(session, 'settings') };
    const err = await expectDossierError(
      session.call('import.run', { kind: 'clients', fileName: 'c.xlsx', contentBase64: b64(fixture('clients-bad.xlsx')), mode: 'all-or-nothing', mapping: { 备注: null } }),
      'import.rejected',
    );
    expect(err.params.badRows).toBe(12);
    expect({ clients: countRows(session, 'clients'), audit: countRows(session, 'audit_log'), settings: countRows(session, 'settings') }).toEqual(before);
    // A clean file imports in full in that mode.
    const clean = '名称,信用代码\n甲公司,\n乙公司,\n';
    const report = await session.call('import.run', { kind: 'clients', fileName: 'ok.csv', contentBase64: b64(clean), mode: 'all-or-nothing' });
    expect(report.created.clients).toBe(2);
  });

  it('remembers the last mapping per kind and reuses it', async () => {
    const { session } = await newArchive();
    const csv = 'Firma,USCC-Nr,Ansprechpartner\n德国商行,,Hans\n';
    await expectDossierError(session.call('import.check', { kind: 'clients', fileName: 'a.csv', contentBase64: b64(csv) }), 'import.missingColumn');
    const mapping = { Firma: 'name', 'USCC-Nr': 'creditCode', Ansprechpartner: 'contactPerson' };
    await expectDossierError(session.call('import.check', { kind: 'clients', fileName: 'a.csv', contentBase64: b64(csv), mapping: { Firma: 'nonsense' } }), 'import.badMapping');
    const checked = await session.call('import.check', { kind: 'clients', fileName: 'a.csv', contentBase64: b64(csv), mapping });
    expect(checked.goodRows).toBe(1);
    // A dry run does not remember; an import does.
    expect((await session.call('import.mapping', { kind: 'clients' })).mapping).toEqual({});
    await session.call('import.run', { kind: 'clients', fileName: 'a.csv', contentBase64: b64(csv), mapping });
    expect((await session.call('import.mapping', { kind: 'clients' })).mapping).toEqual(mapping);
    expect((await session.call('import.mapping', { kind: 'files' })).mapping).toEqual({});
    const again = await session.call('import.check', { kind: 'clients', fileName: 'b.csv', contentBase64: b64('Firma,Ansprechpartner\n英国商行,John\n') });
    expect(again.mapping).toEqual({ Firma: 'name', Ansprechpartner: 'contactPerson' });
    expect(again.goodRows).toBe(1);
    // Header synonyms of common ledgers, a title row above the header, ignored columns.
    const ledger = '客户信息一览表,,,\n单位名称,社会信用代码,日常联系人,序号\n丙公司,,钱七,1\n';
    const r = await session.call('import.check', { kind: 'clients', fileName: 'l.csv', contentBase64: b64(ledger) });
    expect(r).toMatchObject({ headerRow: 2, goodRows: 1, unmappedHeaders: ['序号'] });
    expect(r.mapping).toMatchObject({ 单位名称: 'name', 社会信用代码: 'creditCode', 日常联系人: 'contactPerson' });
  });

  it('refuses unreadable, unsupported and oversized files, and readers', async () => {
    const { session } = await newArchive();
    await expectDossierError(
      session.call('import.check', { kind: 'clients', fileName: 'x.xls', contentBase64: b64(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2])) }),
      'import.unsupportedFormat',
    );
    await expectDossierError(session.call('import.check', { kind: 'clients', fileName: '../../etc/passwd', contentBase64: b64('a') }), 'import.unsupportedFormat');
    await expectDossierError(session.call('import.check', { kind: 'clients', fileName: 'x.xlsx', contentBase64: b64('not a zip') }), 'import.unreadable');
    await expectDossierError(session.call('import.check', { kind: 'clients', fileName: 'x.csv', contentBase64: b64('') }), 'import.noHeader');
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    await expectDossierError(session.call('import.check', { kind: 'clients', fileName: 'x.csv', contentBase64: b64(big) }), 'import.tooLarge');
    await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader password', role: 'reader' });
    const { openArchive } = await import('../../db/archive.js');
    const reader = await openArchive(session.dir, 'reader', 'reader password', { kdfCost: TEST_KDF });
    try {
      await expectDossierError(reader.call('import.check', { kind: 'clients', fileName: 'a.csv', contentBase64: b64('名称\n甲\n') }), 'auth.forbidden');
      await expectDossierError(reader.call('import.run', { kind: 'clients', fileName: 'a.csv', contentBase64: b64('名称\n甲\n') }), 'auth.forbidden');
    } finally {
      reader.close();
    }
  });
});

describe('spreadsheet import: files with items', () => {
  it('finds every bad row of the files fixture, the same in GBK, UTF-8 and xlsx', async () => {
    const session = await fileArchive();
    const reports = [];
    for (const name of ['files-bad.gbk.csv', 'files-bad.utf8.csv', 'files-bad.xlsx']) {
      const report = await session.call('import.check', { kind: 'files', fileName: name, contentBase64: b64(fixture(name)) });
      expectFindings(report, FILE_EXPECTED, FILE_GOOD_ROWS);
      expect(report.created).toEqual({ clients: 0, files: 3, items: 6 });
      reports.push(report.problems);
    }
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]!.every((p) => p.sheet === '档案')).toBe(true);
    expect(reports[2]!.map(({ sheet: _sheet, ...p }) => p)).toEqual(reports[0]);
    expect(countRows(session, 'files')).toBe(0);
  });

  it('imports the good files whole, with their contents lists in order and audited', async () => {
    const session = await fileArchive();
    const audit = countRows(session, 'audit_log');
    const report = await session.call('import.run', { kind: 'files', fileName: 'files-bad.xlsx', contentBase64: b64(fixture('files-bad.xlsx')) });
    expect(report.created).toEqual({ clients: 0, files: 3, items: 6 });
    expect(report.archiveNos).toHaveLength(3);
    expect(countRows(session, 'files')).toBe(3);
    const [basic, k, m] = report.archiveNos;
    const contents = await session.call('items.list', { archiveNo: basic! });
    expect(contents.items.map((i) => [i.seq, i.title, i.date, i.pageCount])).toEqual([
      [1, '营业执照', '2020-03-05', 2],
      [2, '税务登记证', '2020-03-05', 1],
      [3, '开户许可证', '2020-03-05', 1],
      [4, '法定代表人身份证明', '2020-03-05', 0],
    ]);
    const file = await session.call('files.get', { archiveNo: basic! });
    expect(file).toMatchObject({ title: '客户基本资料', clientName: '北京宏远建工集团有限公司', confidentiality: 'normal', retention: 'permanent' });
    expect(await session.call('files.get', { archiveNo: k! })).toMatchObject({ title: '档案K', confidentiality: 'confidential' });
    expect(await session.call('files.get', { archiveNo: m! })).toMatchObject({ title: '档案M', confidentiality: 'top_secret', retention: 'permanent' });
    const mItems = await session.call('items.list', { archiveNo: m! });
    expect(mItems.items.map((i) => [i.title, i.date, i.pageCount])).toEqual([['回访记录,第一次\n（电话）', '2026-03-05', 5]]);
    // Neither row of 档案N (one of its rows is bad) nor any other bad row made a file.
    const titles = (await session.call('clients.list', {})).rows.reduce((n, c) => n + c.fileCount, 0);
    expect(titles).toBe(3);
    const added = (await session.call('audit.list', { limit: 100 })).filter((e) => e.seq > audit);
    expect(added.filter((e) => e.action === 'files.create')).toHaveLength(3);
    expect(added.filter((e) => e.action === 'items.add')).toHaveLength(6);
    expect(added.filter((e) => e.action === 'import.run')).toHaveLength(1);
  });

  it("refuses files above the importing user's clearance, row by row", async () => {
    const session = await fileArchive();
    await session.call('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk password', role: 'clerk', clearance: 'restricted' });
    const { openArchive } = await import('../../db/archive.js');
    const clerk = await openArchive(session.dir, 'clerk', 'clerk password', { kdfCost: TEST_KDF });
    try {
      const csv = '客户名称,档案题名,密级\n上海中诚物业管理有限公司,普通卷,普通\n上海中诚物业管理有限公司,机密卷,机密\n';
      const report = await clerk.call('import.run', { kind: 'files', fileName: 'f.csv', contentBase64: b64(csv) });
      expect(report.problems).toEqual([{ row: 3, column: '密级', code: 'file.aboveClearance', params: { confidentiality: '机密' } }]);
      expect(report.created.files).toBe(1);
    } finally {
      clerk.close();
    }
  });
});

describe('the bench hook', () => {
  it('imports a generated 1,000-row workbook through the engine', async () => {
    const { session } = await newArchive();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户名称', '联系人']);
    for (let i = 1; i <= 1000; i++) ws.addRow([`测试客户${i}有限公司`, `联系人${i}`]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await importSpreadsheet(session, bytes, { kind: 'clients', dryRun: true });
    expect(dry.goodRows).toBe(1000);
    const report = await importSpreadsheet(session, bytes, { kind: 'clients' });
    expect(report.created.clients).toBe(1000);
    expect(countRows(session, 'clients')).toBe(1000);
  });
});
