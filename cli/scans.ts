/**
 * Scans on the command line: `dossier scan add --file NO [--item SEQ] PATH …`, `scan list --file NO`,
 * `scan export ID --out PATH`, `dossier inbox [--assign ID --file NO [--item SEQ]]`,
 * `dossier verify [--dry-run]` and the scanner's hot folder `dossier watch --folder DIR`.
 * Files stream from disk straight into the encrypted blob store (never base64, never a plaintext
 * copy); exports are decrypted into a temp file beside the target and renamed into place. When
 * the archive reads text (`ocrEnabled`) and `--no-ocr` is not given, `scan add` and `watch` read
 * the new scans' text right after, as a job (Ctrl+C stops the reading; the scans stay stored).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArchiveSession } from '../db/archive.js';
import { DATA_SCOPE } from '../db/blobs/keys.js';
import { blobsFor } from '../db/blobs/store.js';
import type { StagedScan } from '../db/blobs/store.js';
import { auditScanExportFailed, openScanContent, receiveScan, scanLimitBytes } from '../db/streams/scans.js';
import { DossierError } from '../shared/errors.js';
import { formatError } from '../shared/i18n/index.js';
import type { Language } from '../shared/i18n/index.js';
import { itemPagesMessage } from '../shared/domain/itemPages.js';
import type { OpOutput } from '../shared/contract.js';
import { catalogs } from '../shared/i18n/index.js';
import { MAX_SCANS_PER_ADD } from '../shared/ops/scans.js';
import type { Scan, ScanItemPages, ScanVerifyReport } from '../shared/ops/scans.js';
import { CancelledError, UsageError, withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { existing, FileTooLargeError, NotRegularFileError, openInputFile } from './files.js';
import { localTime, printable } from './format.js';
import { interruptScope, runJob } from './jobs.js';
import { fill, plural } from './messages.js';
import { printOcrResult } from './ocr.js';
import { moveAside, REJECTED_DIR } from './rejected.js';
import { renderTable } from './table.js';

const words = {
  'zh-CN': {
    headers: ['扫描件 ID', '文件名', '类型', '页数', '档号', '卷内序号', '添加人'],
    inboxHeaders: ['扫描件 ID', '文件名', '类型', '页数', '添加时间', '来源', '添加人'],
    added: '已添加 {{count}} 份扫描件（{{dedup}} 份与已存文件相同，只存一份）。',
    added_one: '已添加 1 份扫描件（{{dedup}} 份与已存文件相同，只存一份）。',
    refused: '{{file}}：{{message}}',
    noFiles: '请给出要添加的文件。',
    tooManyFiles: '一次最多添加 {{max}} 个文件（这次给出了 {{count}} 个），请分批添加。',
    none: '没有扫描件。',
    inboxEmpty: '收件箱是空的。',
    assigned: '扫描件 {{id}} 已归入 {{archiveNo}}。',
    place: '{{archiveNo}} 第 {{seq}} 件',
    pages_one: '{{count}} 页',
    pages_other: '{{count}} 页',
    exported: '已导出 {{name}} 到 {{file}}（{{size}} 字节）。',
    fileExists: '{{file}} 已存在；加 --force 覆盖。',
    verifyOk: '检查了 {{blobs}} 个存储文件（{{mb}} MB）：全部完好。',
    verifyProblems: '检查了 {{blobs}} 个存储文件：{{ok}} 个完好，{{count}} 个有问题：',
    problem: { missing: '缺失', corrupt: '损坏（校验不符）', orphaned: '多余（没有扫描件使用）' },
    problemLine: '  {{problem}}：{{uses}}',
    usesSeparator: '；',
    orphansRemoved: '已删除 {{count}} 个多余的文件。',
    where: '{{archiveNo}}[ 第 {{seq}} 件]：{{name}}',
    inboxWhere: '收件箱：{{name}}',
    watching: '正在监视 {{dir}}（文件大小稳定 {{seconds}} 秒后导入；Ctrl+C 停止）。',
    watchImported: '{{name}} → {{where}}（{{pages}}），已核对加密副本并删除原文件。',
    watchRefused: '{{name}} 未导入：{{message}}（原文件保留）',
    watchRejected: '{{name}} 未导入：{{message}}（已移到 {{movedTo}}，原因写在旁边的说明文件中）',
    note: [
      'Dossier 扫描仪文件夹没有导入这个文件。',
      '文件名：{{name}}',
      '时间：{{at}}',
      '原因：{{message}}',
      '（错误代码：{{code}}）',
      '处理好之后，把文件放回扫描仪文件夹即可重新导入；也可以直接删除它和这个说明文件。',
    ],
    ocrReading: '正在识别 {{count}} 份扫描件上的文字（Ctrl+C 只停止识别，扫描件已保存）…',
    ocrStopped: '文字识别已停止；扫描件已保存，之后可用 dossier scan ocr 识别。',
    ocrFailed: '文字识别没有完成：{{message}}（扫描件已保存，之后可用 dossier scan ocr 识别）',
    inbox: '收件箱',
    badSeq: '--item 应为卷内序号（正整数）：{{value}}',
    needFile: '--assign 需要 --file。',
  },
  en: {
    headers: ['Scan ID', 'Name', 'Type', 'Pages', 'Archive no.', 'Item', 'Added by'],
    inboxHeaders: ['Scan ID', 'Name', 'Type', 'Pages', 'Added', 'Source', 'Added by'],
    added: 'Added {{count}} scans ({{dedup}} identical to documents already stored, kept once).',
    added_one: 'Added 1 scan ({{dedup}} identical to a document already stored, kept once).',
    refused: '{{file}}: {{message}}',
    noFiles: 'Name the files to add.',
    tooManyFiles: 'At most {{max}} files can be added at once ({{count}} were given): add them in batches.',
    none: 'No scans.',
    inboxEmpty: 'The inbox is empty.',
    assigned: 'Scan {{id}} is now in {{archiveNo}}.',
    place: '{{archiveNo}} item {{seq}}',
    pages_one: '{{count}} page',
    pages_other: '{{count}} pages',
    exported: 'Exported {{name}} to {{file}} ({{size}} bytes).',
    fileExists: '{{file}} exists; add --force to overwrite it.',
    verifyOk: 'Checked {{blobs}} stored files ({{mb}} MB): all intact.',
    verifyProblems: 'Checked {{blobs}} stored files: {{ok}} intact, {{count}} with problems:',
    problem: { missing: 'missing', corrupt: 'damaged (check failed)', orphaned: 'orphaned (no scan uses it)' },
    problemLine: '  {{problem}}: {{uses}}',
    usesSeparator: '; ',
    orphansRemoved: 'Removed {{count}} orphaned files.',
    where: '{{archiveNo}}[ item {{seq}}]: {{name}}',
    inboxWhere: 'inbox: {{name}}',
    watching: 'Watching {{dir}} (a file is imported once its size is stable for {{seconds}} s; Ctrl+C stops).',
    watchImported: '{{name}} → {{where}} ({{pages}}); the encrypted copy was read back and the original deleted.',
    watchRefused: '{{name}} not imported: {{message}} (the original is kept)',
    watchRejected: '{{name}} not imported: {{message}} (moved to {{movedTo}}, the reason is in the note beside it)',
    note: [
      'The Dossier scanner folder did not import this file.',
      'File name: {{name}}',
      'Time: {{at}}',
      'Reason: {{message}}',
      '(error code: {{code}})',
      'Once it is fixed, put the file back into the scanner folder to import it; or delete it and this note.',
    ],
    ocrReading: 'Reading the text of {{count}} scans (Ctrl+C stops the reading only; the scans are stored)…',
    ocrStopped: 'Text reading stopped; the scans are stored. Read them later with dossier scan ocr.',
    ocrFailed: 'Text reading did not finish: {{message}} (the scans are stored; read them later with dossier scan ocr)',
    inbox: 'inbox',
    badSeq: '--item must be an item number (a positive whole number): {{value}}',
    needFile: '--assign needs --file.',
  },
} satisfies Record<Language, unknown>;

/** `[...]` parts drop out when a value in them is empty (as the audit sentences do). */
function say(template: string, params: Record<string, string | number | null | undefined>): string {
  const dropped = template.replace(/\[([^\]]*)\]/g, (_, part: string) =>
    /\{\{(\w+)\}\}/.test(part) && [...part.matchAll(/\{\{(\w+)\}\}/g)].some((m) => params[m[1]!] == null || params[m[1]!] === '') ? '' : part,
  );
  return fill(dropped, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v ?? ''])) as Record<string, string | number>);
}

