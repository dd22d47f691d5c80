/**
 * `dossier print catalog|terminated|contents|cover|notesheet|roster|register|overdue|reminders|handover|audit
 * --out FILE.pdf [--by USERNAME] [--action A,…] [--target TEXT] [--file NO …] [--client ID] [--since DATE] [--from DATE --to DATE] [--year YYYY]
 * [--columns a,b,…]`: the archive's forms through the engine's `print.*` operations, run as
 * jobs (progress on a terminal, Ctrl+C cancels), the PDF written beside its target and renamed
 * into place, so a cancelled print leaves no file.
 */
import path from 'node:path';
import type { ArchiveSession } from '../db/archive.js';
import { AUDIT_ACTIONS, AUDIT_GROUPS, auditActionGroups } from '../shared/auditActions.js';
import { isValidDate } from '../shared/domain/dates.js';
import { isValidCreditCode, normalizeCreditCode } from '../shared/domain/creditCode.js';
import { catalogs } from '../shared/i18n/index.js';
import { ROSTER_COLUMNS } from '../shared/ops/print.js';
import type { PrintOperation, RosterColumn } from '../shared/ops/print.js';
import { CancelledError, UsageError, withSession } from './command.js';
import type { Command, CommandContext, Options } from './command.js';
import { existing, writeOutputFile } from './files.js';
import { interruptScope, runJob } from './jobs.js';
import { fill, plural } from './messages.js';

type Ctx = CommandContext;

const ui = (ctx: Ctx) => catalogs[ctx.language].ui.print.cli;

function outFile(ctx: Ctx): string {
  const out = path.resolve(ctx.text('out'));
  if (path.extname(out).toLowerCase() !== '.pdf') throw new UsageError(fill(ui(ctx).notPdf, { file: out }));
  const state = existing(out);
  if (state === 'other') throw new UsageError(fill(ctx.m.notRegularFile, { file: out }));
  if (state === 'regular' && !ctx.values.force) throw new UsageError(fill(ctx.m.fileExists, { file: out }));
  return out;
}

/** --file NO (repeatable, or comma/space separated). */
function archiveNos(ctx: Ctx): string[] {
  const files = ctx.values.file;
  return (Array.isArray(files) ? files : typeof files === 'string' ? [files] : []).flatMap((f) => String(f).split(/[,，\s]+/)).filter(Boolean);
}

function date(ctx: Ctx, option: string): string | undefined {
  const value = ctx.optional(option);
  if (value !== undefined && !isValidDate(value)) throw new UsageError(fill(ui(ctx).badDate, { option: `--${option}`, value }));
  return value;
}

/** A client by id, or by its unified social credit code. */
async function clientId(session: ArchiveSession, value: string): Promise<string> {
  const code = normalizeCreditCode(value);
  if (isValidCreditCode(code)) {
    const { rows } = await session.call('clients.list', { search: code, limit: 10, status: ['prospect', 'active', 'terminated'] });
    const match = rows.find((r) => r.creditCode === code);
    if (match) return match.id;
  }
  return value;
}

function columns(ctx: Ctx): RosterColumn[] | undefined {
  const raw = ctx.optional('columns');
  if (raw === undefined) return undefined;
  const picked = raw.split(/[,，\s]+/).filter(Boolean);
  for (const c of picked) {
    if (!(ROSTER_COLUMNS as readonly string[]).includes(c)) throw new UsageError(fill(ui(ctx).badColumn, { value: c, columns: ROSTER_COLUMNS.join(',') }));
  }
  return picked as RosterColumn[];
}

/** --action: action names or group names (comma separated); a group stands for its actions. */
function actions(ctx: Ctx): string[] | undefined {
  const raw = ctx.optional('action');
  if (raw === undefined) return undefined;
  const groups = auditActionGroups();
  return raw
    .split(/[,，\s]+/)
    .filter(Boolean)
    .flatMap((name) => {
      const group = groups.find((g) => g.group === name);
      if (group) return group.actions;
      if ((AUDIT_ACTIONS as readonly string[]).includes(name)) return [name];
      throw new UsageError(fill(ui(ctx).badAction, { value: name, groups: AUDIT_GROUPS.join(',') }));
    });
}

/** --by USERNAME: the acting user (--user is who signs in), found among the log's users. */
async function actingUser(ctx: Ctx, session: ArchiveSession, name: string): Promise<string> {
  const { users } = await session.call('audit.overview', {});
  const wanted = name.normalize('NFC').toLowerCase();
  const user = users.find((u) => u.username.normalize('NFC').toLowerCase() === wanted);
  if (!user) throw new UsageError(fill(ui(ctx).unknownUser, { value: name }));
  return user.id;
}

