/**
 * Scans on the command line: `dossier scan add --file NO [--item SEQ] PATH …`, `scan list --file NO`,
 * `scan export ID --out PATH`, `dossier inbox [--assign ID --file NO [--item SEQ]]`,
 * `dossier verify [--dry-run]` and the scanner's hot folder `dossier watch --folder DIR`.
 * Files stream from disk straight into the encrypted blob store (never base64, never a plaintext
 * copy); exports are decrypted into a temp file beside the target and renamed into place.
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
import type { Scan, ScanVerifyReport } from '../shared/ops/scans.js';
import { CancelledError, UsageError, withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { existing, FileTooLargeError, NotRegularFileError, openInputFile } from './files.js';
import { interruptScope, runJob } from './jobs.js';
import { fill } from './messages.js';
import { renderTable } from './table.js';

const words = {
  'zh-CN': {
    headers: ['扫描件 ID', '文件名', '类型', '页数', '档号', '卷内序号', '添加人'],
    added: '已添加 {{count}} 份扫描件（{{dedup}} 份与已存文件相同，只存一份）。',
    added_one: '已添加 1 份扫描件（{{dedup}} 份与已存文件相同，只存一份）。',
    refused: '{{file}}：{{message}}',
    noFiles: '请给出要添加的文件。',
    none: '没有扫描件。',
    inboxEmpty: '收件箱是空的。',
    assigned: '扫描件 {{id}} 已归入 {{archiveNo}}。',
    exported: '已导出 {{name}} 到 {{file}}（{{size}} 字节）。',
    fileExists: '{{file}} 已存在；加 --force 覆盖。',
    verifyOk: '检查了 {{blobs}} 个存储文件（{{mb}} MB）：全部完好。',
    verifyProblems: '检查了 {{blobs}} 个存储文件：{{ok}} 个完好，{{count}} 个有问题：',
    problem: { missing: '缺失', corrupt: '损坏（校验不符）', orphaned: '多余（没有扫描件使用）' },
    orphansRemoved: '已删除 {{count}} 个多余的文件。',
    where: '{{archiveNo}}[ 第 {{seq}} 件]：{{name}}',
    inboxWhere: '收件箱：{{name}}',
    watching: '正在监视 {{dir}}（文件大小稳定 {{seconds}} 秒后导入；Ctrl+C 停止）。',
    watchImported: '{{name}} → {{where}}（{{pages}} 页），已核对加密副本并删除原文件。',
    watchRefused: '{{name}} 未导入：{{message}}（原文件保留）',
    inbox: '收件箱',
    badSeq: '--item 应为卷内序号（正整数）：{{value}}',
    needFile: '--assign 需要 --file。',
  },
  en: {
    headers: ['Scan ID', 'Name', 'Type', 'Pages', 'Archive no.', 'Item', 'Added by'],
    added: 'Added {{count}} scans ({{dedup}} identical to documents already stored, kept once).',
    added_one: 'Added 1 scan ({{dedup}} identical to a document already stored, kept once).',
    refused: '{{file}}: {{message}}',
    noFiles: 'Name the files to add.',
    none: 'No scans.',
    inboxEmpty: 'The inbox is empty.',
    assigned: 'Scan {{id}} is now in {{archiveNo}}.',
    exported: 'Exported {{name}} to {{file}} ({{size}} bytes).',
    fileExists: '{{file}} exists; add --force to overwrite it.',
    verifyOk: 'Checked {{blobs}} stored files ({{mb}} MB): all intact.',
    verifyProblems: 'Checked {{blobs}} stored files: {{ok}} intact, {{count}} with problems:',
    problem: { missing: 'missing', corrupt: 'damaged (check failed)', orphaned: 'orphaned (no scan uses it)' },
    orphansRemoved: 'Removed {{count}} orphaned files.',
    where: '{{archiveNo}}[ item {{seq}}]: {{name}}',
    inboxWhere: 'inbox: {{name}}',
    watching: 'Watching {{dir}} (a file is imported once its size is stable for {{seconds}} s; Ctrl+C stops).',
    watchImported: '{{name}} → {{where}} ({{pages}} pages); the encrypted copy was read back and the original deleted.',
    watchRefused: '{{name}} not imported: {{message}} (the original is kept)',
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

const scanAdd: Command = {
  options: { file: { type: 'string' }, item: { type: 'string' } },
  positionals: 10_000,
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const w = words[ctx.language];
      if (ctx.positionals.length === 0) throw new UsageError(w.noFiles);
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
            console.error(fill(w.refused, { file, message: m.message }));
          }
        }
        if (refused.length) process.exitCode = 1;
        if (staged.length === 0) return { scans: [], deduplicated: 0, refused };
        const result = await runJob(ctx, session, 'scans.add', { uploadIds: staged.map((s) => s.id), archiveNo, itemSeq: seq, source: 'cli' }, interrupt.signal);
        ctx.print(renderTable(w.headers, scanRows(result.scans)));
        ctx.print(fill(result.scans.length === 1 ? w.added_one : w.added, { count: result.scans.length, dedup: result.deduplicated }));
        return { ...result, refused };
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
        ctx.print(fill(w.assigned, { id: scan.id, archiveNo: scan.itemSeq ? `${scan.archiveNo} #${scan.itemSeq}` : (scan.archiveNo ?? '') }));
        return scan;
      }
      const scans = await session.call('scans.inbox', {});
      ctx.print(scans.length ? renderTable(w.headers, scanRows(scans)) : w.inboxEmpty);
      return scans;
    }),
};

export function formatVerifyReport(report: ScanVerifyReport, language: Language): string {
  const w = words[language];
  if (report.problems.length === 0) return fill(w.verifyOk, { blobs: report.blobs, mb: Math.round(report.bytes / 1048576) });
  const lines = [fill(w.verifyProblems, { blobs: report.blobs, ok: report.ok, count: report.problems.length })];
  for (const p of report.problems) {
    const uses = p.scans.length
      ? p.scans.map((s) => (s.archiveNo ? say(w.where, { archiveNo: s.archiveNo, seq: s.itemSeq, name: s.name }) : say(w.inboxWhere, { name: s.name }))).join('; ')
      : p.blobId;
    lines.push(`  ${w.problem[p.problem]}: ${uses}`);
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

/**
 * The scanner's hot folder. A file is taken once its size and time have not changed for
 * `--stable` seconds; it is imported (routed by an archive number in its name or a barcode on
 * its first page, else to the inbox), its encrypted copy is read back and checked against the
 * keyed hash of the bytes read, and only then is the original deleted. A refused file stays
 * where it is (reported once).
 */
