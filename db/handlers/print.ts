/**
 * The `print.*` operations: each reads its rows through the clearance-limited queries (files,
 * loans and handovers above the user's clearance do not exist here, nor in any count or
 * total), lays the form out in a worker thread (db/print/forms.ts), and audits the print in
 * the operation's transaction once the PDF exists, naming the highest confidentiality printed.
 */
import { sql } from 'kysely';
import type { Client, OpOutput, OpParsedInput, OperationName } from '../../shared/contract.js';
import { localDate } from '../../shared/domain/dates.js';
import { confidentialityRank } from '../../shared/domain/enums.js';
import type { Confidentiality } from '../../shared/domain/enums.js';
import { DossierError } from '../../shared/errors.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { PrintFile, PrintOperation, printOps, RosterColumn } from '../../shared/ops/print.js';
import type { OperationContext } from '../context.js';
import type { CatalogRow, FileSheet, PrintMeta, PrintSpec } from '../print/forms.js';
import type { Cell, Column } from '../print/layout.js';
import { auditUsers, auditPage, fileOfRow, visibleAudit } from '../records/auditLog.js';
import { listClassifications } from '../records/classifications.js';
import { applyClientFilters, clientRecords } from '../records/clients.js';
import { fileQuery } from '../records/files.js';
import type { FileRow } from '../records/files.js';
import { contentsOf } from '../records/items.js';
import { listHandovers } from '../records/handovers.js';
import { loanQuery, toLoan } from '../records/loans.js';
import { readSettings } from '../records/settings.js';
import { matchingIds } from '../search/query.js';
import { currentAnchor } from '../anchors.js';
import { auditActionGroups } from '../../shared/auditActions.js';
import type { AuditEntry } from '../../shared/ops/auditList.js';
import { runTask } from '../workers/pool.js';
import { staged } from './kit.js';
import type { HandlersOf, JobControl } from './kit.js';

const zh = catalogs['zh-CN'].enums;

/** What a print's loader found: the form to lay out and what its audit row says. */
interface Loaded {
  spec: PrintSpec;
  /** The PDF's name without the extension. */
  name: string;
  rows: number;
  targetType: 'file' | 'client' | 'loan' | 'handover' | 'archive';
  targetId?: string | null;
  targetLabel?: string | null;
  /** Confidentiality of every file the document holds (for the audit's highest level). */
  levels: Confidentiality[];
  /** More for the print's audit row (the audit report's anchor). */
  details?: Record<string, unknown>;
}

interface Built {
  loaded: Omit<Loaded, 'spec'>;
  file: PrintFile;
}

function localTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${localDate(d)} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function meta(ctx: OperationContext, extra: Pick<PrintMeta, 'period' | 'department'> = {}): PrintMeta {
  const now = ctx.now();
  return {
    archiveName: readSettings(ctx.db).archiveName,
    printedBy: ctx.user.displayName || ctx.user.username,
    printedAt: localTime(now),
    createdAt: now.toISOString(),
    ...(ctx.user.department ? { department: ctx.user.department } : {}),
    ...extra,
  };
}

function period(from?: string, to?: string): string | undefined {
  if (from && to) return `${from} 至 ${to}`;
  if (from) return `${from} 起`;
  if (to) return `至 ${to}`;
  return undefined;
}

function highest(levels: Confidentiality[]): Confidentiality | null {
  return levels.reduce<Confidentiality | null>((top, l) => (top === null || confidentialityRank(l) > confidentialityRank(top) ? l : top), null);
}

/** Remarks as the catalog prints them: 机密/绝密 files say so in 备注 (the seeds require the mark in the finding aid). */
function catalogRemarks(f: FileRow): string {
  const marked = f.confidentiality === 'confidential' || f.confidentiality === 'top_secret';
  return [marked ? zh.confidentiality[f.confidentiality] : '', f.remarks].filter(Boolean).join('；');
}

