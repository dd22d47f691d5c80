/**
 * `dossier scan ocr [--file NO] [--all] [--again] [--json]`: reads the text of scans through the
 * engine's `ocr.run`, as a job (progress on a terminal, Ctrl+C cancels and nothing is written).
 * Without --file or --all it reads every scan the user may see that has not been read yet.
 */
import type { ErrorCode } from '../shared/errors.js';
import { catalogs, formatError } from '../shared/i18n/index.js';
import type { OpOutput } from '../shared/contract.js';
import { withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { interruptScope, runJob } from './jobs.js';
import { fill } from './messages.js';
import { renderTable } from './table.js';

/** What an `ocr.run` read: scans, pages and time, text shared with an identical scan, and the scans that could not be read. */
export function printOcrResult(ctx: CommandContext, result: OpOutput<'ocr.run'>): void {
  const ui = catalogs[ctx.language].ui.ocr.cli;
  ctx.print(fill(ui.done, { scans: result.scans, pages: result.pages, seconds: result.seconds }));
  if (result.reused) ctx.print(fill(ui.reused, { count: result.reused }));
  if (result.failed.length) {
    ctx.print(
      renderTable(
        [ui.headers.name, ui.headers.error],
        result.failed.map((f) => [f.name, formatError({ code: f.error as ErrorCode, params: {} }, ctx.language)]),
      ),
    );
  }
}

export const ocrCommands: Record<string, Command> = {
  'scan ocr': {
    options: { file: { type: 'string' }, all: { type: 'boolean' }, again: { type: 'boolean' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const archiveNo = ctx.optional('file');
        const input = archiveNo !== undefined ? { archiveNo, again: Boolean(ctx.values.again) } : { all: true, again: Boolean(ctx.values.again) };
        const scope = interruptScope();
        try {
          const result = await runJob(ctx, session, 'ocr.run', input, scope.signal);
          printOcrResult(ctx, result);
          return result;
        } finally {
          scope.dispose();
        }
      }),
  },
};