function itemSeq(ctx: CommandContext): number | undefined {
  const v = ctx.optional('item');
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new UsageError(fill(words[ctx.language].badSeq, { value: v }));
  return Number(v);
}

function scanRows(scans: Scan[]): string[][] {
  return scans.map((s) => [s.id, s.name, s.kind.toUpperCase(), String(s.pageCount), s.archiveNo ?? '', s.itemSeq === null ? '' : String(s.itemSeq), s.createdBy]);
}

/** The inbox's rows: when each scan arrived (local time) and from where, so a clerk can tell a morning's scanner files apart. */
function inboxRows(scans: Scan[], language: Language): string[][] {
  const sources = catalogs[language].ui.inbox.sources;
  return scans.map((s) => [s.id, s.name, s.kind.toUpperCase(), String(s.pageCount), localTime(s.createdAt), sources[s.source], s.createdBy]);
}

/** A file, or one of its items in words (第 1 件 / item 1), never as a code like '#1'. */
function place(language: Language, archiveNo: string | null, seq: number | null): string {
  if (!archiveNo) return '';
  return seq ? fill(words[language].place, { archiveNo, seq }) : archiveNo;
}

function message(ctx: CommandContext, err: unknown): { code: string; message: string } {
  if (err instanceof DossierError) return { code: err.code, message: formatError(err.toJSON(), ctx.language) };
  if (err instanceof NotRegularFileError) return { code: 'usage', message: fill(ctx.m.notRegularFile, { file: err.file }) };
  if (err instanceof FileTooLargeError)
    return {
      code: 'scans.tooLarge',
      message: formatError({ code: 'scans.tooLarge', params: { name: path.basename(err.file), maxMb: Math.floor(err.maxBytes / 1048576) } }, ctx.language),
    };
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return { code: 'usage', message: `${(err as { path?: string }).path ?? ''}: ENOENT` };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** Streams one file from disk into the blob store (encrypted, checked). */
async function stageFile(session: ArchiveSession, file: string, signal: AbortSignal): Promise<StagedScan> {
  const opened = openInputFile(file, scanLimitBytes(session));
  try {
    return await receiveScan(session, opened.stream, path.basename(file), signal);
  } finally {
    opened.stream.destroy();
  }
}

/** What became of the items' page counts: filled on stdout, a count kept that differs from the scans on stderr. */
function printItemPages(ctx: CommandContext, pages: readonly ScanItemPages[]): void {
  const ui = catalogs[ctx.language].ui.scanPanel as unknown as Record<string, string>;
  for (const p of pages) {
    const { key, params } = itemPagesMessage(p);
    const text = `${p.archiveNo} ${fill(ui[`${key}_${params.count === 1 ? 'one' : 'other'}`]!, params)}`;
    if (p.outcome === 'filled') ctx.print(text);
    else if (!ctx.json) console.error(printable(text));
  }
}

type OcrOutcome = (OpOutput<'ocr.run'> & { cancelled: false }) | { cancelled: true } | { cancelled: false; error: { code: string; message: string } };

/**
 * Reads the new scans' text when the archive does (`ocrEnabled`) unless `--no-ocr`: a job with
 * progress; Ctrl+C (the command's `interrupt`) cancels the reading only, the scans stay stored.
 * Null when nothing was to be read.
 */
async function readNewScans(ctx: CommandContext, session: ArchiveSession, scans: readonly Scan[], interrupt: AbortSignal): Promise<OcrOutcome | null> {
  if (ctx.values['no-ocr'] || scans.length === 0) return null;
  if (!(await session.call('settings.get', {})).ocrEnabled) return null;
  const w = words[ctx.language];
  if (!ctx.json) console.error(fill(w.ocrReading, { count: scans.length }));
  try {
    const result = await runJob(ctx, session, 'ocr.run', { scanIds: scans.map((s) => s.id) }, interrupt);
    printOcrResult(ctx, result);
    return { ...result, cancelled: false };
  } catch (err) {
    if (err instanceof CancelledError) {
      if (!ctx.json) console.error(w.ocrStopped);
      return { cancelled: true };
    }
    const m = message(ctx, err);
    if (!ctx.json) console.error(fill(w.ocrFailed, { message: m.message }));
    process.exitCode = 1;
    return { cancelled: false, error: m };
  }
}

const scanAdd: Command = {
  options: { file: { type: 'string' }, item: { type: 'string' }, 'no-ocr': { type: 'boolean' } },
  positionals: 10_000,
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const w = words[ctx.language];
      if (ctx.positionals.length === 0) throw new UsageError(w.noFiles);
      // One scans.add (one transaction) takes this many: refused before any bytes are read.
      if (ctx.positionals.length > MAX_SCANS_PER_ADD) throw new UsageError(fill(w.tooManyFiles, { max: MAX_SCANS_PER_ADD, count: ctx.positionals.length }));
      const archiveNo = ctx.text('file');
      const seq = itemSeq(ctx);
      // The file and item are checked before any bytes are read.
      await session.call('scans.list', { archiveNo });
      const interrupt = interruptScope();
      try {
        const staged: StagedScan[] = [];
        const refused: { path: string; code: string; message: string }[] = [];
        for (const file of ctx.positionals) {
          if (interrupt.signal.aborted) throw new CancelledError();
          try {
            staged.push(await stageFile(session, path.resolve(file), interrupt.signal));
          } catch (err) {
            if (interrupt.signal.aborted) throw new CancelledError();
            const m = message(ctx, err);
            refused.push({ path: file, ...m });
            // The name as given may carry control or bidi characters: shown defused, like the reason after it.
            console.error(fill(w.refused, { file: printable(file), message: m.message }));
          }
        }
        if (refused.length) process.exitCode = 1;
        if (staged.length === 0) return { scans: [], deduplicated: 0, itemPages: [], refused, ocr: null };
        const result = await runJob(ctx, session, 'scans.add', { uploadIds: staged.map((s) => s.id), archiveNo, itemSeq: seq, source: 'cli' }, interrupt.signal);
        ctx.print(renderTable(w.headers, scanRows(result.scans)));
        ctx.print(fill(result.scans.length === 1 ? w.added_one : w.added, { count: result.scans.length, dedup: result.deduplicated }));
        printItemPages(ctx, result.itemPages);
        // Stored and committed: from here Ctrl+C stops only the reading of their text.
        const ocr = await readNewScans(ctx, session, result.scans, interrupt.signal);
        return { ...result, refused, ocr };
      } finally {
        interrupt.dispose();
      }
    }),
};

