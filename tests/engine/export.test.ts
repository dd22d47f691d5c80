import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { countRows, newArchive, tempDir, TEST_KDF, validCreditCode, personFor, SIGNED } from '../helpers.js';

async function sheetOf(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v)))));
  return { name: ws.name, rows };
}

async function seeded() {
  const { session } = await newArchive();
  const code = validCreditCode('91110108MA01A1B2C');
  const a = await session.call('clients.create', {
    name: '北京宏远建工集团有限公司',
    creditCode: code,
    category: '战略合作伙伴客户',
    contactPerson: '张伟',
    contactPhone: '+86 10 6588',
  });
  const b = await session.call('clients.create', { name: '=HYPERLINK("http://evil")', legalRepresentative: '王五' });
  const f1 = await session.call('files.create', { clientId: a.id, title: '客户基本资料', confidentiality: 'normal', retention: 'permanent' });
  const f2 = await session.call('files.create', { clientId: a.id, title: '权证', confidentiality: 'confidential' });
  await session.call('files.create', { clientId: b.id, title: '合同' });
  await session.call('loans.lend', { archiveNo: f1.archiveNo, borrower: await personFor(session, '销售部 李明'), paperApproval: SIGNED, purpose: '合同核对' });
  await session.call('loans.lend', { archiveNo: f2.archiveNo, borrower: await personFor(session, '财务部 王芳'), paperApproval: SIGNED });
  await session.call('loans.return', { archiveNo: f2.archiveNo });
  return { session, code, f1, f2 };
}

describe('spreadsheet export', () => {
  it('exports clients to xlsx with Chinese headers by default, English on request, and audits it', async () => {
    const { session, code } = await seeded();
    const audit = countRows(session, 'audit_log');
    const out = await session.call('export.create', { list: 'clients', format: 'xlsx' });
    expect(out.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(out.fileName).toMatch(/^客户信息一览表-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(out.rows).toBe(2);
    const sheet = await sheetOf(out.contentBase64);
    const [header, ...rows] = sheet.rows;
    expect(header!.slice(0, 4)).toEqual(['客户名称', '统一社会信用代码', '简称', '客户类别']);
    expect(header).toContain('等级'); // a classification scheme
    const hy = rows.find((r) => r[0] === '北京宏远建工集团有限公司')!;
    expect(hy[1]).toBe(code);
    expect(hy[header!.indexOf('客户类别')]).toBe('战略合作伙伴客户');
    expect(hy[header!.indexOf('联系电话')]).toBe('+86 10 6588');
    // In xlsx a formula-like name is plain text.
    expect(rows.some((r) => r[0] === '=HYPERLINK("http://evil")')).toBe(true);
    const audited = (await session.call('audit.list', { limit: 5 })).filter((e) => e.seq > audit);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ action: 'export.create', details: { list: 'clients', format: 'xlsx', rows: 2 } });
    const en = await sheetOf((await session.call('export.create', { list: 'clients', language: 'en' })).contentBase64);
    expect(en.rows[0]!.slice(0, 2)).toEqual(['Client name', 'Unified social credit code']);
    expect(en.rows.find((r) => r[0] === '北京宏远建工集团有限公司')![3]).toBe('Strategic partner');
  });

  it('exports CSV as UTF-8 with BOM or GBK, guards formulas, and re-imports to the same clients', async () => {
    const { session, code } = await seeded();
    const utf8 = Buffer.from((await session.call('export.create', { list: 'clients', format: 'csv' })).contentBase64, 'base64');
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = utf8.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toMatch(/^客户名称,统一社会信用代码/);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'+86 10 6588");
    const gbk = await session.call('export.create', { list: 'clients', format: 'csv', encoding: 'gbk' });
    expect(gbk.mimeType).toBe('text/csv; charset=gb18030');
    expect(iconv.decode(Buffer.from(gbk.contentBase64, 'base64'), 'gbk')).toBe(text);
    // Round trip: the export imports into a fresh archive as the same clients.
    const { session: other } = await newArchive();
    const report = await other.call('import.run', { kind: 'clients', fileName: 'clients.csv', contentBase64: gbk.contentBase64 });
    expect(report.badRows).toBe(0);
    const { rows } = await other.call('clients.list', {});
    expect(rows.map((r) => [r.name, r.creditCode, r.contactPhone, r.legalRepresentative]).sort()).toEqual(
      [
        ['=HYPERLINK("http://evil")', null, null, '王五'],
        ['北京宏远建工集团有限公司', code, '+86 10 6588', null],
      ].sort(),
    );
    expect(rows.find((r) => r.creditCode === code)!.classifications).toMatchObject({ category: 'strategic' });
  });

  it("exports what the screen shows: the client list's search and filters, the on-loan list filtered to overdue", async () => {
    const { session, f1 } = await seeded();
    const csv = (out: { contentBase64: string }) => Buffer.from(out.contentBase64, 'base64').toString('utf8');
    const searched = await session.call('export.create', { list: 'clients', format: 'csv', clientFilter: { search: '宏远' } });
    expect(searched.rows).toBe(1);
    expect(csv(searched)).toContain('北京宏远建工集团有限公司');
    expect(csv(searched)).not.toContain('HYPERLINK');
    const none = await session.call('export.create', { list: 'clients', format: 'csv', clientFilter: { status: 'terminated' } });
    expect(none.rows).toBe(0);
    // Without the screen's filters: every client, as before.
    expect((await session.call('export.create', { list: 'clients', format: 'csv' })).rows).toBe(2);

    const open = await session.call('export.create', { list: 'loans', format: 'csv', open: true });
    expect(open.rows).toBe(1);
    expect(csv(open)).toContain(f1.archiveNo);
    const overdue = await session.call('export.create', { list: 'loans', format: 'csv', open: true, overdueOnly: true });
    expect(overdue.rows).toBe(0);
  });

  it('exports files and the loans ledger only as far as the user is cleared; a reader may export', async () => {
    const { session, f1, f2 } = await seeded();
    const files = await sheetOf((await session.call('export.create', { list: 'files' })).contentBase64);
    expect(files.rows[0]!.slice(0, 3)).toEqual(['档号', '客户名称', '档案题名']);
    expect(files.rows).toHaveLength(4);
    expect(files.rows.find((r) => r[0] === f2.archiveNo)![files.rows[0]!.indexOf('密级')]).toBe('机密');
    const all = await sheetOf((await session.call('export.create', { list: 'loans' })).contentBase64);
    expect(all.rows).toHaveLength(3);
    const open = await sheetOf((await session.call('export.create', { list: 'loans', open: true })).contentBase64);
    expect(open.rows.slice(1).map((r) => r[0])).toEqual([f1.archiveNo]);
    expect(open.name).toBe('借阅登记簿（未还）');

    await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader password', role: 'reader' });
    const reader = await openArchive(session.dir, 'reader', 'reader password', { kdfCost: TEST_KDF });
    try {
      const seen = await sheetOf((await reader.call('export.create', { list: 'files' })).contentBase64);
      expect(seen.rows.map((r) => r[0])).not.toContain(f2.archiveNo);
      expect(seen.rows).toHaveLength(3);
      const loans = await sheetOf((await reader.call('export.create', { list: 'loans' })).contentBase64);
      expect(loans.rows.map((r) => r[0])).toEqual(['档号', f1.archiveNo]);
    } finally {
      reader.close();
    }
  });
});