function catalogRow(f: FileRow): CatalogRow {
  return {
    archiveNo: f.archiveNo,
    title: f.title,
    clientName: f.clientName,
    dateFrom: f.dateFrom,
    dateTo: f.dateTo,
    items: f.itemCount,
    pages: f.pageCount,
    retention: zh.retention[f.retention],
    confidentiality: zh.confidentiality[f.confidentiality],
    remarks: catalogRemarks(f),
    location: f.locationPath,
  };
}

/** The files named, in the order given; one the user may not see is "not found", like everywhere else. */
function namedFiles(ctx: OperationContext, archiveNos: string[]): FileRow[] {
  const rows = ctx.db.all(fileQuery(ctx).where(sql<boolean>`files.archive_no in (select value from json_each(${JSON.stringify(archiveNos.map((n) => n.trim()))}))`));
  const byNo = new Map(rows.map((r) => [r.archiveNo.toUpperCase(), r]));
  return archiveNos.map((no) => {
    const row = byNo.get(no.trim().toUpperCase());
    if (!row) throw new DossierError('file.notFound', { archiveNo: no.trim() });
    return row;
  });
}

/** Who registered the file (立卷人): the user of its creation's audit row. */
function compiledBy(ctx: OperationContext, fileId: string): string {
  const row = ctx.db.one(
    sql<{ name: string | null }>`select coalesce(u.display_name, a.username) as name from audit_log a left join users u on u.id = a.user_id
      where a.target_id = ${fileId} and a.action in ('files.create', 'files.addVolume', 'import.run') order by a.seq limit 1`,
  );
  return row?.name ?? '';
}

function fileSheet(ctx: OperationContext, f: FileRow, checkedBy = '', note = ''): FileSheet {
  const contents = contentsOf(ctx, { id: f.id, archiveNo: f.archiveNo, fileTypeId: f.fileTypeId });
  const missing = contents.checklist.filter((c) => !c.present).map((c) => c.label);
  const notes = [
    f.remarks,
    missing.length ? `缺少材料：${missing.join('、')}。` : '',
    contents.items.some((i) => i.version > 1) ? '本卷有经更正的卷内文件，更正前的版本保留于系统中。' : '',
    note,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    archiveNo: f.archiveNo,
    title: f.title,
    clientName: f.clientName,
    fileType: f.fileTypeName,
    dateFrom: f.dateFrom,
    dateTo: f.dateTo,
    retention: zh.retention[f.retention],
    confidentiality: zh.confidentiality[f.confidentiality],
    itemCount: contents.items.length,
    pageCount: contents.pageCount,
    items: contents.items.map((i) => ({ seq: i.seq, docNo: i.docNo, responsibleParty: i.responsibleParty, title: i.title, date: i.date, pages: i.pages, remarks: i.remarks })),
    notes,
    compiledBy: compiledBy(ctx, f.id),
    compiledOn: localDate(new Date(f.createdAt)),
    checkedBy,
  };
}

function singleFileTarget(files: FileRow[]): Pick<Loaded, 'targetId' | 'targetLabel'> {
  return files.length === 1 ? { targetId: files[0]!.id, targetLabel: files[0]!.archiveNo } : { targetId: null, targetLabel: `${files[0]!.archiveNo} …（${files.length}）` };
}

// ---------------------------------------------------------------------------------------
// Loaders: what each form prints.

