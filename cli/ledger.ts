/**
 * The borrowing ledger's commands: people, departments (and later applications, approvals,
 * lending). Their words are here, in both languages; the domain's errors come from the shared
 * catalogs like every other command's.
 */
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
  },
} satisfies Record<Language, Record<string, string | string[]>>;

export function ledgerWords(ctx: Pick<CommandContext, 'language'>) {
  return words[ctx.language];
}

export const ledgerCommands: Record<string, Command> = {
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