const BIN = path.resolve(__dirname, '../../bin/dossier.mjs');
function dossier(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOSSIER_PASSWORD: 'cli password 1', DOSSIER_LANG: 'en' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the import and export commands', { timeout: 300_000 }, () => {
  it('dry-runs (exit 1 on problems), imports, and exports by file extension', () => {
    const dir = tempDir();
    const common = ['--archive', path.join(dir, 'archive'), '--user', 'clerk'];
    expect(dossier(['init', ...common]).code).toBe(0);
    const fixture = path.resolve(__dirname, '../fixtures/clients-bad.gbk.csv');
    const dry = dossier(['import', 'clients', fixture, ...common, '--dry-run']);
    expect(dry.code).toBe(1);
    // No client is registered yet, so row 7 (a duplicate of a registered client in the engine tests) is good here.
    expect(dry.stdout).toContain('17 data rows: 6 good, 11 with problems; 1 empty rows skipped.');
    expect(dry.stdout).toMatch(/Row 3 \[统一社会信用代码\]: The unified social credit code ".*" is invalid \(check character does not match\)\./);
    expect(dossier(['import', 'clients', fixture, ...common, '--all-or-nothing']).code).toBe(1);
    const mappingFile = path.join(dir, 'mapping.json');
    writeFileSync(mappingFile, JSON.stringify({ 地址: null }));
    const run = dossier(['import', 'clients', fixture, ...common, '--mapping', mappingFile, '--json']);
    // The good rows are imported, and the refused ones fail the command.
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ badRows: 11, created: { clients: 6 }, mapping: { 地址: null } });
    const clean = path.join(dir, 'clean.csv');
    writeFileSync(clean, '名称\n甲公司\n');
    const cleanRun = dossier(['import', 'clients', clean, ...common, '--lang', 'zh-CN']);
    expect(cleanRun.code).toBe(0);
    expect(cleanRun.stdout).toContain('已导入：客户 1 个，档案 0 卷，卷内文件 0 件。');

    const out = path.join(dir, 'clients.xlsx');
    const exported = dossier(['export', 'clients', '--out', out, ...common]);
    expect(exported.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(dossier(['export', 'clients', '--out', out, ...common]).code).toBe(2); // exists: not overwritten
    const csv = path.join(dir, 'loans.csv');
    expect(dossier(['export', 'loans', '--out', csv, '--open', ...common]).code).toBe(0);
    expect(existsSync(csv)).toBe(true);
    expect(dossier(['export', 'loans', '--out', path.join(dir, 'x.pdf'), ...common]).code).toBe(2);
    expect(dossier(['import', 'clients', ...common]).code).toBe(2);
  });
});

describe('exporting the handover register', () => {
  it('lists every handover with its deadline, timeliness and missing items', async () => {
    const { session, f1 } = await seeded();
    await session.call('handovers.register', {
      archiveNo: f1.archiveNo,
      department: '销售部',
      eventKind: 'sale',
      eventDate: '2026-03-06',
      receivedDate: '2026-03-09',
      handedOverBy: '李明',
      items: ['购销合同', '开票资料'],
      missing: ['营业执照副本'],
    });
    const { name, rows } = await sheetOf((await session.call('export.create', { list: 'handovers' })).contentBase64);
    expect(name).toBe('移交登记簿');
    expect(rows[0]).toEqual([
      '移交部门',
      '触发事项',
      '事项日期',
      '移交时限',
      '接收日期',
      '是否按时',
      '逾期天数',
      '客户名称',
      '档号',
      '移交材料',
      '缺少材料',
      '移交人',
      '接收人',
      '备注',
    ]);
    expect(rows[1]!.slice(0, 6)).toEqual(['销售部', '销售', '2026-03-06', '2026-03-11', '2026-03-09', '是']);
    expect(rows[1]!.slice(7, 12)).toEqual(['北京宏远建工集团有限公司', f1.archiveNo, '购销合同；开票资料', '营业执照副本', '李明']);
  });
});
