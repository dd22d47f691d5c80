/**
 * `dossier import clients|files FILE` and `dossier export clients|files|loans|handovers --out FILE`:
 * spreadsheet import and export through the engine's contract operations, run as jobs
 * (progress on a terminal's stderr, Ctrl+C cancels). The import file streams into the
 * session's encrypted upload store; the export is written beside its target and renamed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ArchiveSession } from '../db/archive.js';
import { auditExportFailed } from '../db/streams/exportAudit.js';
import { uploadsFor } from '../db/streams/uploads.js';
import { MAX_UPLOAD_IMPORT_BYTES } from '../shared/ops/import.js';
import { catalogs, formatError } from '../shared/i18n/index.js';
import type { Language } from '../shared/i18n/index.js';
import { EXPORT_LISTS } from '../shared/ops/export.js';
import type { ExportList } from '../shared/ops/export.js';
import type { ImportInput, ImportKind, ImportMapping, ImportReport, ValueChoices } from '../shared/ops/import.js';
import { CancelledError } from './command.js';
import type { CommandContext, Options } from './command.js';
import { existing, FileTooLargeError, NotRegularFileError, openInputFile, writeOutputFile } from './files.js';
import type { InputFile } from './files.js';
import { interruptScope, runJob } from './jobs.js';
import { fill } from './messages.js';
import type { CliMessages } from './messages.js';

type Ctx = CommandContext;

interface Deps {
  usage(message: string): Error;
  withSession<T>(ctx: Ctx, fn: (session: ArchiveSession) => Promise<T>): Promise<T>;
}

/** The report as lines a clerk reads: counts, then one line per problem with its row number. */
export function formatImportReport(report: ImportReport, m: CliMessages, language: Language): string {
  const lines = [fill(m.importCounts, { total: report.totalRows, good: report.goodRows, bad: report.badRows, empty: report.emptyRows })];
  if (report.unmappedHeaders.length) lines.push(fill(m.importUnmapped, { columns: report.unmappedHeaders.join(language === 'en' ? ', ' : '、') }));
  const ui = catalogs[language].ui.import;
  if (report.sheets.some((s) => s.read))
    lines.push(
      fill(ui.sheetsRead, {
        sheets: report.sheets
          .filter((s) => s.read)
          .map((s) => s.name)
          .join(language === 'en' ? ', ' : '、'),
      }),
    );
  for (const p of report.problems) {
    const where = (p.sheet ? `${p.sheet} ` : '') + fill(m.importRow, { row: p.row }) + (p.column ? ` [${p.column}]` : '');
    lines.push(`  ${where}: ${formatError({ code: p.code, params: p.params }, language)}`);
  }
  for (const u of report.unknownValues.filter((v) => !v.choice)) {
    lines.push(fill(ui.unknownLine, { column: u.column, value: u.value, count: u.count }));
    lines.push(`  ${fill(ui.unknownCliHint, { column: u.column, value: u.value })}`);
  }
  if (report.dryRun) lines.push(report.badRows ? m.importDryRunProblems : m.importDryRunClean);
  else lines.push(fill(m.imported, report.created));
  return lines.join('\n');
}

/** --sheet NAME (repeatable), --add-unknown-values, --map-value 客户类别:混凝土企业=商混站 (repeatable; nothing after = leaves it empty). */
export function valueOptions(ctx: Ctx, deps: Deps): Pick<ImportInput, 'sheets' | 'valueChoices' | 'addUnknownValues'> {
  const list = (name: string) => {
    const v = ctx.values[name];
    return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
  };
  const out: Pick<ImportInput, 'sheets' | 'valueChoices' | 'addUnknownValues'> = {};
  const sheets = list('sheet');
  if (sheets.length) out.sheets = sheets;
  if (ctx.values['add-unknown-values']) out.addUnknownValues = true;
  const valueChoices: ValueChoices = {};
  for (const spec of list('map-value')) {
    const m = /^([^:=]+):([^=]+)=(.*)$/.exec(spec);
    if (!m) throw deps.usage(fill(catalogs[ctx.language].ui.import.badMapValue, { value: spec }));
    const [, scheme, value, to] = m as unknown as [string, string, string, string];
    valueChoices[scheme.trim()] = { ...valueChoices[scheme.trim()], [value.trim()]: to.trim() ? { action: 'map', to: to.trim() } : { action: 'empty' } };
  }
  if (Object.keys(valueChoices).length) out.valueChoices = valueChoices;
  return out;
}