function loadCatalog(ctx: OperationContext, input: OpParsedInput<'print.catalog'>): Loaded {
  let files: FileRow[];
  if (input.archiveNos) files = namedFiles(ctx, input.archiveNos);
  else {
    let query = fileQuery(ctx);
    if (input.clientId) query = query.where('files.clientId', '=', input.clientId);
    files = ctx.db.all(query.orderBy('files.archiveNo'));
    if (input.since) files = files.filter((f) => localDate(new Date(f.createdAt)) >= input.since!);
  }
  const rows = files.map(catalogRow);
  const sub = input.clientId && files[0] ? files[0].clientName : undefined;
  return {
    spec: {
      form: 'catalog',
      meta: meta(ctx, { ...(input.department ? { department: input.department } : {}), ...(input.since ? { period: period(input.since, ctx.today()) } : {}) }),
      title: '案卷目录',
      rows,
      withLocation: false,
    },
    name: sub ? `案卷目录-${sub}` : '案卷目录',
    rows: rows.length,
    targetType: 'file',
    targetId: null,
    targetLabel: sub ?? null,
    levels: files.map((f) => f.confidentiality),
  };
}

function loadTerminated(ctx: OperationContext, input: OpParsedInput<'print.terminated'>): Loaded {
  const from = `${input.year}-01-01`;
  const to = `${input.year}-12-31`;
  // Bound apart and boxed by floor: ordered by location, then number.
  const files = ctx.db.all(
    fileQuery(ctx)
      .where('clients.status', '=', 'terminated')
      .where('clients.terminatedOn', '>=', from)
      .where('clients.terminatedOn', '<=', to)
      .orderBy(sql`(select l.path from locations l where l.id = files.location_id)`)
      .orderBy('files.archiveNo'),
  );
  const rows = files.map(catalogRow);
  const title = `${input.year}年度终止客户档案目录`;
  return {
    spec: { form: 'catalog', meta: meta(ctx, { period: period(from, to) }), title, rows, withLocation: true },
    name: title,
    rows: rows.length,
    targetType: 'file',
    targetId: null,
    targetLabel: String(input.year),
    levels: files.map((f) => f.confidentiality),
  };
}

function loadSheets(ctx: OperationContext, form: 'contents' | 'cover' | 'noteSheet', archiveNos: string[], checkedBy?: string, note?: string): Loaded {
  const files = namedFiles(ctx, archiveNos);
  const names = { contents: '卷内目录', cover: '案卷封面', noteSheet: '卷内备考表' } as const;
  return {
    spec: { form, meta: meta(ctx), files: files.map((f) => fileSheet(ctx, f, checkedBy, note)) },
    name: files.length === 1 ? `${names[form]}-${files[0]!.archiveNo}` : names[form],
    rows: files.length,
    targetType: 'file',
    ...singleFileTarget(files),
    levels: files.map((f) => f.confidentiality),
  };
}

const ROSTER: Record<RosterColumn, Column> = {
  name: { header: '客户名称', width: 46 },
  creditCode: { header: '统一社会信用代码', width: 40, fixed: true },
  shortName: { header: '简称', width: 22 },
  category: { header: '客户类别', width: 24 },
  status: { header: '状态', width: 14, align: 'center' },
  enterpriseNature: { header: '企业性质', width: 20 },
  supervisingUnit: { header: '主管单位', width: 30 },
  legalRepresentative: { header: '法定代表人', width: 18 },
  address: { header: '地址', width: 46 },
  contactPerson: { header: '联系人', width: 18 },
  contactPhone: { header: '联系电话', width: 26 },
  accountManager: { header: '客户经理', width: 18 },
  creditStatus: { header: '信用状况', width: 18 },
  registeredOn: { header: '登记日期', width: 21, align: 'center', fixed: true },
  fileCount: { header: '档案数', width: 14, align: 'right', fixed: true },
  remarks: { header: '备注', width: 32 },
};

