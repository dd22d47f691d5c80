/**
 * The borrowing ledger's commands: people, departments (and later applications, approvals,
 * lending). Their words are here, in both languages; the domain's errors come from the shared
 * catalogs like every other command's.
 */
import { APPLICATION_KINDS } from '../shared/domain/borrowing.js';
import type { ApplicationKind } from '../shared/domain/borrowing.js';
import { roleCan } from '../shared/domain/permissions.js';
import type { Application } from '../shared/ops/applications.js';
import type { Hold } from '../shared/ops/holds.js';
import type { Incident } from '../shared/ops/incidents.js';
import { catalogs } from '../shared/i18n/index.js';
import type { Language } from '../shared/i18n/index.js';
import { UsageError, withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { fill } from './messages.js';
import { renderTable } from './table.js';
import { localTime } from './format.js';

const words = {
  'zh-CN': {
    personAdded: '已登记人员：{{name}}（{{where}}）  ID {{id}}',
    departmentAdded: '已添加部门：{{name}}（负责人：{{head}}）',
    noHead: '未指定',
    staffOrOutside: '请指定 --department（本单位员工），或 --outside --organisation 单位 --id-no 证件号（外来人员）。',
    outsideNeeds: '外来人员须指定 --organisation 和 --id-no。',
    staffOnly: '--staff-no 和 --card 只用于本单位员工。',
    peopleHeaders: ['ID', '姓名', '部门/单位', '工号', '卡号', '证件号'],
    departmentHeaders: ['部门', '负责人', '人数'],
    total: '共 {{count}} 条',
    applied: '已登记申请 {{id}}：{{status}}；待审批：{{pending}}',
    decided: '申请 {{id}}：{{status}}',
    noneWaiting: '无',
    badKind: '无效的 --kind “{{value}}”（可用：read 查阅、loan 外借、copy 复制摘抄）。',
    badPaper: '--paper-approval 的格式为 "signed by 姓名 on YYYY-MM-DD"（或“姓名 YYYY-MM-DD”）：{{value}}',
    applicationHeaders: ['申请', '状态', '类型', '申请人', '档案', '待审批'],
    status: { pending: '待审批', approved: '已批准', rejected: '已驳回', withdrawn: '已撤回' },
    approver: { department_head: '部门负责人', general_manager: '总经理', archive_manager: '档案室负责人' },
    copyStep: '（复制摘抄）',
    readingStarted: '开始查阅：{{archiveNo}} → {{reader}}（{{at}}）',
    readingEnded: '结束查阅：{{archiveNo}}（查阅人：{{reader}}，{{from}} 至 {{to}}）',
    checkedComplete: '清点：卷内文件齐全',
    incidentLine: '  问题记录 {{id}}：#{{seq}} {{title}} {{kind}}',
    flagged: '档案 {{archiveNo}} 已标记为待处理，直至问题记录处理完毕（dossier incident resolve ID --as found|replaced|written-off）。',
    shelveAt: '请放回：{{path}}',
    movedTo: '改放：{{path}}（已记录移动）',
    noLocation: '请上架（档案尚无存放位置）',
    holdReady: '有人预约：{{person}} 在等待此档案，已为其保留（预约 {{id}}）。',
    renewed: '已续借：{{archiveNo}} → {{borrower}}，新的应还日期 {{dueDate}}（第 {{count}} 次续借）',
    held: '已预约：{{archiveNo}} → {{person}}（{{status}}，排第 {{position}} 位）',
    holdCancelled: '已取消预约 {{id}}（{{person}}，档案 {{archiveNo}}）',
    reversed: '已冲正记录 {{id}}（档案 {{archiveNo}}）：{{reason}}',
    resolved: '问题记录 {{id}} 已处理：{{status}}',
    badSeq: '“{{value}}”不是卷内文件序号（应为正整数，可用逗号分隔）。',
    badResolution: '无效的 --as “{{value}}”（可用：found 已找到、replaced 已补齐、written-off 核销）。',
    endOrReader: '请指定 --reader（开始查阅）或 --end（结束查阅）。',
    overdueHeaders: ['逾期天数', '档号', '题名', '借阅人', '部门/单位', '应还日期'],
    groupHeaders: ['', '件数', '最长逾期（天）', '档号'],
    byBorrower: '按借阅人：',
    byDepartment: '按部门：',
    noDepartment: '（无部门）',
    noneOverdue: '没有逾期的档案（截至 {{asOf}}）。',
    incidentHeaders: ['问题记录', '档号', '序号', '题名', '类型', '借阅人', '状态', '登记时间'],
    holdHeaders: ['预约', '档号', '预约人', '状态', '位次', '预约时间'],
  },
  en: {
    personAdded: 'Registered {{name}} ({{where}})  id {{id}}',
    departmentAdded: 'Added the department {{name}} (head: {{head}})',
    noHead: 'none',
    staffOrOutside: 'Give --department (staff), or --outside --organisation ORG --id-no NO (an outside person).',
    outsideNeeds: 'An outside person needs --organisation and --id-no.',
    staffOnly: '--staff-no and --card are for staff only.',
    peopleHeaders: ['Id', 'Name', 'Department / organisation', 'Staff no.', 'Card no.', 'ID no.'],
    departmentHeaders: ['Department', 'Head', 'People'],
    total: '{{count}} in all',
    applied: 'Recorded application {{id}}: {{status}}; waiting for: {{pending}}',
    decided: 'Application {{id}}: {{status}}',
    noneWaiting: 'nobody',
    badKind: 'Not a --kind: "{{value}}" (read, loan or copy).',
    badPaper: '--paper-approval takes "signed by NAME on YYYY-MM-DD" (or "NAME YYYY-MM-DD"): {{value}}',
    applicationHeaders: ['Application', 'Status', 'Kind', 'Requester', 'Files', 'Waiting for'],
    status: { pending: 'pending', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn' },
    approver: { department_head: 'department head', general_manager: 'general manager', archive_manager: 'archive manager' },
    copyStep: ' (copy)',
    readingStarted: 'Reading started: {{archiveNo}} → {{reader}} ({{at}})',
    readingEnded: 'Reading ended: {{archiveNo}} (reader: {{reader}}, {{from}} to {{to}})',
    checkedComplete: 'Checked: the contents are complete',
    incidentLine: '  Incident {{id}}: #{{seq}} {{title}} {{kind}}',
    flagged: 'File {{archiveNo}} is flagged until its incidents are resolved (dossier incident resolve ID --as found|replaced|written-off).',
    shelveAt: 'Shelve at: {{path}}',
    movedTo: 'Shelved at: {{path}} (the move is recorded)',
    noLocation: 'Shelve it (the file has no location yet)',
    holdReady: 'Someone is waiting: {{person}} holds this file; it is kept for them (hold {{id}}).',
    renewed: 'Renewed: {{archiveNo}} → {{borrower}}, now due {{dueDate}} (renewal {{count}})',
    held: 'Hold placed: {{archiveNo}} → {{person}} ({{status}}, place {{position}})',
    holdCancelled: 'Cancelled hold {{id}} ({{person}}, file {{archiveNo}})',
    reversed: 'Reversed entry {{id}} (file {{archiveNo}}): {{reason}}',
    resolved: 'Incident {{id}} resolved: {{status}}',
    badSeq: 'Not an item number: "{{value}}" (a positive whole number; commas separate several).',
    badResolution: 'Not an --as: "{{value}}" (found, replaced or written-off).',
    endOrReader: 'Give --reader (to start a reading) or --end (to end it).',
    overdueHeaders: ['Days overdue', 'Archive no.', 'Title', 'Borrower', 'Department / organisation', 'Due'],
    groupHeaders: ['', 'Files', 'Most days overdue', 'Archive nos.'],
    byBorrower: 'Per borrower:',
    byDepartment: 'Per department:',
    noDepartment: '(no department)',
    noneOverdue: 'No file is overdue (as of {{asOf}}).',
    incidentHeaders: ['Incident', 'Archive no.', 'Item', 'Title', 'Kind', 'Borrower', 'Status', 'Recorded'],
    holdHeaders: ['Hold', 'Archive no.', 'Person', 'Status', 'Place', 'Placed'],
  },
} satisfies Record<Language, Record<string, string | string[] | Record<string, string>>>;

export function ledgerWords(ctx: Pick<CommandContext, 'language'>) {
  // The kinds and states of incidents and holds read as the screens name them.
  const { incidentKind, incidentStatus, holdStatus } = catalogs[ctx.language].enums;
  return { ...words[ctx.language], incidentKind, incidentStatus, holdStatus };
}

/** "signed by 赵经理 on 2026-03-01", or "赵经理 2026-03-01". */
export function parsePaperApproval(value: string): { signedBy: string; signedOn: string } | null {
  const m = /^\s*(?:signed by\s+)?(.+?)\s+(?:on\s+)?(\d{4}-\d{2}-\d{2})\s*$/i.exec(value);
  return m ? { signedBy: m[1]!.trim(), signedOn: m[2]! } : null;
}

function waitingFor(w: ReturnType<typeof ledgerWords>, application: Application): string {
  const open = application.steps.filter((s) => s.decision === null);
  if (open.length === 0) return w.noneWaiting;
  return open.map((s) => `${s.headDisplayName ?? w.approver[s.approver]}${s.departmentName ? `（${s.departmentName}）` : ''}${s.purpose === 'copy' ? w.copyStep : ''}`).join(', ');
}

/** What `--json` prints for an application: the record, and its pending steps by name. */
function withPending(application: Application) {
  return { ...application, pendingSteps: application.steps.filter((s) => s.decision === null) };
}

/** `--missing 3 --missing 5` or `--missing 3,5`: sequence numbers in the contents list. */
export function parseSeqs(values: string[] | undefined, w: ReturnType<typeof ledgerWords>): number[] {
  const seqs: number[] = [];
  for (const part of (values ?? []).flatMap((v) => v.split(/[,，\s]+/)).filter(Boolean)) {
    if (!/^\d+$/.test(part) || Number(part) < 1) throw new UsageError(fill(w.badSeq, { value: part }));
    seqs.push(Number(part));
  }
  return seqs;
}

const checkOptions = {
  missing: { type: 'string', multiple: true },
  damaged: { type: 'string', multiple: true },
  note: { type: 'string' },
  location: { type: 'string' },
} as const;

function returnCheck(ctx: CommandContext) {
  const w = ledgerWords(ctx);
  return {
    archiveNo: ctx.text('file'),
    missing: parseSeqs(ctx.values.missing as string[] | undefined, w),
    damaged: parseSeqs(ctx.values.damaged as string[] | undefined, w),
    note: ctx.optional('note') ?? '',
    locationId: ctx.optional('location'),
  };
}

/** What the clerk is told after a return: the check, incidents, where the file goes, who waits for it. */
function printAfterReturn(ctx: CommandContext, archiveNo: string, after: { incidents: Incident[]; holdReady: Hold | null; locationPath: string | null; moved: boolean }): void {
  const w = ledgerWords(ctx);
  if (after.incidents.length === 0) ctx.print(w.checkedComplete);
  for (const i of after.incidents) ctx.print(fill(w.incidentLine, { id: i.id, seq: String(i.itemSeq ?? ''), title: i.itemTitle ?? '', kind: w.incidentKind[i.kind] }));
  if (after.incidents.length > 0) ctx.print(fill(w.flagged, { archiveNo }));
  ctx.print(after.locationPath ? fill(after.moved ? w.movedTo : w.shelveAt, { path: after.locationPath }) : w.noLocation);
  if (after.holdReady) ctx.print(fill(w.holdReady, { person: after.holdReady.person, id: after.holdReady.id }));
}

const RESOLUTIONS = { found: 'found', replaced: 'replaced', 'written-off': 'written_off', written_off: 'written_off' } as const;

export const ledgerCommands: Record<string, Command> = {
  read: {
    options: {
      file: { type: 'string' },
      reader: { type: 'string' },
      end: { type: 'boolean' },
      application: { type: 'string' },
      'paper-approval': { type: 'string' },
      purpose: { type: 'string' },
      ...checkOptions,
    },
    run(ctx) {
      const w = ledgerWords(ctx);
      if (ctx.values.end) {
        const check = returnCheck(ctx);
        return withSession(ctx, async (session) => {
          const reading = await session.call('loans.endReading', check);
          ctx.print(fill(w.readingEnded, { archiveNo: reading.archiveNo, reader: reading.reader, from: localTime(reading.startedAt), to: localTime(reading.endedAt) }));
          printAfterReturn(ctx, reading.archiveNo, reading);
          return reading;
        });
      }
      if (!ctx.optional('reader')) throw new UsageError(w.endOrReader);
      const paperText = ctx.optional('paper-approval');
      const paperApproval = paperText === undefined ? undefined : parsePaperApproval(paperText);
      if (paperApproval === null) throw new UsageError(fill(w.badPaper, { value: paperText! }));
      return withSession(ctx, async (session) => {
        const reading = await session.call('loans.read', {
          archiveNo: ctx.text('file'),
          reader: ctx.text('reader'),
          applicationId: ctx.optional('application'),
          paperApproval,
          purpose: ctx.optional('purpose') ?? '',
        });
        ctx.print(fill(w.readingStarted, { archiveNo: reading.archiveNo, reader: reading.reader, at: localTime(reading.startedAt) }));
        return reading;
      });
    },
  },
  return: {
    options: { file: { type: 'string' }, ...checkOptions },
    run(ctx) {
      const check = returnCheck(ctx);
      return withSession(ctx, async (session) => {
        const loan = await session.call('loans.return', check);
        ctx.print(fill(ctx.m.returned, { archiveNo: loan.archiveNo, borrower: loan.borrower }));
        printAfterReturn(ctx, loan.archiveNo, loan);
        return loan;
      });
    },
  },
  renew: {
    options: { file: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const loan = await session.call('loans.renew', { archiveNo: ctx.text('file') });
        ctx.print(fill(ledgerWords(ctx).renewed, { archiveNo: loan.archiveNo, borrower: loan.borrower, dueDate: loan.dueDate, count: String(loan.renewals) }));
        return loan;
      }),
  },
  hold: {
    options: { file: { type: 'string' }, for: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const hold = await session.call('holds.place', { archiveNo: ctx.text('file'), person: ctx.text('for') });
        ctx.print(fill(w.held, { archiveNo: hold.archiveNo, person: hold.person, status: w.holdStatus[hold.status], position: String(hold.position ?? '') }));
        return hold;
      }),
  },
  'hold cancel': {
    options: { reason: { type: 'string' } },
    positionals: 1,
    run(ctx) {
      const id = ctx.positionals[0];
      if (!id) throw new UsageError(fill(ctx.m.missingOption, { option: 'ID' }));
      return withSession(ctx, async (session) => {
        const hold = await session.call('holds.cancel', { id, reason: ctx.optional('reason') ?? '' });
        ctx.print(fill(ledgerWords(ctx).holdCancelled, { id: hold.id, person: hold.person, archiveNo: hold.archiveNo }));
        return hold;
      });
    },
  },
  holds: {
    options: { file: { type: 'string' }, ready: { type: 'boolean' }, all: { type: 'boolean' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const list = await session.call('holds.list', {
          archiveNo: ctx.optional('file'),
          status: ctx.values.ready ? 'ready' : ctx.values.all ? 'all' : 'active',
          limit: 5000,
        });
        ctx.print(
          renderTable(
            w.holdHeaders,
            list.map((h) => [h.id, h.archiveNo, h.person, w.holdStatus[h.status], String(h.position ?? ''), localTime(h.createdAt)]),
          ),
        );
        ctx.print(fill(w.total, { count: list.length }));
        return list;
      }),
  },
  overdue: {
    options: {},
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const report = await session.call('loans.overdue');
        if (report.loans.length === 0) {
          ctx.print(fill(w.noneOverdue, { asOf: report.asOf }));
          return report;
        }
        // Most overdue first (the engine's order: earliest due date).
        ctx.print(
          renderTable(
            w.overdueHeaders,
            report.loans.map((l) => [String(l.daysOverdue), l.archiveNo, l.fileTitle, l.borrower, l.departmentName ?? '', l.dueDate]),
          ),
        );
        const groups = (list: typeof report.byBorrower) => list.map((g) => [g.name || w.noDepartment, String(g.count), String(g.maxDaysOverdue), g.archiveNos.join(' ')]);
        ctx.print(w.byBorrower);
        ctx.print(renderTable(w.groupHeaders, groups(report.byBorrower)));
        ctx.print(w.byDepartment);
        ctx.print(renderTable(w.groupHeaders, groups(report.byDepartment)));
        ctx.print(fill(w.total, { count: report.loans.length }));
        return report;
      }),
  },
  incidents: {
    options: { open: { type: 'boolean' }, file: { type: 'string' }, person: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const list = await session.call('incidents.list', { open: Boolean(ctx.values.open), archiveNo: ctx.optional('file'), person: ctx.optional('person'), limit: 5000 });
        ctx.print(
          renderTable(
            w.incidentHeaders,
            list.map((i) => [
              i.id,
              i.archiveNo,
              String(i.itemSeq ?? ''),
              i.itemTitle ?? '',
              w.incidentKind[i.kind],
              i.borrower,
              w.incidentStatus[i.status],
              localTime(i.createdAt),
            ]),
          ),
        );
        ctx.print(fill(w.total, { count: list.length }));
        return list;
      }),
  },
  'incident resolve': {
    options: { as: { type: 'string' }, reason: { type: 'string' } },
    positionals: 1,
    run(ctx) {
      const w = ledgerWords(ctx);
      const id = ctx.positionals[0];
      if (!id) throw new UsageError(fill(ctx.m.missingOption, { option: 'ID' }));
      const as = ctx.text('as').toLowerCase();
      const resolution = RESOLUTIONS[as as keyof typeof RESOLUTIONS];
      if (!resolution) throw new UsageError(fill(w.badResolution, { value: as }));
      return withSession(ctx, async (session) => {
        const incident = await session.call('incidents.resolve', { id, resolution, reason: ctx.optional('reason') ?? '' });
        ctx.print(fill(w.resolved, { id: incident.id, status: w.incidentStatus[incident.status] }));
        return incident;
      });
    },
  },
  reverse: {
    options: { reason: { type: 'string' } },
    positionals: 1,
    run(ctx) {
      const id = ctx.positionals[0];
      if (!id) throw new UsageError(fill(ctx.m.missingOption, { option: 'ID' }));
      const reason = ctx.text('reason');
      return withSession(ctx, async (session) => {
        const result = await session.call('loans.reverse', { id, reason });
        ctx.print(fill(ledgerWords(ctx).reversed, { id: result.entryId, archiveNo: result.archiveNo, reason: result.reversal.reason }));
        return result;
      });
    },
  },
  apply: {
    options: {
      requester: { type: 'string' },
      file: { type: 'string', multiple: true },
      kind: { type: 'string' },
      purpose: { type: 'string' },
      days: { type: 'string' },
      from: { type: 'string' },
      letter: { type: 'string' },
      'paper-approval': { type: 'string' },
    },
    run(ctx) {
      const w = ledgerWords(ctx);
      const kind = ctx.text('kind').toLowerCase();
      if (!(APPLICATION_KINDS as readonly string[]).includes(kind)) throw new UsageError(fill(w.badKind, { value: kind }));
      const files = ((ctx.values.file as string[] | undefined) ?? []).map((f) => f.trim()).filter(Boolean);
      if (files.length === 0) throw new UsageError(fill(ctx.m.missingOption, { option: 'file' }));
      const paperText = ctx.optional('paper-approval');
      const paper = paperText === undefined ? undefined : parsePaperApproval(paperText);
      if (paper === null) throw new UsageError(fill(w.badPaper, { value: paperText! }));
      return withSession(ctx, async (session) => {
        const application = await session.call('applications.create', {
          requester: ctx.text('requester'),
          files: files.map((archiveNo) => ({ archiveNo })),
          kind: kind as ApplicationKind,
          purpose: ctx.text('purpose'),
          days: ctx.integer('days'),
          wantedFrom: ctx.optional('from'),
          letterNo: ctx.optional('letter'),
          paper,
        });
        ctx.print(fill(w.applied, { id: application.id, status: w.status[application.status], pending: waitingFor(w, application) }));
        return withPending(application);
      });
    },
  },
  applications: {
    options: { pending: { type: 'boolean' }, mine: { type: 'boolean' }, limit: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        // --pending: for an approver, what waits for them; for anyone else, every pending application.
        const pending = Boolean(ctx.values.pending);
        const forMe = pending && roleCan(session.user.role, 'approvals.decide') && !roleCan(session.user.role, 'loans.circulate');
        const list = await session.call('applications.list', {
          status: pending ? 'pending' : undefined,
          forMe,
          mine: Boolean(ctx.values.mine),
          limit: ctx.integer('limit') ?? 200,
        });
        ctx.print(
          renderTable(
            w.applicationHeaders,
            list.map((a) => [a.id, w.status[a.status], a.kind, a.requester.name, a.files.map((f) => f.archiveNo).join(' '), a.status === 'pending' ? waitingFor(w, a) : '']),
          ),
        );
        ctx.print(fill(w.total, { count: list.length }));
        return list.map(withPending);
      }),
  },
  approve: {
    options: { comment: { type: 'string' } },
    positionals: 1,
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const id = ctx.positionals[0];
        if (!id) throw new UsageError(fill(ctx.m.missingOption, { option: 'ID' }));
        const application = await session.call('applications.approve', { id, comment: ctx.optional('comment') ?? '' });
        ctx.print(fill(w.decided, { id, status: w.status[application.status] }));
        return withPending(application);
      }),
  },
  reject: {
    options: { reason: { type: 'string' } },
    positionals: 1,
    run(ctx) {
      const id = ctx.positionals[0];
      if (!id) throw new UsageError(fill(ctx.m.missingOption, { option: 'ID' }));
      const reason = ctx.text('reason');
      return withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const application = await session.call('applications.reject', { id, reason });
        ctx.print(fill(w.decided, { id, status: w.status[application.status] }));
        return withPending(application);
      });
    },
  },
  'person add': {
    options: {
      name: { type: 'string' },
      department: { type: 'string' },
      'staff-no': { type: 'string' },
      card: { type: 'string' },
      outside: { type: 'boolean' },
      organisation: { type: 'string' },
      'id-no': { type: 'string' },
      letter: { type: 'string' },
      remarks: { type: 'string' },
    },
    run(ctx) {
      const w = ledgerWords(ctx);
      const name = ctx.text('name');
      const outside = Boolean(ctx.values.outside);
      if (outside) {
        if (ctx.optional('staff-no') || ctx.optional('card') || ctx.optional('department')) throw new UsageError(w.staffOnly);
        if (!ctx.optional('organisation') || !ctx.optional('id-no')) throw new UsageError(w.outsideNeeds);
      } else if (!ctx.optional('department')) {
        throw new UsageError(w.staffOrOutside);
      }
      return withSession(ctx, async (session) => {
        const person = await session.call(
          'people.add',
          outside
            ? {
                kind: 'outside',
                name,
                organisation: ctx.text('organisation'),
                idNo: ctx.text('id-no'),
                letterNo: ctx.optional('letter') ?? '',
                remarks: ctx.optional('remarks') ?? '',
              }
            : { kind: 'staff', name, department: ctx.text('department'), staffNo: ctx.optional('staff-no'), cardNo: ctx.optional('card'), remarks: ctx.optional('remarks') ?? '' },
        );
        const where = person.kind === 'staff' ? [person.departmentName, person.staffNo].filter(Boolean).join(' ') : person.organisation;
        ctx.print(fill(w.personAdded, { name: person.name, where, id: person.id }));
        return person;
      });
    },
  },
  people: {
    options: { search: { type: 'string' }, limit: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const result = await session.call('people.list', { search: ctx.optional('search'), limit: ctx.integer('limit') ?? 1000 });
        ctx.print(
          renderTable(
            w.peopleHeaders,
            result.rows.map((p) => [p.id, p.name, p.kind === 'staff' ? (p.departmentName ?? '') : p.organisation, p.staffNo ?? '', p.cardNo ?? '', p.idNo]),
          ),
        );
        ctx.print(fill(w.total, { count: result.total }));
        return result;
      }),
  },
  'department add': {
    options: { name: { type: 'string' }, head: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const department = await session.call('departments.add', { name: ctx.text('name'), head: ctx.optional('head') });
        ctx.print(fill(w.departmentAdded, { name: department.name, head: department.headDisplayName ?? w.noHead }));
        return department;
      }),
  },
  departments: {
    options: {},
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const w = ledgerWords(ctx);
        const list = await session.call('departments.list');
        ctx.print(
          renderTable(
            w.departmentHeaders,
            list.map((d) => [d.name, d.headDisplayName ?? '', String(d.staffCount)]),
          ),
        );
        ctx.print(fill(w.total, { count: list.length }));
        return list;
      }),
  },
};