function importCommand(kind: ImportKind, deps: Deps) {
  async function importFile(
    ctx: Ctx,
    session: ArchiveSession,
    opened: InputFile,
    fileName: string,
    mapping: ImportMapping | undefined,
    choices: Pick<ImportInput, 'sheets' | 'valueChoices' | 'addUnknownValues'>,
    interrupt: AbortSignal,
  ) {
    let uploadId: string;
    try {
      uploadId = (await uploadsFor(session).receive(opened.stream, { name: fileName, maxBytes: MAX_UPLOAD_IMPORT_BYTES, signal: interrupt })).id;
    } catch (err) {
      if (interrupt.aborted) throw new CancelledError();
      throw err;
    }
    const input = {
      kind,
      fileName,
      uploadId,
      mapping,
      encoding: (ctx.optional('encoding') ?? 'auto') as 'auto' | 'utf8' | 'gbk',
      mode: ctx.values['all-or-nothing'] ? ('all-or-nothing' as const) : ('good-rows' as const),
      ...choices,
    };
    const dryRun = Boolean(ctx.values['dry-run']);
    if (!dryRun && input.mode === 'all-or-nothing') {
      // Show what is wrong before refusing (the engine refuses on its own as well).
      const check = await runJob(ctx, session, 'import.check', input, interrupt);
      if (check.badRows > 0) {
        ctx.print(formatImportReport(check, ctx.m, ctx.language));
        process.exitCode = 1;
        return check;
      }
    }
    const report = await runJob(ctx, session, dryRun ? 'import.check' : 'import.run', input, interrupt);
    ctx.print(formatImportReport(report, ctx.m, ctx.language));
    // Problems fail the command, dry run or not: a script must not take refused rows for success.
    if (report.badRows > 0) process.exitCode = 1;
    return report;
  }

  return {
    positionals: 1,
    options: {
      'dry-run': { type: 'boolean' },
      mapping: { type: 'string' },
      encoding: { type: 'string' },
      'all-or-nothing': { type: 'boolean' },
      sheet: { type: 'string', multiple: true },
      'add-unknown-values': { type: 'boolean' },
      'map-value': { type: 'string', multiple: true },
    } as Options,
    run: (ctx: Ctx) => {
      const file = ctx.positionals[0];
      if (!file) throw deps.usage(fill(ctx.m.missingFile, {}));
      const encoding = ctx.optional('encoding') ?? 'auto';
      if (!['auto', 'utf8', 'gbk'].includes(encoding)) throw deps.usage(fill(ctx.m.badEncoding, { value: encoding }));
      let mapping: ImportMapping | undefined;
      const mappingFile = ctx.optional('mapping');
      if (mappingFile) {
        try {
          mapping = JSON.parse(readFileSync(mappingFile, 'utf8').replace(/^\ufeff/, '')) as ImportMapping;
        } catch (err) {
          throw deps.usage(fill(ctx.m.badMappingFile, { file: mappingFile, detail: err instanceof Error ? err.message : String(err) }));
        }
      }
      const choices = valueOptions(ctx, deps);
      // Checked before the archive is opened: a device, pipe or huge file is refused at once.
      let opened: InputFile;
      try {
        opened = openInputFile(file, MAX_UPLOAD_IMPORT_BYTES);
      } catch (err) {
        if (err instanceof NotRegularFileError) throw deps.usage(fill(ctx.m.notRegularFile, { file }));
        if (err instanceof FileTooLargeError) throw deps.usage(fill(ctx.m.fileTooLarge, { file, maxMb: MAX_UPLOAD_IMPORT_BYTES / 1024 / 1024 }));
        throw deps.usage(fill(ctx.m.cannotRead, { file }));
      }
      const interrupt = interruptScope();
      return deps
        .withSession(ctx, (session) => importFile(ctx, session, opened, path.basename(file), mapping, choices, interrupt.signal))
        .finally(() => {
          interrupt.dispose();
          opened.stream.destroy();
        });
    },
  };
}

function exportCommand(list: ExportList, deps: Deps) {
  return {
    options: { out: { type: 'string' }, open: { type: 'boolean' }, encoding: { type: 'string' }, headers: { type: 'string' }, force: { type: 'boolean' } } as Options,
    run: (ctx: Ctx) => {
      const out = path.resolve(ctx.text('out'));
      const ext = path.extname(out).toLowerCase();
      if (ext !== '.xlsx' && ext !== '.csv') throw deps.usage(fill(ctx.m.badExportFormat, { file: out }));
      const encoding = ctx.optional('encoding') ?? 'utf8';
      if (encoding !== 'utf8' && encoding !== 'gbk') throw deps.usage(fill(ctx.m.badEncoding, { value: encoding }));
      const headers = ctx.optional('headers') ?? 'zh-CN';
      const language = headers.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
      const state = existing(out);
      if (state === 'other') throw deps.usage(fill(ctx.m.notRegularFile, { file: out }));
      if (state === 'regular' && !ctx.values.force) throw deps.usage(fill(ctx.m.fileExists, { file: out }));
      const interrupt = interruptScope();
      return deps
        .withSession(ctx, async (session) => {
          const result = await runJob(
            ctx,
            session,
            'export.create',
            { list, format: ext === '.xlsx' ? 'xlsx' : 'csv', encoding, language, open: Boolean(ctx.values.open) },
            interrupt.signal,
          );
          // The one place plaintext leaves the archive, on the user's explicit request. The
          // engine audited the export; a file that never got written is audited as failed.
          const failed = (reason: string) => auditExportFailed(session, { list, fileName: out, rows: result.rows, reason });
          if (interrupt.signal.aborted) {
            failed('cancelled');
            throw new CancelledError();
          }
          try {
            writeOutputFile(out, Buffer.from(result.contentBase64, 'base64'), Boolean(ctx.values.force));
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            const reason = err instanceof NotRegularFileError ? 'notRegularFile' : (code ?? 'unknown');
            failed(reason);
            if (code === 'EEXIST') throw deps.usage(fill(ctx.m.fileExists, { file: out }));
            throw deps.usage(fill(ctx.m.cannotWrite, { file: out, detail: reason }));
          }
          ctx.print(fill(ctx.m.exported, { rows: result.rows, file: out }));
          return { file: out, rows: result.rows, mimeType: result.mimeType };
        })
        .finally(() => interrupt.dispose());
    },
  };
}

export function transferCommands(deps: Deps) {
  return {
    'import clients': importCommand('clients', deps),
    'import files': importCommand('files', deps),
    ...Object.fromEntries(EXPORT_LISTS.map((list) => [`export ${list}`, exportCommand(list, deps)])),
  };
}