function loadRoster(ctx: OperationContext, input: OpParsedInput<'print.roster'>): Loaded {
  let query = ctx.db.k.selectFrom('clients');
  if (input.clientId) query = query.where('clients.id', '=', input.clientId);
  const filter = input.clientFilter;
  if (filter) {
    if (filter.search?.trim()) {
      const matches = matchingIds(ctx, { q: filter.search, kinds: ['client'] });
      query = query.where(sql<boolean>`clients.id in (select value from json_each(${JSON.stringify(matches.ids)}))`);
    }
    query = applyClientFilters(ctx, query, filter);
  }
  const clients: Client[] = clientRecords(ctx, ctx.db.all(query.selectAll('clients').orderBy('clients.name').orderBy('clients.createdAt')));
  if (input.clientId && clients.length === 0) throw new DossierError('client.notFound', { id: input.clientId });
  // Only files the user may see are counted.
  const counts = new Map(
    ctx.db
      .all(
        ctx.db.k
          .selectFrom('files')
          .select(['clientId', (eb) => eb.fn.countAll<number>().as('n')])
          .where(ctx.fileVisible('files.id', 'files.confidentiality'))
          .groupBy('clientId'),
      )
      .map((r) => [r.clientId, Number(r.n)]),
  );
  const category = listClassifications(ctx, { includeInactive: true }).find((s) => s.code === 'category');
  const value = (c: Client, key: RosterColumn): Cell => {
    if (key === 'status') return catalogs['zh-CN'].enums.clientStatus[c.status];
    if (key === 'fileCount') return counts.get(c.id) ?? 0;
    if (key === 'category') {
      const code = c.classifications?.category;
      return (code && category?.values.find((v) => v.code === code)?.label) ?? c.category;
    }
    const v = (c as unknown as Record<string, unknown>)[key];
    return v === null || v === undefined ? '' : String(v);
  };
  const columns: Column[] = [{ header: '序号', width: 10, align: 'center', fixed: true }, ...input.columns.map((k) => ROSTER[k])];
  const rows = clients.map((c, i) => [i + 1, ...input.columns.map((k) => value(c, k))]);
  // Landscape when the columns would be too cramped on a portrait page (shares count as about a millimetre each).
  const width = columns.reduce((s, c) => s + c.width, 0);
  return {
    spec: {
      form: 'table',
      meta: meta(ctx),
      title: '客户信息一览表',
      orientation: width > 190 ? 'landscape' : 'portrait',
      columns,
      rows,
      totals: ['', `共 ${clients.length} 户`, ...input.columns.slice(1).map((k) => (k === 'fileCount' ? clients.reduce((n, c) => n + (counts.get(c.id) ?? 0), 0) : ''))],
      empty: '（无客户）',
      ...(input.columns.length > 9 ? { fontSize: 8 } : {}),
    },
    name: input.clientId && clients[0] ? `客户信息一览表-${clients[0].name}` : '客户信息一览表',
    rows: clients.length,
    targetType: 'client',
    targetId: input.clientId ?? null,
    levels: [],
  };
}

function daysLate(today: string, due: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000));
}

