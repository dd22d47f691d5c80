import type { Client, FileRecord, Loan } from '../../shared/contract.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { OperationContext } from '../context.js';
import type { OpParsedInput } from '../../shared/contract.js';
import { DossierError } from '../../shared/errors.js';
import { listClassifications } from '../records/classifications.js';
import { CATEGORY_SCHEME_ID } from '../records/clientClassifications.js';
import { applyClientFilters, clientRecords, orderClients } from '../records/clients.js';
import { matchingIds } from '../search/query.js';
import { sql } from 'kysely';
import { fileQuery } from '../records/files.js';
import { itemQuery } from '../records/items.js';
import { listHandovers } from '../records/handovers.js';
import { loanQuery, toLoan } from '../records/loans.js';
import { runTask } from '../workers/pool.js';
import { auditPage, visibleAudit } from '../records/auditLog.js';
import { currentAnchor } from '../anchors.js';
import type { ColumnType } from '../spreadsheet/xlsx.js';
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
  /** How each column is written to xlsx (codes and phone numbers as text, dates as dates). */
  types?: ColumnType[];
  /** Further sheets of an xlsx export (a CSV holds only the first). */
  more?: Omit<Table, 'more'>[];
}

function columnLabel(language: Language, key: string): string {
  return (catalogs[language].enums.spreadsheetColumn as Record<string, string>)[key] ?? key;
}

type ExportInput = OpParsedInput<'export.create'>;

/** The clients an export covers: the list's search and filters when given, else every client. */
function clientRows(ctx: OperationContext, filter: ExportInput['clientFilter']) {
  let query = ctx.db.k.selectFrom('clients');
  if (filter) {
    if (filter.search?.trim()) {
      const matches = matchingIds(ctx, { q: filter.search, kinds: ['client'] });
      query = query.where(sql<boolean>`clients.id in (select value from json_each(${JSON.stringify(matches.ids)}))`);
    }
    query = applyClientFilters(ctx, query, filter);
  }
  return ctx.db.all(orderClients(query.selectAll('clients'), filter?.sort ?? 'name', filter?.dir ?? 'asc').orderBy('clients.createdAt'));
}

function clientTable(ctx: OperationContext, language: Language, filter?: ExportInput['clientFilter']): Table {
  const enums = catalogs[language].enums;
  const schemes = listClassifications(ctx, { includeInactive: true });
  const rows = clientRows(ctx, filter);
  const clients: Client[] = clientRecords(ctx, rows);
  const text = (c: Client, key: string): Value => {
    const v = (c as unknown as Record<string, unknown>)[key];
    return v === null || v === undefined || v === '' ? null : String(v);
  };
  const valueLabel = (schemeCode: string, valueCode: string | undefined): Value => {
    if (!valueCode) return null;
    const scheme = schemes.find((s) => s.code === schemeCode);
    const value = scheme?.values.find((v) => v.code === valueCode);
    return value ? (language === 'en' ? (value.labelEn ?? value.label) : value.label) : valueCode;
  };
  const others = schemes.filter((s) => s.id !== CATEGORY_SCHEME_ID && s.code !== 'category');
  // Every column the import reads back: status, lifecycle and review dates included.
  const columns: { header: string; type: ColumnType; value: (c: Client) => Value }[] = [
    { header: columnLabel(language, 'name'), type: 'general', value: (c) => c.name },
    { header: columnLabel(language, 'creditCode'), type: 'text', value: (c) => text(c, 'creditCode') },
    { header: columnLabel(language, 'shortName'), type: 'general', value: (c) => text(c, 'shortName') },
    { header: columnLabel(language, 'category'), type: 'general', value: (c) => valueLabel('category', c.classifications?.category) ?? c.category },
    ...others.map((s) => ({
      header: language === 'en' ? (s.labelEn ?? s.label) : s.label,
      type: 'general' as const,
      value: (c: Client) => valueLabel(s.code, c.classifications?.[s.code]),
    })),
    { header: columnLabel(language, 'clientStatus'), type: 'general', value: (c) => enums.clientStatus[c.status] },
    { header: columnLabel(language, 'terminationKind'), type: 'general', value: (c) => (c.terminationKind ? enums.terminationKind[c.terminationKind] : null) },
    { header: columnLabel(language, 'terminatedOn'), type: 'date', value: (c) => c.terminatedOn },
    { header: columnLabel(language, 'terminationReason'), type: 'general', value: (c) => text(c, 'terminationReason') },
    { header: columnLabel(language, 'contactPerson'), type: 'general', value: (c) => text(c, 'contactPerson') },
    { header: columnLabel(language, 'contactPhone'), type: 'text', value: (c) => text(c, 'contactPhone') },
    ...(['legalRepresentative', 'address', 'enterpriseNature', 'supervisingUnit', 'accountManager', 'creditStatus'] as const).map((k) => ({
      header: columnLabel(language, k),
      type: 'general' as const,
      value: (c: Client) => text(c, k),
    })),
    { header: columnLabel(language, 'verifiedOn'), type: 'date', value: (c) => c.verifiedOn },
    { header: columnLabel(language, 'gradeEvaluatedOn'), type: 'date', value: (c) => c.gradeEvaluatedOn },
    { header: columnLabel(language, 'registeredOn'), type: 'date', value: (c) => c.registeredOn },
    { header: columnLabel(language, 'clientRemarks'), type: 'general', value: (c) => text(c, 'remarks') },
    { header: columnLabel(language, 'createdAt'), type: 'datetime', value: (c) => localTime(c.createdAt) },
  ];
  return {
    title: language === 'en' ? 'Clients' : '客户信息一览表',
    header: columns.map((c) => c.header),
    rows: clients.map((c) => columns.map((col) => col.value(c))),
    types: columns.map((c) => c.type),
  };
}

