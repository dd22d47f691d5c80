import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ArchiveSession } from '../../db/archive.js';
import type { Client } from '../../shared/contract.js';
import { newArchive, validCreditCode } from '../helpers.js';

// A digit-only credit code (organisation code of digits, check character a digit): the one a spreadsheet turns into a number.
const DIGITS = validCreditCode('91110108101234567');
const LETTERS = validCreditCode('91310115MA1K3YJ12');

async function seeded() {
  const { session } = await newArchive();
  const active = await session.call('clients.create', {
    name: '南京瑞丰商混有限公司',
    creditCode: DIGITS,
    classifications: { category: 'ready_mix', grade: 'B' },
    contactPerson: '赵磊',
    contactPhone: '13851234567',
    remarks: '2019 年由纸质台账转入',
    registeredOn: '2019-04-02',
    address: '南京市玄武区中山路1号',
  });
  await session.call('clients.update', { id: active.id, gradeEvaluated: true });
  await session.call('clients.verify', { id: active.id });
  await session.call('clients.create', { name: '上海中诚物业管理有限公司', creditCode: LETTERS, status: 'prospect', classifications: { category: 'other' } });
  const ended = await session.call('clients.create', { name: '杭州旧城改造指挥部', classifications: { category: 'key_project' } });
  await session.call('clients.setStatus', { id: ended.id, status: 'terminated', terminationKind: 'deregistered', terminatedOn: '2024-12-31', reason: '项目结束，单位撤销' });
  const file = await session.call('files.create', { clientId: active.id, title: '客户基本资料', confidentiality: 'confidential', retention: 'permanent' });
  await session.call('items.addMany', {
    archiveNo: file.archiveNo,
    items: [
      { title: '营业执照', docNo: '宁工商〔2019〕12号', responsibleParty: '南京市市场监督管理局', date: '2019-03-05', pageCount: 2 },
      { title: '开户许可证', date: '2019-03-06', pageCount: 1, remarks: '复印件' },
    ],
  });
  await session.call('files.create', { clientId: ended.id, title: '合同档案', retention: '30y' });
  return session;
}

const comparable = (c: Client) => ({
  name: c.name,
  creditCode: c.creditCode,
  category: c.category,
  classifications: c.classifications,
  status: c.status,
  terminationKind: c.terminationKind,
  terminatedOn: c.terminatedOn,
  terminationReason: c.terminationReason,
  verifiedOn: c.verifiedOn,
  gradeEvaluatedOn: c.gradeEvaluatedOn,
  gradeProvisional: c.gradeProvisional,
  remarks: c.remarks,
  registeredOn: c.registeredOn,
  contactPerson: c.contactPerson,
  contactPhone: c.contactPhone,
  address: c.address,
});

async function allClients(session: ArchiveSession) {
  const { rows } = await session.call('clients.list', { status: ['prospect', 'active', 'terminated'], limit: 100 });
  return rows.map(comparable).sort((a, b) => a.name.localeCompare(b.name));
}

describe('Dossier’s own exports import back with nothing lost', () => {
  for (const [format, encoding, language] of [
    ['xlsx', 'utf8', 'zh-CN'],
    ['xlsx', 'utf8', 'en'],
    ['csv', 'utf8', 'zh-CN'],
    ['csv', 'gbk', 'zh-CN'],
  ] as const) {
    it(`clients as ${format} (${encoding}, ${language} headers): status, lifecycle, review dates, grade evaluation, remarks, registration date`, async () => {
      const source = await seeded();
      const out = await source.call('export.create', { list: 'clients', format, encoding, language });
      const { session: fresh } = await newArchive();
      const dry = await fresh.call('import.check', { kind: 'clients', fileName: out.fileName, contentBase64: out.contentBase64 });
      expect(dry.problems).toEqual([]);
      expect(dry.unmappedHeaders).toEqual([]);
      const report = await fresh.call('import.run', { kind: 'clients', fileName: out.fileName, contentBase64: out.contentBase64 });
      expect(report.created.clients).toBe(3);
      expect(await allClients(fresh)).toEqual(await allClients(source));
      // Importing the same export again is refused row by row, not duplicated.
      const again = await fresh.call('import.check', { kind: 'clients', fileName: out.fileName, contentBase64: out.contentBase64 });
      expect(again.goodRows).toBe(0);
      expect(again.problems.map((p) => p.code).sort()).toEqual(['client.duplicateCreditCode', 'client.duplicateCreditCode', 'import.duplicateName']);
    });
  }

  it('files as xlsx: the catalog and the contents lists sheet, with archive numbers, types and items', async () => {
    const source = await seeded();
    const clients = await source.call('export.create', { list: 'clients', format: 'xlsx' });
    const files = await source.call('export.create', { list: 'files', format: 'xlsx' });
    const { session: fresh } = await newArchive();
    await fresh.call('import.run', { kind: 'clients', fileName: clients.fileName, contentBase64: clients.contentBase64 });
    const dry = await fresh.call('import.check', { kind: 'files', fileName: files.fileName, contentBase64: files.contentBase64 });
    expect(dry.problems).toEqual([]);
    expect(dry.sheets.map((s) => [s.name, s.read, s.rows])).toEqual([
      ['案卷目录', true, 2],
      ['卷内目录', true, 2],
    ]);
    // The catalog's counts are recognised as computed columns, not item pages.
    expect(dry.mapping).toMatchObject({ 件数: 'itemCount', 总页数: 'filePageCount', 页数: 'pageCount' });
    const report = await fresh.call('import.run', { kind: 'files', fileName: files.fileName, contentBase64: files.contentBase64 });
    expect(report.created).toEqual({ clients: 0, files: 2, items: 2 });
    for (const archiveNo of report.archiveNos) {
      const a = await source.call('files.get', { archiveNo });
      const b = await fresh.call('files.get', { archiveNo });
      expect({ title: b.title, client: b.clientName, confidentiality: b.confidentiality, retention: b.retention, type: b.fileTypeName }).toEqual({
        title: a.title,
        client: a.clientName,
        confidentiality: a.confidentiality,
        retention: a.retention,
        type: a.fileTypeName,
      });
      const items = async (s: ArchiveSession) =>
        (await s.call('items.list', { archiveNo })).items.map((i) => [i.seq, i.title, i.docNo, i.responsibleParty, i.date, i.pageCount, i.remarks]);
      expect(await items(fresh)).toEqual(await items(source));
    }
    const again = await fresh.call('import.check', { kind: 'files', fileName: files.fileName, contentBase64: files.contentBase64 });
    expect(again.goodRows).toBe(0);
    expect(again.problems.filter((p) => p.code === 'file.duplicateArchiveNo')).toHaveLength(4);
  });

  it('xlsx exports write real date cells, text-formatted codes and phone numbers, and an autofilter', async () => {
    const source = await seeded();
    const out = await source.call('export.create', { list: 'clients', format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === '南京瑞丰商混有限公司')!;
    const cell = (name: string) => row.getCell(header.indexOf(name) + 1);
    expect(cell('统一社会信用代码').value).toBe(DIGITS);
    expect(cell('统一社会信用代码').numFmt).toBe('@');
    expect(cell('联系电话').value).toBe('13851234567');
    expect(cell('联系电话').numFmt).toBe('@');
    expect(cell('登记日期').value).toEqual(new Date(Date.UTC(2019, 3, 2)));
    expect(cell('登记日期').numFmt).toBe('yyyy-mm-dd');
    expect(ws.autoFilter).toBeTruthy();
  });
});