function loadRegister(ctx: OperationContext, input: OpParsedInput<'print.register'>): Loaded {
  if (input.from > input.to) throw new DossierError('print.badPeriod', { from: input.from, to: input.to });
  const today = ctx.today();
  const loans = ctx.db
    .all(loanQuery(ctx).orderBy('loans.lentAt'))
    .map((row) => toLoan(ctx, row))
    .filter((l) => {
      const day = localDate(new Date(l.lentAt));
      return day >= input.from && day <= input.to;
    });
  const columns: Column[] = [
    { header: '序号', width: 10, align: 'center', fixed: true },
    { header: '借出日期', width: 21, align: 'center', fixed: true },
    { header: '档号', width: 30, fixed: true },
    { header: '档案名称', width: 60 },
    { header: '份数', width: 11, align: 'center', fixed: true },
    { header: '借阅人', width: 26 },
    { header: '借阅事由', width: 34 },
    { header: '应还日期', width: 21, align: 'center', fixed: true },
    { header: '归还日期', width: 21, align: 'center', fixed: true },
    { header: '经办人', width: 16 },
    { header: '借阅人签字', width: 20 },
    { header: '备注', width: 22 },
  ];
  const rows = loans.map((l, i) => [
    i + 1,
    localDate(new Date(l.lentAt)),
    l.archiveNo,
    l.fileTitle.includes(l.clientName) ? l.fileTitle : `${l.clientName} ${l.fileTitle}`,
    1,
    l.borrower,
    l.purpose,
    l.dueDate,
    l.returnedAt ? localDate(new Date(l.returnedAt)) : '',
    l.lentBy,
    '',
    [
      l.returnedAt ? `已注销（${l.returnedBy ?? ''}）` : l.overdue ? `逾期 ${daysLate(today, l.dueDate)} 天` : '未还',
      l.confidentiality === 'confidential' || l.confidentiality === 'top_secret' ? zh.confidentiality[l.confidentiality] : '',
    ]
      .filter(Boolean)
      .join('；'),
  ]);
  const open = loans.filter((l) => !l.returnedAt).length;
  return {
    spec: {
      form: 'table',
      meta: meta(ctx, { period: period(input.from, input.to) }),
      title: '借阅登记簿',
      orientation: 'landscape',
      columns,
      rows,
      totals: ['', '合计', '', `借出 ${loans.length} 卷次`, loans.length, '', '', '', `已还 ${loans.length - open}`, '', '', `未还 ${open}`],
      empty: '（本期间无借阅）',
    },
    name: `借阅登记簿-${input.from}-${input.to}`,
    rows: loans.length,
    targetType: 'loan',
    targetLabel: period(input.from, input.to) ?? null,
    levels: loans.map((l) => l.confidentiality),
  };
}

function overdueLoans(ctx: OperationContext) {
  return ctx.db
    .all(loanQuery(ctx).where('loans.returnedAt', 'is', null).orderBy('loans.dueDate').orderBy('files.archiveNo'))
    .map((row) => toLoan(ctx, row))
    .filter((l) => l.overdue);
}

function loadOverdue(ctx: OperationContext): Loaded {
  const today = ctx.today();
  const loans = overdueLoans(ctx);
  const columns: Column[] = [
    { header: '序号', width: 10, align: 'center', fixed: true },
    { header: '档号', width: 30, fixed: true },
    { header: '档案名称', width: 64 },
    { header: '借阅人', width: 30 },
    { header: '借阅事由', width: 32 },
    { header: '借出日期', width: 21, align: 'center', fixed: true },
    { header: '应还日期', width: 21, align: 'center', fixed: true },
    { header: '逾期天数', width: 17, align: 'right', fixed: true },
    { header: '经办人', width: 18 },
    { header: '催还记录', width: 30 },
  ];
  const rows = loans.map((l, i) => [
    i + 1,
    l.archiveNo,
    l.fileTitle.includes(l.clientName) ? l.fileTitle : `${l.clientName} ${l.fileTitle}`,
    l.borrower,
    l.purpose,
    localDate(new Date(l.lentAt)),
    l.dueDate,
    daysLate(today, l.dueDate),
    l.lentBy,
    '',
  ]);
  return {
    spec: {
      form: 'table',
      meta: meta(ctx, { period: `截至 ${today}` }),
      title: '逾期未还档案清单',
      orientation: 'landscape',
      columns,
      rows,
      totals: ['', '合计', `共 ${loans.length} 卷`, '', '', '', '', '', '', ''],
      empty: '（无逾期未还的档案）',
    },
    name: '逾期未还档案清单',
    rows: loans.length,
    targetType: 'loan',
    targetLabel: today,
    levels: loans.map((l) => l.confidentiality),
  };
}