function fileTable(ctx: OperationContext, language: Language): Table {
  const enums = catalogs[language].enums;
  const files: FileRecord[] = ctx.db.all(fileQuery(ctx).orderBy('files.archiveNo'));
  const codes = new Map(ctx.db.all(ctx.db.k.selectFrom('clients').select(['id', 'creditCode'])).map((c) => [c.id, c.creditCode]));
  // File-level counts have their own headers (总页数, 件数): the import reads 页数 as an item's pages.
  const keys = [
    'archiveNo',
    'clientName',
    'title',
    'clientCreditCode',
    'fileType',
    'confidentiality',
    'retention',
    'status',
    'itemCount',
    'filePageCount',
    'fileRemarks',
    'createdAt',
  ];
  const types: ColumnType[] = ['text', 'general', 'general', 'text', 'general', 'general', 'general', 'general', 'general', 'general', 'general', 'datetime'];
  const catalog: Table = {
    title: language === 'en' ? 'Files' : '案卷目录',
    header: keys.map((k) => columnLabel(language, k)),
    rows: files.map((f) => [
      f.archiveNo,
      f.clientName,
      f.title,
      codes.get(f.clientId) ?? null,
      (language === 'en' && f.fileTypeNameEn ? f.fileTypeNameEn : f.fileTypeName) ?? null,
      enums.confidentiality[f.confidentiality],
      enums.retention[f.retention],
      enums.fileStatus[f.status],
      f.itemCount ?? null,
      f.pageCount ?? null,
      f.remarks || null,
      localTime(f.createdAt),
    ]),
    types,
  };
  // The contents lists, one row per item, on a second sheet: the import joins them to their file by archive number.
  const visible = new Map(files.map((f) => [f.id, f]));
  const items = ctx.db.all(itemQuery(ctx).where('file_items.supersededById', 'is', null).orderBy('files.archiveNo').orderBy('file_items.seq')).filter((i) => visible.has(i.fileId));
  const itemKeys = ['archiveNo', 'clientName', 'title', 'itemSeq', 'itemTitle', 'docNo', 'responsibleParty', 'date', 'pageCount', 'remarks'];
  const contents: Omit<Table, 'more'> = {
    title: language === 'en' ? 'Contents lists' : '卷内目录',
    header: itemKeys.map((k) => columnLabel(language, k)),
    rows: items.map((i) => {
      const f = visible.get(i.fileId)!;
      return [f.archiveNo, f.clientName, f.title, i.seq, i.title, i.docNo || null, i.responsibleParty || null, i.docDate || null, i.pageCount, i.remarks || null];
    }),
    types: ['text', 'general', 'general', 'general', 'general', 'text', 'general', 'date', 'general', 'general'],
  };
  return { ...catalog, more: [contents] };
}

