/**
 * `dossier print labels --out FILE.pdf [--file NO …] [--since DATE] [--box LOCATION] [--outdated]
 * [--kind spine|folder|box] [--layout NAME] [--start N] [--copies N]` and
 * `dossier print calibration --layout NAME --out FILE.pdf [--offset-x MM --offset-y MM]`:
 * labels and the calibration page through the engine's `labels.*` operations, run as jobs,
 * the PDF written beside its target and renamed into place.
 */
import path from 'node:path';
import type { ArchiveSession } from '../db/archive.js';
import { LABEL_KINDS } from '../shared/domain/labels.js';
import type { LabelKind } from '../shared/domain/labels.js';
import { catalogs } from '../shared/i18n/index.js';
import { CancelledError, UsageError, withSession } from './command.js';
import type { Command, CommandContext, Options } from './command.js';
import { existing, writeOutputFile } from './files.js';
import { interruptScope, runJob } from './jobs.js';
import { fill } from './messages.js';

/** A box or other location by its id, its code path (1-A-3-12) or its path or name as shown (一号库房 / A柜 / 3架 / 12盒). */
async function resolveLocation(ctx: CommandContext, session: ArchiveSession, value: string): Promise<string> {
  const { nodes } = await session.call('locations.tree', {});
  const typed = value.trim().toLowerCase();
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');
  const match =
    nodes.find((n) => n.id === value) ??
    nodes.find((n) => n.codePath.toLowerCase() === typed) ??
    nodes.find((n) => squash(n.path) === squash(value)) ??
    (nodes.filter((n) => n.name.toLowerCase() === typed).length === 1 ? nodes.find((n) => n.name.toLowerCase() === typed) : undefined);
  if (!match) throw new UsageError(fill(catalogs[ctx.language].ui.labels.cli.noLocation, { value }));
  return match.id;
}

function outFile(ctx: CommandContext): string {
  const out = path.resolve(ctx.text('out'));
  const ui = catalogs[ctx.language].ui.labels.cli;
  if (path.extname(out).toLowerCase() !== '.pdf') throw new UsageError(fill(ui.notPdf, { file: out }));
  const state = existing(out);
  if (state === 'other') throw new UsageError(fill(ctx.m.notRegularFile, { file: out }));
  if (state === 'regular' && !ctx.values.force) throw new UsageError(fill(ctx.m.fileExists, { file: out }));
  return out;
}

function write(ctx: CommandContext, out: string, contentBase64: string): void {
  try {
    writeOutputFile(out, Buffer.from(contentBase64, 'base64'), Boolean(ctx.values.force));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(fill(ctx.m.fileExists, { file: out }));
    throw new UsageError(fill(catalogs[ctx.language].ui.labels.cli.cannotWrite, { file: out, detail: code ?? String(err) }));
  }
}

function decimal(ctx: CommandContext, name: string): number | undefined {
  const raw = ctx.optional(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(fill(catalogs[ctx.language].ui.labels.cli.badMm, { option: name, value: raw }));
  return n;
}

export const labelCommands: Record<string, Command> = {
  'print labels': {
    options: {
      out: { type: 'string' },
      file: { type: 'string', multiple: true },
      since: { type: 'string' },
      box: { type: 'string' },
      outdated: { type: 'boolean' },
      kind: { type: 'string' },
      layout: { type: 'string' },
      start: { type: 'string' },
      copies: { type: 'string' },
      force: { type: 'boolean' },
    } as Options,
    async run(ctx) {
      const out = outFile(ctx);
      const ui = catalogs[ctx.language].ui.labels;
      const kind = ctx.optional('kind') ?? 'spine';
      if (!(LABEL_KINDS as readonly string[]).includes(kind)) throw new UsageError(fill(ui.cli.badKind, { value: kind, kinds: LABEL_KINDS.join('|') }));
      const files = ctx.values.file;
      const archiveNos = Array.isArray(files) ? files.flatMap((f) => String(f).split(/[,，\s]+/)).filter(Boolean) : [];
      const interrupt = interruptScope();
      try {
        return await withSession(ctx, async (session) => {
          const box = ctx.optional('box');
          const start = ctx.integer('start');
          const copies = ctx.integer('copies');
          const since = ctx.optional('since');
          const layout = ctx.optional('layout');
          const input = {
            kind: kind as LabelKind,
            ...(archiveNos.length ? { archiveNos } : {}),
            ...(since ? { since } : {}),
            ...(box ? { locationId: await resolveLocation(ctx, session, box) } : {}),
            outdated: Boolean(ctx.values.outdated),
            ...(layout ? { layout } : {}),
            ...(start !== undefined ? { start } : {}),
            ...(copies !== undefined ? { copies } : {}),
            // Paper records like the printed forms: Chinese whatever --lang says (messages follow --lang).
            language: 'zh-CN' as const,
          };
          const result = await runJob(ctx, session, 'labels.print', input, interrupt.signal);
          if (interrupt.signal.aborted) throw new CancelledError();
          write(ctx, out, result.contentBase64);
          for (const w of result.warnings) ctx.print(fill(ui.warnings[w.kind], { value: w.value }));
          ctx.print(fill(ui.cli.printed, { labels: result.labels, pages: result.pages, file: out }));
          return { file: out, labels: result.labels, pages: result.pages, rows: result.rows, pageSize: result.pageSize, warnings: result.warnings };
        });
      } finally {
        interrupt.dispose();
      }
    },
  },
  'print calibration': {
    options: { out: { type: 'string' }, layout: { type: 'string' }, 'offset-x': { type: 'string' }, 'offset-y': { type: 'string' }, force: { type: 'boolean' } } as Options,
    async run(ctx) {
      const out = outFile(ctx);
      const layout = ctx.text('layout');
      const offsetX = decimal(ctx, 'offset-x');
      const offsetY = decimal(ctx, 'offset-y');
      const interrupt = interruptScope();
      try {
        return await withSession(ctx, async (session) => {
          const input = { layout, language: ctx.language, ...(offsetX !== undefined ? { offsetX } : {}), ...(offsetY !== undefined ? { offsetY } : {}) };
          const result = await runJob(ctx, session, 'labels.calibration', input, interrupt.signal);
          if (interrupt.signal.aborted) throw new CancelledError();
          write(ctx, out, result.contentBase64);
          ctx.print(fill(catalogs[ctx.language].ui.labels.cli.calibration, { file: out, width: result.pageSize.widthMm, height: result.pageSize.heightMm }));
          return { file: out, pageSize: result.pageSize };
        });
      } finally {
        interrupt.dispose();
      }
    },
  },
};