function loadReminders(ctx: OperationContext, input: OpParsedInput<'print.reminders'>): Loaded {
  const today = ctx.today();
  let loans = overdueLoans(ctx);
  if (input.loanIds) {
    const wanted = new Set(input.loanIds);
    loans = loans.filter((l) => wanted.has(l.id));
    // A loan that is not overdue (or not visible) gets no reminder: say so rather than print fewer slips.
    const missing = input.loanIds.find((id) => !loans.some((l) => l.id === id));
    if (missing) throw new DossierError('print.notOverdue', { id: missing });
  }
  return {
    spec: {
      form: 'reminders',
      meta: meta(ctx),
      slips: loans.map((l) => ({
        borrower: l.borrower,
        archiveNo: l.archiveNo,
        fileTitle: l.fileTitle,
        lentOn: localDate(new Date(l.lentAt)),
        dueDate: l.dueDate,
        daysLate: daysLate(today, l.dueDate),
      })),
    },
    name: '催还单',
    rows: loans.length,
    targetType: 'loan',
    targetId: loans.length === 1 ? loans[0]!.id : null,
    targetLabel: loans.length === 1 ? loans[0]!.archiveNo : today,
    levels: loans.map((l) => l.confidentiality),
  };
}

function loadHandovers(ctx: OperationContext, input: OpParsedInput<'print.handovers'>): Loaded {
  if (input.from && input.to && input.from > input.to) throw new DossierError('print.badPeriod', { from: input.from, to: input.to });
  const handovers = listHandovers(ctx, { limit: 5000, ...input }).reverse();
  const levels = handovers.length
    ? ctx.db
        .all(
          ctx.db.k
            .selectFrom('handovers')
            .innerJoin('files', 'files.id', 'handovers.fileId')
            .select('files.confidentiality')
            .where(sql<boolean>`handovers.id in (select value from json_each(${JSON.stringify(handovers.map((h) => h.id))}))`),
        )
        .map((r) => r.confidentiality)
    : [];
  const columns: Column[] = [
    { header: '序号', width: 10, align: 'center', fixed: true },
    { header: '接收日期', width: 21, align: 'center', fixed: true },
    { header: '移交部门', width: 22 },
    { header: '事项', width: 18 },
    { header: '客户名称', width: 40 },
    { header: '档号', width: 30, fixed: true },
    { header: '移交材料', width: 48 },
    { header: '缺少材料', width: 30 },
    { header: '期限', width: 21, align: 'center', fixed: true },
    { header: '是否按时', width: 17, align: 'center', fixed: true },
    { header: '移交人', width: 16 },
    { header: '接收人', width: 16 },
    { header: '备注', width: 22 },
  ];
  const rows = handovers.map((h, i) => [
    i + 1,
    h.receivedDate,
    h.department,
    h.eventKindName,
    h.clientName ?? '',
    h.archiveNo ?? '',
    h.items.map((it) => it.name).join('；'),
    h.missing.join('；'),
    h.deadline,
    h.onTime ? '是' : `否（迟 ${h.daysLate} 个工作日）`,
    h.handedOverBy.name,
    h.receivedBy.name,
    h.remarks,
  ]);
  const onTime = handovers.filter((h) => h.onTime).length;
  const complete = handovers.filter((h) => h.complete).length;
  return {
    spec: {
      form: 'table',
      meta: meta(ctx, { period: period(input.from, input.to), ...(input.department ? { department: input.department } : {}) }),
      title: '移交登记簿',
      orientation: 'landscape',
      columns,
      rows,
      totals: ['', '合计', `${handovers.length} 次`, '', '', '', `齐全 ${complete}`, `不齐 ${handovers.length - complete}`, '', `按时 ${onTime}`, '', '', ''],
      empty: '（本期间无移交）',
      fontSize: 9,
    },
    name: `移交登记簿${input.from || input.to ? `-${input.from ?? ''}-${input.to ?? ''}` : ''}`,
    rows: handovers.length,
    targetType: 'handover',
    targetLabel: period(input.from, input.to) ?? null,
    levels,
  };
}