function loanTable(ctx: OperationContext, language: Language, open: boolean, overdueOnly = false): Table {
  const enums = catalogs[language].enums;
  let query = loanQuery(ctx);
  query = open ? query.where('loans.returnedAt', 'is', null).orderBy('loans.dueDate').orderBy('files.archiveNo') : query.orderBy('loans.lentAt', 'desc');
  const loans: Loan[] = ctx.db
    .all(query)
    .map((row) => toLoan(ctx, row))
    .filter((l) => !overdueOnly || l.overdue);
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

function handoverTable(ctx: OperationContext, language: Language, filter?: ExportInput['handoverFilter']): Table {
  const handovers = listHandovers(ctx, { limit: 5000, department: undefined, archiveNo: undefined, ...filter });
  const keys = [
    'department',
    'eventKind',
    'eventDate',
    'deadline',
    'receivedDate',
    'onTime',
    'daysLate',
    'clientName',
    'archiveNo',
    'handoverItems',
    'missingItems',
    'handedOverBy',
    'receivedBy',
    'remarks',
  ];
  const yes = language === 'en' ? 'yes' : '是';
  const no = language === 'en' ? 'no' : '否';
  return {
    title: language === 'en' ? 'Handover register' : '移交登记簿',
    header: keys.map((k) => columnLabel(language, k)),
    rows: handovers.map((h) => [
      h.department,
      language === 'en' && h.eventKindNameEn ? h.eventKindNameEn : h.eventKindName,
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

/** The audit log as the screen shows it (same filters, same sentences), newest first, read in pages. */
function auditTable(ctx: OperationContext, language: Language, filter: ExportInput['auditFilter'] = {}): Table {
  const a = catalogs[language].ui.audit;
  const c = a.columns;
  const rows: Value[][] = [];
  const visible = visibleAudit(ctx);
  for (let beforeSeq: number | undefined; ;) {
    const page = auditPage(ctx, visible, { ...filter, limit: 1000, beforeSeq, language });
    for (const e of page) {
      rows.push([
        e.seq,
        localTime(e.at),
        e.userDisplayName,
        e.username,
        e.actionLabel,
        (a.targetTypes as Record<string, string>)[e.targetType] ?? e.targetType,
        e.targetLabel,
        e.summary,
      ]);
    }
    if (page.length < 1000) break;
    beforeSeq = page[page.length - 1]!.seq;
  }
  // Read after the rows: the anchor covers every entry listed (an xlsx export carries it on a sheet of its own).
  const anchor = currentAnchor(ctx.db);
  const s = catalogs[language].ui.chain.exportSheet;
  return {
    title: a.title,
    header: [c.seq, c.time, c.user, c.username, c.action, c.targetType, c.target, c.summary],
    rows,
    types: ['general', 'datetime', 'general', 'text', 'general', 'general', 'text', 'general'],
    more: [
      {
        title: s.title,
        header: [s.code, s.count, s.head, s.at],
        rows: [[anchor.code, anchor.count, anchor.head, localTime(ctx.now().toISOString())]],
        types: ['text', 'general', 'text', 'datetime'],
      },
    ],
  };
}

/**
 * A CSV has one sheet: what an xlsx puts on sheets of their own (the audit log's anchor) follows
 * the rows after an empty line, under its title and its own header, so the anchor travels with it.
 */
function csvAppendix(more: Table['more']): Value[][] {
  return (more ?? []).flatMap((t) => [[], [t.title], t.header, ...t.rows]);
}

function listTable(ctx: OperationContext, input: ExportInput): Table {
  if (input.list === 'audit') return auditTable(ctx, input.language, input.auditFilter);
  if (input.list === 'clients') return clientTable(ctx, input.language, input.clientFilter);
  if (input.list === 'files') return fileTable(ctx, input.language);
  if (input.list === 'handovers') return handoverTable(ctx, input.language, input.handoverFilter);
  return loanTable(ctx, input.language, input.open, input.overdueOnly);
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
        ? await runTask(
            'spreadsheet.writeXlsx',
            { sheets: [table, ...(table.more ?? [])].map((t) => ({ name: t.title, header: t.header, rows: t.rows, ...(t.types ? { types: t.types } : {}) })) },
            { signal: control.signal },
          )
        : await runTask(
            'spreadsheet.writeCsv',
            { header: table.header, rows: [...table.rows, ...csvAppendix(table.more)], encoding: input.encoding, ...(table.types ? { types: table.types } : {}) },
            { signal: control.signal },
          );
    if (!bytes.ok) throw new DossierError('internal', {}, bytes.detail);
    control.progress('build', table.rows.length, table.rows.length);
    const mimeType =
      input.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : `text/csv; charset=${input.encoding === 'gbk' ? 'gb18030' : 'utf-8'}`;
    return { fileName: `${table.title}-${ctx.today()}.${input.format}`, mimeType, bytes: bytes.value, rows: table.rows.length };
  },
  run: (ctx, input, built) => {
    ctx.audit({
      action: 'export.create',
      targetType: input.list === 'clients' ? 'client' : input.list === 'files' ? 'file' : input.list === 'handovers' ? 'handover' : input.list === 'audit' ? 'archive' : 'loan',
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
