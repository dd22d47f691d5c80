import type { Client, FileRecord, Loan } from '../../shared/contract.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { OperationContext } from '../context.js';
import type { OpParsedInput } from '../../shared/contract.js';
import { DossierError } from '../../shared/errors.js';
import { listClassifications } from '../records/classifications.js';
import { CATEGORY_SCHEME_ID } from '../records/clientClassifications.js';
import { clientRecords } from '../records/clients.js';
import { fileQuery } from '../records/files.js';
import { listHandovers } from '../records/handovers.js';
import { loanQuery, toLoan } from '../records/loans.js';
import { runTask } from '../workers/pool.js';
import { staged } from './kit.js';
import type { exportOps } from '../../shared/ops/export.js';
import type { HandlersOf } from './kit.js';

// ---------------------------------------------------------------------------------------
// Export
type Language = 'zh-CN' | 'en';

export type Value = string | number | null;

function localTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

interface Table {
  title: string;
  header: string[];
  rows: Value[][];
}

function columnLabel(language: Language, key: string): string {
  return (catalogs[language].enums.spreadsheetColumn as Record<string, string>)[key] ?? key;
}

function clientTable(ctx: OperationContext, language: Language): Table {
  const enums = catalogs[language].enums;
  const schemes = listClassifications(ctx, { includeInactive: true });
  const rows = ctx.db.all(ctx.db.k.selectFrom('clients').selectAll().orderBy('name').orderBy('createdAt'));
  const clients: Client[] = clientRecords(ctx, rows);
  const text = (c: Client, key: string): Value => {
    const v = (c as unknown as Record<string, unknown>)[key];
    return v === null || v === undefined ? null : String(v);
  };
  const plain = ['name', 'creditCode', 'shortName'];
  const rest = ['contactPerson', 'contactPhone', 'legalRepresentative', 'address', 'enterpriseNature', 'supervisingUnit', 'accountManager', 'creditStatus', 'verifiedOn'];
  const valueLabel = (schemeCode: string, valueCode: string | undefined): Value => {
    if (!valueCode) return null;
    const scheme = schemes.find((s) => s.code === schemeCode);
    const value = scheme?.values.find((v) => v.code === valueCode);
    return value ? (language === 'en' ? (value.labelEn ?? value.label) : value.label) : valueCode;
  };
  const header = [
    ...plain.map((k) => columnLabel(language, k)),
    columnLabel(language, 'category'),
    ...schemes.filter((s) => s.id !== CATEGORY_SCHEME_ID && s.code !== 'category').map((s) => (language === 'en' ? (s.labelEn ?? s.label) : s.label)),
    columnLabel(language, 'clientStatus'),
    ...rest.map((k) => columnLabel(language, k)),
    columnLabel(language, 'createdAt'),
  ];
  const data = clients.map((c) => [
    ...plain.map((k) => text(c, k)),
    valueLabel('category', c.classifications?.category) ?? c.category,
    ...schemes.filter((s) => s.id !== CATEGORY_SCHEME_ID && s.code !== 'category').map((s) => valueLabel(s.code, c.classifications?.[s.code])),
    enums.clientStatus[c.status],
    ...rest.map((k) => text(c, k)),
    localTime(c.createdAt),
  ]);
  return { title: language === 'en' ? 'Clients' : '客户信息一览表', header, rows: data };
}

function fileTable(ctx: OperationContext, language: Language): Table {
  const enums = catalogs[language].enums;
  const files: FileRecord[] = ctx.db.all(fileQuery(ctx).orderBy('files.archiveNo'));
  const keys = ['archiveNo', 'clientName', 'title', 'fileType', 'confidentiality', 'retention', 'status', 'itemCount', 'pageCount', 'fileRemarks', 'createdAt'];
  return {
    title: language === 'en' ? 'Files' : '案卷目录',
    header: keys.map((k) => (k === 'itemCount' ? (language === 'en' ? 'Items' : '件数') : columnLabel(language, k))),
    rows: files.map((f) => [
      f.archiveNo,
      f.clientName,
      f.title,
      f.fileTypeName ?? null,
      enums.confidentiality[f.confidentiality],
      enums.retention[f.retention],
      enums.fileStatus[f.status],
      f.itemCount ?? null,
      f.pageCount ?? null,
      f.remarks || null,
      localTime(f.createdAt),
    ]),
  };
}

