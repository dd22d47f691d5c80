/**
 * The borrowing ledger's commands: people, departments (and later applications, approvals,
 * lending). Their words are here, in both languages; the domain's errors come from the shared
 * catalogs like every other command's.
 */
import { APPLICATION_KINDS } from '../shared/domain/borrowing.js';
import type { ApplicationKind } from '../shared/domain/borrowing.js';
import { roleCan } from '../shared/domain/permissions.js';
import type { Application } from '../shared/ops/applications.js';
import type { Language } from '../shared/i18n/index.js';
import { UsageError, withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { fill } from './messages.js';
import { renderTable } from './table.js';

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
  },
} satisfies Record<Language, Record<string, string | string[] | Record<string, string>>>;

export function ledgerWords(ctx: Pick<CommandContext, 'language'>) {
  return words[ctx.language];
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

export const ledgerCommands: Record<string, Command> = {
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