const scanList: Command = {
  options: { file: { type: 'string' } },
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const scans = await session.call('scans.list', { archiveNo: ctx.text('file') });
      ctx.print(scans.length ? renderTable(words[ctx.language].headers, scanRows(scans)) : words[ctx.language].none);
      return scans;
    }),
};

/** Writes the decrypted stream beside `out`, synced, then links (or with --force renames) it into place. */
async function writeStream(out: string, source: AsyncIterable<Buffer>, overwrite: boolean): Promise<number> {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  let size = 0;
  try {
    try {
      for await (const chunk of source) {
        for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at, chunk.length - at);
        size += chunk.length;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (overwrite) renameSync(temp, out);
    else {
      linkSync(temp, out);
      unlinkSync(temp);
    }
    return size;
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // gone already
    }
    throw err;
  }
}

const scanExport: Command = {
  options: { out: { type: 'string' }, force: { type: 'boolean' } },
  positionals: 1,
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const id = ctx.positionals[0];
      if (!id) throw new UsageError(fill(ctx.m.missingOption, { option: 'ID' }));
      const out = path.resolve(ctx.text('out'));
      const state = existing(out);
      if (state === 'other') throw new UsageError(fill(ctx.m.notRegularFile, { file: out }));
      if (state === 'regular' && !ctx.values.force) throw new UsageError(fill(words[ctx.language].fileExists, { file: out }));
      const exported = await session.call('scans.export', { id });
      const content = await openScanContent(session, exported.url.slice('/api/scans/'.length));
      try {
        const size = await writeStream(out, content.stream, Boolean(ctx.values.force));
        ctx.print(fill(words[ctx.language].exported, { name: exported.fileName, file: out, size }));
        return { ...exported, out, size };
      } catch (err) {
        // The export was audited; the trail also says that it never reached its file.
        auditScanExportFailed(session, exported.scan, (err as { code?: string }).code ?? 'error');
        throw err;
      }
    }),
};