/** Local time to the second: the audit report's entries. */
function localSeconds(iso: string): string {
  const d = new Date(iso);
  return `${localTime(d)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** The actions filtered by, in words: a whole group by its name, else up to three labels. */
function actionsText(actions: string[]): string {
  const a = catalogs['zh-CN'].ui.audit;
  const wanted = new Set(actions);
  const group = auditActionGroups().find((g) => g.actions.length === wanted.size && g.actions.every((x) => wanted.has(x)));
  if (group) return a.filters.groupAll.replace('{{group}}', a.groups[group.group]);
  const labels = actions.map((x) => (a.actions as Record<string, string>)[x] ?? x);
  return labels.length > 3 ? `${labels.slice(0, 3).join('、')} 等 ${labels.length} 项` : labels.join('、');
}

/**
 * 审计日志报告: the entries the reader may see under the screen's filters (the same query and
 * sentences as audit.list), oldest first as a register reads, and the chain's anchor read after
 * the rows, so it covers every entry listed (the print's own entry comes after it).
 */
function loadAudit(ctx: OperationContext, input: OpParsedInput<'print.audit'>): Loaded {
  if (input.from && input.to && input.from > input.to) throw new DossierError('print.badPeriod', { from: input.from, to: input.to });
  const a = catalogs['zh-CN'].ui.audit;
  const visible = visibleAudit(ctx);
  const entries: AuditEntry[] = [];
  for (let beforeSeq: number | undefined; ;) {
    const page = auditPage(ctx, visible, { ...input, limit: 1000, beforeSeq, language: 'zh-CN' });
    entries.push(...page);
    if (page.length < 1000) break;
    beforeSeq = page[page.length - 1]!.seq;
  }
  entries.reverse();
  const anchor = currentAnchor(ctx.db);
  const targetTypes = a.targetTypes as Record<string, string>;
  const rows = entries.map((e) => [
    e.seq,
    localSeconds(e.at),
    e.userDisplayName,
    e.actionLabel,
    e.targetLabel ? `${targetTypes[e.targetType] ?? e.targetType}：${e.targetLabel}` : (targetTypes[e.targetType] ?? ''),
    e.summary,
  ]);
  const levels = entries.length
    ? ctx.db
        .all(
          sql<{ level: Confidentiality }>`select distinct f.confidentiality as level from files f
            where f.id in (select ${fileOfRow} from audit_log where audit_log.seq in (select value from json_each(${JSON.stringify(entries.map((e) => e.seq))})))`,
        )
        .map((r) => r.level)
    : [];
  const user = input.userId ? auditUsers(ctx).find((u) => u.id === input.userId) : undefined;
  const filters: [string, string][] = [
    ...(input.userId ? ([['操作人', user ? user.displayName || user.username : '（未知用户）']] as [string, string][]) : []),
    ...(input.actions?.length ? ([['操作', actionsText(input.actions)]] as [string, string][]) : []),
    ...(input.targetType ? ([['对象类型', targetTypes[input.targetType] ?? input.targetType]] as [string, string][]) : []),
    ...(input.target ? ([['对象', input.target]] as [string, string][]) : []),
  ];
  const columns: Column[] = [
    { header: '序号', width: 14, align: 'right', fixed: true },
    { header: '时间', width: 33, align: 'center', fixed: true },
    { header: '操作人', width: 22 },
    { header: '操作', width: 30 },
    { header: '对象', width: 44 },
    { header: '内容', width: 120 },
  ];
  const span = period(input.from, input.to);
  return {
    spec: {
      form: 'table',
      meta: meta(ctx, span ? { period: span } : {}),
      title: '审计日志报告',
      orientation: 'landscape',
      columns,
      rows,
      totals: ['', '合计', `共 ${entries.length} 条`, '', '', ''],
      empty: '（无符合条件的审计记录）',
      fontSize: 9,
      filters,
      footer: `审计链锚点 ${anchor.code}`,
      closing: {
        heading: '审计链锚点（打印时）',
        lines: [
          `锚点码：${anchor.code}`,
          `审计链共 ${anchor.count} 条记录，链头哈希 ${anchor.head.slice(0, 16)}…`,
          `本报告列出其中 ${entries.length} 条：打印人有权查看且符合上列条件的记录。锚点覆盖打印时的整条审计链，不含本次打印的记录。`,
          `核对：将锚点码记入台账；日后以 dossier audit --verify --anchor ${anchor.code} 或在审计日志页“核对锚点码”检查审计链是否被截断或改写。`,
        ],
      },
    },
    name: `审计日志报告${input.from || input.to ? `-${input.from ?? ''}-${input.to ?? ''}` : ''}`,
    rows: entries.length,
    targetType: 'archive',
    targetLabel: span ?? '全部记录',
    levels,
    details: { anchor: anchor.code },
  };
}

// ---------------------------------------------------------------------------------------

/**
 * A print operation: `load` reads the rows (on the engine thread; reads only), the worker lays
 * the PDF out with progress, cancel ends the worker (nothing written); `run` audits it.
 */
function printHandler<N extends PrintOperation & OperationName>(operation: N, load: (ctx: OperationContext, input: OpParsedInput<N>) => Loaded) {
  return staged<N, Built, Built>({
    prepare: async (ctx, input, control: JobControl) => {
      control.progress('read', 0, null);
      const { spec, ...loaded } = load(ctx, input);
      control.checkCancelled();
      control.progress('build', 0, loaded.rows);
      const rendered = await runTask('print.render', { spec }, { signal: control.signal, onProgress: (_phase, done, total) => control.progress('build', done, total) });
      control.progress('build', loaded.rows, loaded.rows);
      const file: PrintFile = {
        fileName: `${loaded.name}-${ctx.today()}.pdf`.replace(/[\\/:*?"<>|]/g, '_'),
        contentBase64: Buffer.from(rendered.bytes).toString('base64'),
        mimeType: 'application/pdf',
        pages: rendered.pages,
        pageSize: { widthMm: rendered.widthMm, heightMm: rendered.heightMm },
        rows: loaded.rows,
      };
      return { loaded, file };
    },
    run: (ctx, _input, built) => {
      const top = highest(built.loaded.levels);
      ctx.audit({
        action: operation,
        targetType: built.loaded.targetType,
        targetId: built.loaded.targetId ?? null,
        targetLabel: built.loaded.targetLabel ?? built.file.fileName,
        details: {
          fileName: built.file.fileName,
          rows: built.loaded.rows,
          pages: built.file.pages,
          highestConfidentiality: top,
          // The marker the audit log is searched by: a print that held 机密/绝密 material.
          classified: top === 'confidential' || top === 'top_secret',
          ...built.loaded.details,
        },
      });
      return built;
    },
    // Every print operation answers a PrintFile (shared/ops/print.ts).
    finish: async (built) => built.file as OpOutput<N>,
  });
}

export const printHandlers = {
  'print.catalog': printHandler('print.catalog', loadCatalog),
  'print.terminated': printHandler('print.terminated', loadTerminated),
  'print.contents': printHandler('print.contents', (ctx, input) => loadSheets(ctx, 'contents', input.archiveNos)),
  'print.cover': printHandler('print.cover', (ctx, input) => loadSheets(ctx, 'cover', input.archiveNos)),
  'print.noteSheet': printHandler('print.noteSheet', (ctx, input) => loadSheets(ctx, 'noteSheet', input.archiveNos, input.checkedBy, input.note)),
  'print.roster': printHandler('print.roster', loadRoster),
  'print.register': printHandler('print.register', loadRegister),
  'print.overdue': printHandler('print.overdue', (ctx) => loadOverdue(ctx)),
  'print.reminders': printHandler('print.reminders', loadReminders),
  'print.handovers': printHandler('print.handovers', loadHandovers),
  'print.audit': printHandler('print.audit', loadAudit),
} satisfies HandlersOf<typeof printOps>;