/** What each form asks of the options: the operation and its input (checked before the archive opens where possible). */
type Plan = { operation: PrintOperation; input: (session: ArchiveSession) => Promise<unknown> };

const FORMS: Record<string, (ctx: Ctx) => Plan> = {
  catalog: (ctx) => {
    const nos = archiveNos(ctx);
    const since = date(ctx, 'since');
    const client = ctx.optional('client');
    return {
      operation: 'print.catalog',
      input: async (session) => ({ ...(nos.length ? { archiveNos: nos } : {}), ...(since ? { since } : {}), ...(client ? { clientId: await clientId(session, client) } : {}) }),
    };
  },
  terminated: (ctx) => {
    const year = ctx.integer('year');
    if (year === undefined) throw new UsageError(ui(ctx).needYear);
    return { operation: 'print.terminated', input: async () => ({ year }) };
  },
  ...Object.fromEntries(
    (
      [
        ['contents', 'print.contents'],
        ['cover', 'print.cover'],
        ['notesheet', 'print.noteSheet'],
      ] as const
    ).map(([name, operation]) => [
      name,
      (ctx: Ctx): Plan => {
        const nos = archiveNos(ctx);
        if (!nos.length) throw new UsageError(ui(ctx).needFile);
        const checkedBy = ctx.optional('checked-by');
        return { operation, input: async () => ({ archiveNos: nos, ...(operation === 'print.noteSheet' && checkedBy ? { checkedBy } : {}) }) };
      },
    ]),
  ),
  roster: (ctx) => {
    const picked = columns(ctx);
    const client = ctx.optional('client');
    return { operation: 'print.roster', input: async (session) => ({ ...(picked ? { columns: picked } : {}), ...(client ? { clientId: await clientId(session, client) } : {}) }) };
  },
  register: (ctx) => {
    const from = date(ctx, 'from');
    const to = date(ctx, 'to');
    if (!from || !to) throw new UsageError(ui(ctx).needPeriod);
    return { operation: 'print.register', input: async () => ({ from, to }) };
  },
  overdue: () => ({ operation: 'print.overdue', input: async () => ({}) }),
  reminders: () => ({ operation: 'print.reminders', input: async () => ({}) }),
  handover: (ctx) => {
    const from = date(ctx, 'from') ?? date(ctx, 'since');
    const to = date(ctx, 'to');
    return { operation: 'print.handovers', input: async () => ({ ...(from ? { from } : {}), ...(to ? { to } : {}) }) };
  },
  audit: (ctx) => {
    const from = date(ctx, 'from');
    const to = date(ctx, 'to');
    const picked = actions(ctx);
    const by = ctx.optional('by');
    const target = ctx.optional('target');
    return {
      operation: 'print.audit',
      input: async (session) => ({
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(picked?.length ? { actions: picked } : {}),
        ...(target ? { target } : {}),
        ...(by ? { userId: await actingUser(ctx, session, by) } : {}),
      }),
    };
  },
};

export const PRINT_FORMS = Object.keys(FORMS);

const OPTIONS = {
  out: { type: 'string' },
  file: { type: 'string', multiple: true },
  client: { type: 'string' },
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  year: { type: 'string' },
  columns: { type: 'string' },
  'checked-by': { type: 'string' },
  by: { type: 'string' },
  action: { type: 'string' },
  target: { type: 'string' },
  force: { type: 'boolean' },
} as Options;

function printCommand(form: string): Command {
  return {
    options: OPTIONS,
    async run(ctx) {
      const out = outFile(ctx);
      const plan = FORMS[form]!(ctx);
      const interrupt = interruptScope();
      try {
        return await withSession(ctx, async (session) => {
          const result = await runJob(ctx, session, plan.operation, await plan.input(session), interrupt.signal);
          if (interrupt.signal.aborted) throw new CancelledError();
          try {
            writeOutputFile(out, Buffer.from(result.contentBase64, 'base64'), Boolean(ctx.values.force));
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'EEXIST') throw new UsageError(fill(ctx.m.fileExists, { file: out }));
            throw new UsageError(fill(ui(ctx).cannotWrite, { file: out, detail: code ?? String(err) }));
          }
          const rows = plural(ui(ctx), 'rows', result.rows, ctx.language);
          ctx.print(plural(ui(ctx), 'printed', result.pages, ctx.language, { rows, file: out }));
          return { file: out, pages: result.pages, rows: result.rows, pageSize: result.pageSize };
        });
      } finally {
        interrupt.dispose();
      }
    },
  };
}

export const printCommands: Record<string, Command> = Object.fromEntries(PRINT_FORMS.map((form) => [`print ${form}`, printCommand(form)]));