const inbox: Command = {
  options: { assign: { type: 'string' }, file: { type: 'string' }, item: { type: 'string' } },
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const w = words[ctx.language];
      const id = ctx.optional('assign');
      if (id) {
        const archiveNo = ctx.optional('file');
        if (!archiveNo) throw new UsageError(w.needFile);
        const scan = await session.call('scans.assign', { id, archiveNo, itemSeq: itemSeq(ctx) });
        ctx.print(fill(w.assigned, { id: scan.id, archiveNo: place(ctx.language, scan.archiveNo, scan.itemSeq) }));
        printItemPages(ctx, scan.itemPages);
        return scan;
      }
      const scans = await session.call('scans.inbox', {});
      ctx.print(scans.length ? renderTable(w.inboxHeaders, inboxRows(scans, ctx.language)) : w.inboxEmpty);
      return scans;
    }),
};

export function formatVerifyReport(report: ScanVerifyReport, language: Language): string {
  const w = words[language];
  if (report.problems.length === 0) return fill(w.verifyOk, { blobs: report.blobs, mb: Math.round(report.bytes / 1048576) });
  const lines = [fill(w.verifyProblems, { blobs: report.blobs, ok: report.ok, count: report.problems.length })];
  for (const p of report.problems) {
    const uses = p.scans.length
      ? p.scans.map((s) => (s.archiveNo ? say(w.where, { archiveNo: s.archiveNo, seq: s.itemSeq, name: s.name }) : say(w.inboxWhere, { name: s.name }))).join(w.usesSeparator)
      : p.blobId;
    lines.push(fill(w.problemLine, { problem: w.problem[p.problem], uses }));
  }
  if (report.removedOrphans) lines.push(fill(w.orphansRemoved, { count: report.removedOrphans }));
  return lines.join('\n');
}

