/**
 * The `dossier` command line. Each command unlocks the archive as --user (password from
 * DOSSIER_PASSWORD or a prompt), runs contract operations on the engine directly, and
 * prints a table, or one JSON document with --json. Errors go to stderr (as JSON with
 * --json), exit code 1 (2 for usage errors).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createArchive, openArchive } from '../db/archive.js';
import type { ArchiveSession } from '../db/archive.js';
import { fillDemoArchive } from '../db/demo.js';
import type { Loan } from '../shared/contract.js';
import { isValidCreditCode, normalizeCreditCode } from '../shared/domain/creditCode.js';
import { parseConfidentiality, parseRetention } from '../shared/domain/enums.js';
import { DossierError } from '../shared/errors.js';
import type { ErrorParams } from '../shared/errors.js';
import { formatError, pickLanguage } from '../shared/i18n/index.js';
import { CancelledError, UsageError, withSession } from './command.js';
import type { Command, CommandContext, Options, Values } from './command.js';
import { contractCommands } from './contract.js';
import { ledgerCommands, ledgerWords, parsePaperApproval } from './ledger.js';
import { localTime, printable } from './format.js';
import { cliMessages, fill } from './messages.js';
import type { CliMessages } from './messages.js';
import { NoPasswordError, PasswordMismatchError, readPassword } from './password.js';
import { renderTable } from './table.js';
import { transferCommands } from './transfer.js';
import { printCommands } from './print.js';
import { userCommands } from './users.js';
import { checkQrOption, keyCommands, recoveryQrOption, showRecoveryKey } from './keys.js';
import { auditCommands } from './audit.js';
import { labelCommands } from './labels.js';
import { scanCommands } from './scans.js';
import { ocrCommands } from './ocr.js';

const COMMON: Options = {
  archive: { type: 'string' },
  user: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
};

async function resolveClientId(session: ArchiveSession, value: string): Promise<string> {
  const code = normalizeCreditCode(value);
  if (isValidCreditCode(code)) {
    const { rows } = await session.call('clients.list', { search: code, limit: 10 });
    const match = rows.find((r) => r.creditCode === code);
    if (match) return match.id;
  }
  return value;
}

function loanState(m: CliMessages, loan: Loan): string {
  return loan.returnedAt ? m.loanState.returned : loan.overdue ? m.loanState.overdue : m.loanState.open;
}

const commands: Record<string, Command> = {
  ...transferCommands({ usage: (message) => new UsageError(message), withSession }),
  ...printCommands,
  ...contractCommands,
  ...userCommands,
  ...keyCommands,
  ...ledgerCommands,
  ...auditCommands,
  ...labelCommands,
  ...scanCommands,
  ...ocrCommands,
  init: {
    options: { 'display-name': { type: 'string' }, 'archive-name': { type: 'string' }, department: { type: 'string' }, demo: { type: 'boolean' }, ...recoveryQrOption },
    async run(ctx) {
      checkQrOption(ctx);
      const dir = path.resolve(ctx.text('archive'));
      const username = ctx.text('user');
      const password = await readPassword(ctx.m.passwordPrompt, ctx.m.passwordRepeat, ctx.m.passwordMismatch);
      const session = await createArchive(
        dir,
        {
          username,
          displayName: ctx.optional('display-name') ?? username,
          department: ctx.optional('department') ?? '',
          password,
          archiveName: ctx.optional('archive-name') ?? (ctx.language === 'zh-CN' ? '客户档案室' : 'Client archive'),
        },
        { program: ctx.m.program },
      );
      try {
        if (ctx.values.demo) await fillDemoArchive(session);
        ctx.print(fill(ctx.m.created, { dir, user: username }));
        const recoveryKey = session.recoveryKey!;
        showRecoveryKey(ctx, recoveryKey);
        return { archive: dir, archiveId: session.archiveId, user: session.user, recoveryKey };
      } finally {
        session.close();
      }
    },
  },
  'client add': {
    options: {
      name: { type: 'string' },
      'credit-code': { type: 'string' },
      category: { type: 'string' },
      'contact-person': { type: 'string' },
      'contact-phone': { type: 'string' },
    },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const client = await session.call('clients.create', {
          name: ctx.text('name'),
          creditCode: ctx.optional('credit-code'),
          category: ctx.optional('category'),
          contactPerson: ctx.optional('contact-person'),
          contactPhone: ctx.optional('contact-phone'),
        });
        ctx.print(fill(ctx.m.clientAdded, { name: client.name, id: client.id }));
        return client;
      }),
  },
  'client list': {
    options: { search: { type: 'string' }, limit: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const result = await session.call('clients.list', { search: ctx.optional('search'), limit: ctx.integer('limit') ?? 1000 });
        ctx.print(
          renderTable(
            ctx.m.headers.clients,
            result.rows.map((c) => [c.id, c.name, c.creditCode ?? '', c.category ?? '', c.contactPerson ?? '', String(c.fileCount), String(c.onLoanCount)]),
          ),
        );
        ctx.print(fill(ctx.m.total, { count: result.total }));
        return result;
      }),
  },
  'file add': {
    options: { client: { type: 'string' }, title: { type: 'string' }, confidentiality: { type: 'string' }, retention: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const levelText = ctx.optional('confidentiality');
        const confidentiality = levelText === undefined ? undefined : parseConfidentiality(levelText);
        if (confidentiality === null) throw new UsageError(fill(ctx.m.badConfidentiality, { value: levelText! }));
        const retentionText = ctx.optional('retention');
        const retention = retentionText === undefined ? undefined : parseRetention(retentionText);
        if (retention === null) throw new UsageError(fill(ctx.m.badRetention, { value: retentionText! }));
        const clientId = await resolveClientId(session, ctx.text('client'));
        const file = await session.call('files.create', { clientId, title: ctx.text('title'), confidentiality, retention });
        ctx.print(fill(ctx.m.fileAdded, { archiveNo: file.archiveNo, title: file.title }));
        return file;
      }),
  },
  lend: {
    options: {
      file: { type: 'string' },
      borrower: { type: 'string' },
      application: { type: 'string' },
      'paper-approval': { type: 'string' },
      purpose: { type: 'string' },
      due: { type: 'string' },
    },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const due = ctx.optional('due');
        if (due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new DossierError('loan.badDate', { value: due });
        const paperText = ctx.optional('paper-approval');
        const paperApproval = paperText === undefined ? undefined : parsePaperApproval(paperText);
        if (paperApproval === null) throw new UsageError(fill(ledgerWords(ctx).badPaper, { value: paperText! }));
        const loan = await session.call('loans.lend', {
          archiveNo: ctx.text('file'),
          borrower: ctx.text('borrower'),
          applicationId: ctx.optional('application'),
          paperApproval,
          purpose: ctx.optional('purpose') ?? '',
          dueDate: due,
        });
        ctx.print(fill(ctx.m.lent, { archiveNo: loan.archiveNo, borrower: loan.borrower, dueDate: loan.dueDate }));
        return loan;
      }),
  },
  ledger: {
    options: { open: { type: 'boolean' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const loans = await session.call('loans.list', { open: Boolean(ctx.values.open), limit: 5000 });
        ctx.print(
          renderTable(
            ctx.m.headers.ledger,
            loans.map((l) => [l.archiveNo, l.fileTitle, l.clientName, l.borrower, localTime(l.lentAt), l.dueDate, localTime(l.returnedAt), loanState(ctx.m, l)]),
          ),
        );
        ctx.print(fill(ctx.m.total, { count: loans.length }));
        return loans;
      }),
  },
};

/** One error on stderr: the message, or with --json `{"error": {code, params, message}}`. */
function report(json: boolean, code: string, message: string, params: ErrorParams = {}): void {
  console.error(json ? JSON.stringify({ error: { code, params, message } }) : message);
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const langIndex = argv.indexOf('--lang');
  const language = pickLanguage((langIndex >= 0 ? argv[langIndex + 1] : undefined) ?? process.env.DOSSIER_LANG ?? process.env.LC_ALL ?? process.env.LANG);
  const m = cliMessages[language];
  const json = argv.includes('--json');
  const [first, second] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    console.log(m.usage);
    return first ? 0 : 2;
  }
  if (first === 'serve') {
    const { runBrowserMode } = await import('../server/main.js');
    await runBrowserMode(argv.slice(1));
    return 0;
  }
  // A two-word command (`audit anchor`) before the one-word command it extends (`audit`).
  const two = `${first} ${second ?? ''}`.trim();
  const name = commands[two] ? two : commands[first] ? first : two;
  const command = commands[name];
  if (!command) {
    report(json, 'usage', fill(m.unknownCommand, { command: name }));
    if (!json) console.error(m.usage);
    return 2;
  }
  const rest = argv.slice(name.split(' ').length);
  try {
    const options: Options = command.noArchive ? { json: COMMON.json!, lang: COMMON.lang!, ...command.options } : { ...COMMON, ...command.options };
    const { values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: Boolean(command.positionals) });
    if (positionals.length > (command.positionals ?? 0)) throw new UsageError(fill(m.badOption, { detail: positionals.join(' ') }));
    const optional = (option: string) => {
      const v = values[option];
      return typeof v === 'string' && v.trim() !== '' ? v : undefined;
    };
    const ctx: CommandContext = {
      values: values as Values,
      positionals,
      m,
      language,
      json,
      print: (text) => {
        if (!json) console.log(printable(text));
      },
      optional,
      text: (option) => {
        const v = optional(option);
        if (v === undefined) throw new UsageError(fill(m.missingOption, { option }));
        return v;
      },
      integer: (option) => {
        const v = optional(option);
        if (v === undefined) return undefined;
        if (!/^\s*-?\d+\s*$/.test(v)) throw new UsageError(fill(m.badNumber, { option, value: v }));
        return Number(v);
      },
      // The archive's lock names this program to anyone else who tries to open it meanwhile.
      // `--admin` (only `grant` declares it) names who signs in when `--user` names the grantee.
      open: async () => openArchive(path.resolve(ctx.text('archive')), optional('admin') ?? ctx.text('user'), await readPassword(m.passwordPrompt), { program: m.program }),
    };
    const result = await command.run(ctx);
    if (json) console.log(JSON.stringify(result, null, 2));
    return process.exitCode === 1 ? 1 : 0;
  } catch (err) {
    if (err instanceof CancelledError) {
      report(json, 'job.cancelled', m.cancelled);
      return 130;
    }
    if (err instanceof DossierError) {
      report(json, err.code, formatError(err.toJSON(), language), err.params);
      return 1;
    }
    if (err instanceof NoPasswordError) {
      report(json, 'usage', err.variable === 'DOSSIER_PASSWORD' ? m.noPassword : m.noNewPassword);
      return 2;
    }
    if (err instanceof UsageError) {
      report(json, 'usage', err.message);
      return 2;
    }
    if (err instanceof PasswordMismatchError) {
      report(json, 'usage', m.passwordMismatch);
      return 2;
    }
    if (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      report(json, 'usage', fill(m.badOption, { detail: err.message }));
      return 2;
    }
    const message = formatError({ code: 'internal', params: {} }, language);
    const detail = err instanceof Error ? err.message : '';
    if (json) report(json, 'internal', detail ? `${message} ${detail}` : message);
    else console.error(message, detail);
    return 1;
  }
}