const watch: Command = {
  options: { folder: { type: 'string' }, stable: { type: 'string' }, interval: { type: 'string' }, once: { type: 'boolean' } },
  run: (ctx) =>
    withSession(ctx, async (session) => {
      const w = words[ctx.language];
      const dir = path.resolve(ctx.text('folder'));
      if (!statSync(dir).isDirectory()) throw new UsageError(fill(ctx.m.notRegularFile, { file: dir }));
      const stableMs = (ctx.integer('stable') ?? 3) * 1000;
      const intervalMs = Math.max(200, (ctx.integer('interval') ?? 1) * 1000);
      const seen = new Map<string, { size: number; mtime: number; since: number }>();
      const refused = new Set<string>();
      const imported: { source: string; scan: Scan }[] = [];
      const failures: { source: string; code: string; message: string }[] = [];
      const interrupt = interruptScope();
      ctx.print(fill(w.watching, { dir, seconds: stableMs / 1000 }));
      try {
        for (;;) {
          const now = Date.now();
          let pending = 0;
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
              const scan = await importOne(session, file, interrupt.signal);
              imported.push({ source: name, scan });
              const where = scan.archiveNo ? (scan.itemSeq ? `${scan.archiveNo} #${scan.itemSeq}` : scan.archiveNo) : w.inbox;
              ctx.print(fill(w.watchImported, { name, where, pages: scan.pageCount }));
            } catch (err) {
              if (interrupt.signal.aborted) throw new CancelledError();
              const m = message(ctx, err);
              refused.add(key);
              failures.push({ source: name, ...m });
              console.error(fill(w.watchRefused, { name, message: m.message }));
            }
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
      return { imported, refused: failures };
    }),
};

/** One hot-folder file: staged, routed, added, read back and verified, then the original removed. */
async function importOne(session: ArchiveSession, file: string, signal: AbortSignal): Promise<Scan> {
  const staged = await stageFile(session, file, signal);
  const store = blobsFor(session);
  try {
    await store.readBarcodes(staged);
  } catch {
    // an unreadable first page is no reason to refuse the scan: it goes by name or to the inbox
  }
  const { scans } = await session.call('scans.add', { uploadIds: [staged.id], route: true, source: 'watch' });
  const scan = scans[0]!;
  const row = session.db.one(session.db.k.selectFrom('scans').innerJoin('blobs', 'blobs.id', 'scans.blobId').selectAll('blobs').where('scans.id', '=', scan.id));
  // The copy kept (ours, or the identical one already stored) must decrypt whole and hash to the address of the bytes read
  // (that address is in the data scope: a copy re-encrypted into a 机密/绝密 file's scope is hashed the same way to compare).
  if (!row || (row.keyScope === DATA_SCOPE && row.address !== staged.address) || (await store.check(store.access(row), staged.address, DATA_SCOPE)) !== 'ok') {
    throw new DossierError('archive.corrupt', { detail: `scan ${scan.id} did not read back` });
  }
  unlinkSync(file);
  return scan;
}

export const scanCommands: Record<string, Command> = {
  'scan add': scanAdd,
  'scan list': scanList,
  'scan export': scanExport,
  inbox,
  verify,
  watch,
};