const verify: Command = {
  options: { 'dry-run': { type: 'boolean' } },
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const interrupt = interruptScope();
      try {
        const report = await runJob(ctx, session, 'scans.verify', { dryRun: Boolean(ctx.values['dry-run']) }, interrupt.signal);
        ctx.print(formatVerifyReport(report, ctx.language));
        if (report.problems.some((p) => p.problem !== 'orphaned')) process.exitCode = 1;
        return report;
      } finally {
        interrupt.dispose();
      }
    }),
};

/** Names a scanner writes while it is still busy, and hidden files: never picked up. */
const SKIPPED = /^\.|\.(part|tmp|crdownload|partial)$/i;

/** Refusals of the file itself (its content, size or name): it will never import as it is, so it is moved aside. */
const REJECTED_CODES = new Set([
  'scans.empty',
  'scans.unsupportedType',
  'scans.truncated',
  'scans.corruptPdf',
  'scans.encryptedPdf',
  'scans.corruptImage',
  'scans.imageTooLarge',
  'scans.tooLarge',
  'scans.badName',
]);

/**
 * The scanner's hot folder. A file is taken once its size and time have not changed for
 * `--stable` seconds; it is imported (routed by an archive number in its name or a barcode on
 * its first page, else to the inbox), its encrypted copy is read back and checked against the
 * keyed hash of the bytes read, and only then is the original deleted. A file refused for what
 * it is (corrupt, encrypted, empty, unsupported, too large, a hostile name) is moved into the
 * `未导入-rejected` subfolder with a note giving the reason (cli/rejected.ts); one refused for
 * another reason (unreadable, the disk) stays where it is, reported once. After each pass the
 * scans it stored have their text read (ocrEnabled, unless --no-ocr).
 */