function loanTable(ctx: OperationContext, language: Language, open: boolean): Table {
  const enums = catalogs[language].enums;
  let query = loanQuery(ctx);
  query = open ? query.where('loans.returnedAt', 'is', null).orderBy('loans.dueDate').orderBy('files.archiveNo') : query.orderBy('loans.lentAt', 'desc');
  const loans: Loan[] = ctx.db.all(query).map((row) => toLoan(ctx, row));
  const keys = ['archiveNo', 'fileTitle', 'clientName', 'confidentiality', 'borrower', 'purpose', 'lentAt', 'lentBy', 'dueDate', 'returnedAt', 'returnedBy', 'overdue'];
  const yes = language === 'en' ? 'yes' : '是';
  return {
    title: language === 'en' ? (open ? 'Open loans' : 'Loans') : open ? '借阅登记簿（未还）' : '借阅登记簿',
    header: keys.map((k) => columnLabel(language, k)),
    rows: loans.map((l) => [
      l.archiveNo,
      l.fileTitle,
      l.clientName,
      enums.confidentiality[l.confidentiality],
      l.borrower,
      l.purpose || null,
      localTime(l.lentAt),
      l.lentBy,
      l.dueDate,
      localTime(l.returnedAt),
      l.returnedBy,
      l.overdue ? yes : null,
    ]),
  };
}

function handoverTable(ctx: OperationContext, language: Language): Table {
  const handovers = listHandovers(ctx, { limit: 5000, department: undefined, archiveNo: undefined });
  const keys = ['department', 'eventKind', 'eventDate', 'deadline', 'receivedDate', 'onTime', 'daysLate', 'clientName', 'archiveNo', 'handoverItems', 'missingItems', 'handedOverBy', 'receivedBy', 'remarks'];
  const yes = language === 'en' ? 'yes' : '是';
  const no = language === 'en' ? 'no' : '否';
  return {
    title: language === 'en' ? 'Handover register' : '移交登记簿',
    header: keys.map((k) => columnLabel(language, k)),
    rows: handovers.map((h) => [
      h.department,
      h.eventKindName,
      h.eventDate,
      h.deadline,
      h.receivedDate,
      h.onTime ? yes : no,
      h.daysLate || null,
      h.clientName ?? null,
      h.archiveNo ?? null,
      h.items.map((i) => i.name).join('；') || null,
      h.missing.join('；') || null,
      h.handedOverBy.name,
      h.receivedBy.name,
      h.remarks || null,
    ]),
  };
}

interface BuiltExport {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  rows: number;
}

function listTable(ctx: OperationContext, input: OpParsedInput<'export.create'>): Table {
  if (input.list === 'clients') return clientTable(ctx, input.language);
  if (input.list === 'files') return fileTable(ctx, input.language);
  if (input.list === 'handovers') return handoverTable(ctx, input.language);
  return loanTable(ctx, input.language, input.open);
}

/**
 * Reads the list and builds the file (in a worker) before anything is written; the audit row
 * is written only once the file exists, so a cancelled or failed export leaves no record of
 * an export that did not happen.
 */
export const createExport = staged<'export.create', BuiltExport, BuiltExport>({
  prepare: async (ctx, input, control) => {
    control.progress('read', 0, null);
    const table = listTable(ctx, input);
    control.progress('build', 0, table.rows.length);
    const bytes =
      input.format === 'xlsx'
        ? await runTask('spreadsheet.writeXlsx', { sheets: [{ name: table.title, header: table.header, rows: table.rows }] }, { signal: control.signal })
        : await runTask('spreadsheet.writeCsv', { header: table.header, rows: table.rows, encoding: input.encoding }, { signal: control.signal });
    if (!bytes.ok) throw new DossierError('internal', {}, bytes.detail);
    control.progress('build', table.rows.length, table.rows.length);
    const mimeType =
      input.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : `text/csv; charset=${input.encoding === 'gbk' ? 'gb18030' : 'utf-8'}`;
    return { fileName: `${table.title}-${ctx.today()}.${input.format}`, mimeType, bytes: bytes.value, rows: table.rows.length };
  },
  run: (ctx, input, built) => {
    ctx.audit({
      action: 'export.create',
      targetType: input.list === 'clients' ? 'client' : input.list === 'files' ? 'file' : input.list === 'handovers' ? 'handover' : 'loan',
      targetId: null,
      targetLabel: built.fileName,
      details: { list: input.list, format: input.format, rows: built.rows, open: input.list === 'loans' ? input.open : undefined },
    });
    return built;
  },
  finish: async (built) => ({ fileName: built.fileName, contentBase64: Buffer.from(built.bytes).toString('base64'), mimeType: built.mimeType, rows: built.rows }),
});

/** The handlers of the `export.*` operations. */
export const exportHandlers = {
  'export.create': createExport,
} satisfies HandlersOf<typeof exportOps>;
