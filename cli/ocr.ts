/**
 * `dossier scan ocr [--file NO] [--all] [--again] [--json]`: reads the text of scans through the
 * engine's `ocr.run`, as a job (progress on a terminal, Ctrl+C cancels and nothing is written).
 * Without --file or --all it reads every scan the user may see that has not been read yet.
 */
import type { ErrorCode } from '../shared/errors.js';
import { catalogs, formatError } from '../shared/i18n/index.js';
import { withSession } from './command.js';
import type { Command } from './command.js';
import { interruptScope, runJob } from './jobs.js';
import { fill } from './messages.js';
import { renderTable } from './table.js';

export const ocrCommands: Record<string, Command> = {
  'scan ocr': {
    options: { file: { type: 'string' }, all: { type: 'boolean' }, again: { type: 'boolean' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const ui = catalogs[ctx.language].ui.ocr.cli;
        const archiveNo = ctx.optional('file');
        const input = archiveNo !== undefined ? { archiveNo, again: Boolean(ctx.values.again) } : { all: true, again: Boolean(ctx.values.again) };
        const scope = interruptScope();
        try {
          const result = await runJob(ctx, session, 'ocr.run', input, scope.signal);
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
          return result;
        } finally {
          scope.dispose();
        }
      }),
  },
};