const watch: Command = {
  options: { folder: { type: 'string' }, stable: { type: 'string' }, interval: { type: 'string' }, once: { type: 'boolean' }, 'no-ocr': { type: 'boolean' } },
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const w = words[ctx.language];
      const dir = path.resolve(ctx.text('folder'));
      if (!statSync(dir).isDirectory()) throw new UsageError(fill(ctx.m.notRegularFile, { file: dir }));
      const stableMs = (ctx.integer('stable') ?? 3) * 1000;
      const intervalMs = Math.max(200, (ctx.integer('interval') ?? 1) * 1000);
      const seen = new Map<string, { size: number; mtime: number; since: number }>();
      const refused = new Set<string>();
      const imported: { source: string; scan: Scan; itemPages: ScanItemPages[] }[] = [];
      const failures: { source: string; code: string; message: string; movedTo: string | null }[] = [];
      const ocr: OcrOutcome[] = [];
      const interrupt = interruptScope();
      ctx.print(fill(w.watching, { dir, seconds: stableMs / 1000 }));
      try {
        for (;;) {
          const now = Date.now();
          let pending = 0;
          const stored: Scan[] = [];
          for (const name of readdirSync(dir)) {
            if (SKIPPED.test(name)) continue;
            const file = path.join(dir, name);
            let info;
            try {
              info = lstatSync(file);
            } catch {
              continue;
            }
            if (!info.isFile()) continue;
            const key = `${name}\0${info.size}\0${info.mtimeMs}`;
            if (refused.has(key)) continue;
            const last = seen.get(name);
            if (!last || last.size !== info.size || last.mtime !== info.mtimeMs) {
              seen.set(name, { size: info.size, mtime: info.mtimeMs, since: now });
              pending++;
              continue;
            }
            if (now - last.since < stableMs) {
              pending++;
              continue;
            }
            seen.delete(name);
            try {
              const { scan, itemPages } = await importOne(session, file, interrupt.signal);
              imported.push({ source: name, scan, itemPages });
              stored.push(scan);
              const where = scan.archiveNo ? place(ctx.language, scan.archiveNo, scan.itemSeq) : w.inbox;
              ctx.print(fill(w.watchImported, { name, where, pages: plural(w, 'pages', scan.pageCount, ctx.language) }));
              printItemPages(ctx, itemPages);
            } catch (err) {
              if (interrupt.signal.aborted) throw new CancelledError();
              const m = message(ctx, err);
              const movedTo = REJECTED_CODES.has(m.code) ? reject(ctx, dir, name, m) : null;
              if (movedTo === null) refused.add(key);
              failures.push({ source: name, ...m, movedTo });
              const shown = printable(name);
              console.error(movedTo ? fill(w.watchRejected, { name: shown, message: m.message, movedTo }) : fill(w.watchRefused, { name: shown, message: m.message }));
            }
          }
          if (stored.length) {
            const read = await readNewScans(ctx, session, stored, interrupt.signal);
            if (read) ocr.push(read);
            if (read?.cancelled) break;
          }
          if (ctx.values.once && pending === 0) break;
          if (interrupt.signal.aborted) break;
          await sleep(intervalMs, undefined, { signal: interrupt.signal }).catch(() => {});
          if (interrupt.signal.aborted) break;
        }
      } finally {
        interrupt.dispose();
      }
      if (failures.length) process.exitCode = 1;
      return { imported, refused: failures, ocr };
    }),
};

/** Moves a refused hot-folder file aside with its note; null (it stays) if that is impossible. */
function reject(ctx: CommandContext, dir: string, name: string, m: { code: string; message: string }): string | null {
  const w = words[ctx.language];
  const at = localTime(new Date().toISOString());
  try {
    return moveAside(dir, name, () => w.note.map((line) => fill(line, { name: printable(name), at, message: m.message, code: m.code })).join('\n') + '\n').movedTo;
  } catch (err) {
    console.error(`${REJECTED_DIR}: ${message(ctx, err).message}`);
    return null;
  }
}

/** One hot-folder file: staged, routed, added, read back and verified, then the original removed. */
async function importOne(session: ArchiveSession, file: string, signal: AbortSignal): Promise<{ scan: Scan; itemPages: ScanItemPages[] }> {
  const staged = await stageFile(session, file, signal);
  const store = blobsFor(session);
  try {
    await store.readBarcodes(staged);
  } catch {
    // an unreadable first page is no reason to refuse the scan: it goes by name or to the inbox
  }
  const { scans, itemPages } = await session.call('scans.add', { uploadIds: [staged.id], route: true, source: 'watch' });
  const scan = scans[0]!;
  const row = session.db.one(session.db.k.selectFrom('scans').innerJoin('blobs', 'blobs.id', 'scans.blobId').selectAll('blobs').where('scans.id', '=', scan.id));
  // The copy kept (ours, or the identical one already stored) must decrypt whole and hash to the address of the bytes read
  // (that address is in the data scope: a copy re-encrypted into a 机密/绝密 file's scope is hashed the same way to compare).
  if (!row || (row.keyScope === DATA_SCOPE && row.address !== staged.address) || (await store.check(store.access(row), staged.address, DATA_SCOPE)) !== 'ok') {
    throw new DossierError('archive.corrupt', { detail: `scan ${scan.id} did not read back` });
  }
  unlinkSync(file);
  return { scan, itemPages };
}

export const scanCommands: Record<string, Command> = {
  'scan add': scanAdd,
  'scan list': scanList,
  'scan export': scanExport,
  inbox,
  verify,
  watch,
};
