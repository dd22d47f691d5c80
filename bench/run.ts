/**
 * `npm run bench [-- --clients N --files N --loans N | --ledger-rows N] [--only core,search,import,cli,jobs,upload,print,scans,ocr]`:
 * builds a synthetic encrypted archive (default 10,000 clients, 30,000 files, 50,000 loans) and
 * measures what a clerk feels: unlocking, client search, lend+return through the engine, against
 * a raw better-sqlite3 baseline of the same writes; what one `dossier` command costs against a
 * bare Node running the same key derivation; search latency while an import job runs against
 * search alone; and the peak memory of the browser-mode server taking a large upload
 * (`--upload-mb N`, default 512; `--upload-2gb` for 2048). Prints a table and writes bench/results.json.
 * The scans (bench/scans.ts: 500 MB and 1,000 x 200 KB imports beside raw AES-GCM + SHA-256, peak
 * memory) and OCR (bench/ocr.ts: PaddleOCR accuracy and seconds per page, A4 at 300 dpi) groups run
 * their own scripts and write their own results files (`--scan-large-mb N`, `--scan-small N`).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createArchive, openArchive } from '../db/archive.js';
import type { ArchiveSession } from '../db/archive.js';
import { demoCreditCode } from '../db/demo.js';
import { endIdleWorkers, warmUp } from '../db/workers/pool.js';
import { importSpreadsheet, writeXlsx } from '../db/spreadsheet/index.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    files: { type: 'string' },
    loans: { type: 'string' },
    /** The ledger's size for the lend+return pairs (the figure: 1000000); an alias of --loans. */
    'ledger-rows': { type: 'string' },
    'search-clients': { type: 'string' },
    'search-items': { type: 'string' },
    'import-rows': { type: 'string' },
    'cli-runs': { type: 'string' },
    only: { type: 'string' },
    keep: { type: 'boolean' },
    'upload-mb': { type: 'string' },
    'upload-2gb': { type: 'boolean' },
    'print-files': { type: 'string' },
    'scan-large-mb': { type: 'string' },
    'scan-small': { type: 'string' },
  },
});
const GROUPS = ['core', 'search', 'import', 'cli', 'jobs', 'upload', 'print', 'scans', 'ocr'] as const;
const only = new Set(values.only ? values.only.split(',').map((g) => g.trim()) : GROUPS);
for (const group of only) if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`--only: unknown group ${group} (${GROUPS.join(', ')})`);
const CLI_RUNS = Number(values['cli-runs'] ?? 7);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = { clients: Number(values.clients ?? 10_000), files: Number(values.files ?? 30_000), loans: Number(values['ledger-rows'] ?? values.loans ?? 50_000) };
const SEARCH_SIZE = { clients: Number(values['search-clients'] ?? 100_000), items: Number(values['search-items'] ?? 1_000_000) };
const IMPORT_ROWS = Number(values['import-rows'] ?? 10_000);

interface Row {
  scenario: string;
  n: number;
  median: number | null;
  p95: number | null;
  unit: string;
  throughput: number | null;
  throughputUnit: string;
}
const rows: Row[] = [];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function record(scenario: string, samples: number[], unit = 'ms', throughput: number | null = null, throughputUnit = ''): void {
  const sorted = [...samples].sort((a, b) => a - b);
  rows.push({
    scenario,
    n: samples.length,
    median: sorted.length ? quantile(sorted, 0.5) : null,
    p95: sorted.length ? quantile(sorted, 0.95) : null,
    unit,
    throughput,
    throughputUnit,
  });
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const CITY = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '天津', '重庆', '苏州'];
const WORD = ['宏远', '中诚', '恒信', '华泰', '金桥', '瑞丰', '东方', '长城', '天成', '永安', '鑫源', '博达', '汇通', '嘉禾', '众联', '隆盛', '安泰', '富华'];
const TRADE = ['建工', '城建', '路桥', '商混', '物业', '置业', '机电', '环保', '水务', '能源', '物流', '医药', '科技', '建材', '电力'];
const SUFFIX = ['集团有限公司', '有限责任公司', '股份有限公司', '有限公司', '工程有限公司'];

/** Bulk population with raw prepared statements in one transaction: also the raw insert baseline. */
function populate(session: ArchiveSession): { names: string[]; archiveNos: string[]; ms: number; rows: number } {
  const { sqlite } = session.db;
  const userId = session.user.id;
  const insertClient = sqlite.prepare(
    'insert into clients (id, name, credit_code, category, contact_person, contact_phone, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertFile = sqlite.prepare(
    "insert into files (id, archive_no, client_id, title, confidentiality, retention, status, created_at, updated_at) values (?, ?, ?, ?, 'normal', '30y', 'in_stock', ?, ?)",
  );
  const insertLoan = sqlite.prepare('insert into loans (id, file_id, borrower, purpose, lent_at, lent_by, due_date, returned_at, returned_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const names: string[] = [];
  const codes = new Set<string>();
  const clientIds: string[] = [];
  const files: { id: string; archiveNo: string }[] = [];
  const now = new Date().toISOString();
  const t0 = performance.now();
  sqlite.transaction(() => {
    for (let i = 0; i < SIZE.clients; i++) {
      const city = pick(CITY);
      const name = `${city}${pick(WORD)}${pick(TRADE)}${i}${pick(SUFFIX)}`;
      const id = randomUUID();
      // Random codes can repeat at this scale; the column is unique.
      let code = demoCreditCode(random, '110108');
      // The seeded generator repeats itself after a while (float products): fall back to Math.random.
      while (codes.has(code)) code = demoCreditCode(Math.random, '110108');
      codes.add(code);
      insertClient.run(id, name, code, '战略合作', '张伟', '13800000000', 'active', now, now);
      names.push(name);
      clientIds.push(id);
    }
    for (let i = 0; i < SIZE.files; i++) {
      const id = randomUUID();
      const archiveNo = `BK-2020-${String(i + 1).padStart(6, '0')}`;
      insertFile.run(id, archiveNo, clientIds[i % clientIds.length], `客户基本资料 第${i}卷`, now, now);
      files.push({ id, archiveNo });
    }
    for (let i = 0; i < SIZE.loans; i++) {
      insertLoan.run(randomUUID(), files[i % files.length]!.id, '销售部 李明', '查阅', now, userId, '2020-01-04', now, userId);
    }
  })();
  const ms = performance.now() - t0;
  return { names, archiveNos: files.map((f) => f.archiveNo), ms, rows: SIZE.clients + SIZE.files + SIZE.loans };
}

/** A benchmark with a script of its own (its table on this console, its results file beside it). */
function benchScript(script: string, args: string[]): void {
  console.log(`\n== bench/${script} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench', script), ...args], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`bench/${script} failed (exit ${result.status})`);
}

async function main(): Promise<void> {
  const password = 'bench password';
  if (only.has('core')) await core(password);
  if (only.has('search')) await searchAtScale(password);
  if (only.has('import')) await importRows(password);
  if (only.has('cli')) await cliCommand(password);
  if (only.has('jobs')) await searchDuringImport(password);
  if (only.has('upload')) await uploadMemory();
  if (only.has('print')) await printCatalog(password);
  if (only.has('scans')) benchScript('scans.ts', ['--large-mb', values['scan-large-mb'] ?? '500', '--small', values['scan-small'] ?? '1000']);
  if (only.has('ocr')) benchScript('ocr.ts', ['--only', 'paddle']);

  const table = [
    ['scenario', 'n', 'median', 'p95', 'throughput'],
    ...rows.map((r) => [
      r.scenario,
      String(r.n),
      r.median === null ? '' : `${r.median.toFixed(2)} ${r.unit}`,
      r.p95 === null ? '' : `${r.p95.toFixed(2)} ${r.unit}`,
      r.throughput === null ? '' : `${r.throughput.toLocaleString('en')} ${r.throughputUnit}`,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => [...r[i]!].length)));
  console.log(
    '\n' +
      table
        .map((r, j) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + (j === 0 ? '\n' + widths.map((w) => '-'.repeat(w)).join('  ') : ''))
        .join('\n'),
  );
  const resultsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
  writeFileSync(resultsFile, JSON.stringify({ date: new Date().toISOString(), node: process.version, size: SIZE, results: rows }, null, 2) + '\n');
  console.log(`\nwritten: ${path.relative(process.cwd(), resultsFile)}`);
}

/** The engine on a 10,000-client archive: unlock, client search, lend and return against raw SQLite. */
async function core(password: string): Promise<void> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-')), 'archive');
  console.log(`Building a synthetic archive: ${SIZE.clients} clients, ${SIZE.files} files, ${SIZE.loans} loans in ${dir}`);
  const [created, createMs] = await time(() => createArchive(dir, { username: 'bench', displayName: '基准', password, archiveName: 'bench' }));
  record('create archive (scrypt N=2^16 + schema)', [createMs]);

  const population = populate(created);
  record('raw better-sqlite3 bulk insert (1 transaction)', [population.ms], 'ms', Math.round(population.rows / (population.ms / 1000)), 'rows/s');
  created.close();

  const unlock: number[] = [];
  for (let i = 0; i < 7; i++) {
    const [s, ms] = await time(() => openArchive(dir, 'bench', password));
    unlock.push(ms);
    s.close();
  }
  record('open + unlock (scrypt + key + migrations check)', unlock);

  const session = await openArchive(dir, 'bench', password);
  const search: Record<number, number[]> = { 2: [], 3: [], 4: [] };
  for (let i = 0; i < 300; i++) {
    const length = 2 + (i % 3);
    const name = pick(population.names);
    const start = Math.floor(random() * Math.max(1, [...name].length - length));
    const fragment = [...name].slice(start, start + length).join('');
    const [, ms] = await time(() => session.call('clients.list', { search: fragment, limit: 50 }));
    search[length]!.push(ms);
  }
  for (const length of [2, 3, 4]) record(`client search, ${length}-character fragment (top 50)`, search[length]!);

  const pairs = 2_000;
  // Lending needs a registered borrower and an approval: a staff member with a signed paper application.
  await session.call('departments.add', { name: '财务部' });
  const borrower = (await session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'BENCH-001' })).staffNo!;
  const paperApproval = { signedBy: '赵经理', signedOn: new Date().toISOString().slice(0, 10) };
  const lendMs: number[] = [];
  const returnMs: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < pairs; i++) {
    const archiveNo = population.archiveNos[i]!;
    lendMs.push((await time(() => session.call('loans.lend', { archiveNo, borrower, paperApproval, purpose: '审计' })))[1]);
    returnMs.push((await time(() => session.call('loans.return', { archiveNo })))[1]);
  }
  const engineSeconds = (performance.now() - t0) / 1000;
  const atRows = `at ${(SIZE.loans + pairs).toLocaleString('en')} ledger rows`;
  record(`engine lend (validate, authorise, write, audit) ${atRows}`, lendMs, 'ms', Math.round(pairs / engineSeconds), 'pairs/s');
  record(`engine return (completeness check, holds, audit) ${atRows}`, returnMs);

  // Baseline: the same rows written by hand-prepared statements, one transaction per operation.
  const { sqlite } = session.db;
  const fileId = sqlite.prepare('select id from files where archive_no = ?').pluck();
  const lend = sqlite.prepare("insert into loans (id, file_id, borrower, purpose, lent_at, lent_by, due_date) values (?, ?, '财务部 王芳', '审计', ?, ?, '2026-01-01')");
  const setStatus = sqlite.prepare('update files set status = ?, updated_at = ? where id = ?');
  const closeLoan = sqlite.prepare('update loans set returned_at = ?, returned_by = ? where file_id = ? and returned_at is null');
  const audit = sqlite.prepare(
    "insert into audit_log (at, user_id, username, action, target_type, target_id, target_label, details, prev_hash, hash) values (?, ?, 'bench', ?, 'file', ?, ?, '{}', '', '')",
  );
  const rawLend = sqlite.transaction((archiveNo: string) => {
    const id = fileId.get(archiveNo) as string;
    const now = new Date().toISOString();
    lend.run(randomUUID(), id, now, session.user.id);
    setStatus.run('on_loan', now, id);
    audit.run(now, session.user.id, 'loans.lend', id, archiveNo);
  });
  const rawReturn = sqlite.transaction((archiveNo: string) => {
    const id = fileId.get(archiveNo) as string;
    const now = new Date().toISOString();
    closeLoan.run(now, session.user.id, id);
    setStatus.run('in_stock', now, id);
    audit.run(now, session.user.id, 'loans.return', id, archiveNo);
  });
  const rawSamples: number[] = [];
  const t1 = performance.now();
  for (let i = 0; i < pairs; i++) {
    const archiveNo = population.archiveNos[pairs + i]!;
    const s = performance.now();
    rawLend.immediate(archiveNo);
    rawReturn.immediate(archiveNo);
    rawSamples.push(performance.now() - s);
  }
  record(`raw better-sqlite3 lend+return pair (baseline) ${atRows}`, rawSamples, 'ms', Math.round(pairs / ((performance.now() - t1) / 1000)), 'pairs/s');
  session.close();
  if (!values.keep) rmSync(path.dirname(dir), { recursive: true, force: true });
}

/**
 * One `dossier client list --json` end to end (a new process: start-up, unlock, query, print),
 * from the bundle and from the sources through tsx, against a bare `node` that runs the same
 * scrypt as the archive's key slot and nothing else. Target: the bundle within 1.5x of it.
 */
async function cliCommand(password: string): Promise<void> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-cli-')), 'archive');
  const session = await createArchive(dir, { username: 'bench', displayName: '基准', password, archiveName: 'bench' });
  for (let i = 0; i < 20; i++) await session.call('clients.create', { name: `${pick(CITY)}${pick(WORD)}${pick(TRADE)}${i}${pick(SUFFIX)}` });
  session.close();
  const build = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'build-cli.mjs'), '--if-stale', '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('could not build the CLI bundle');

  const { kdf } = (JSON.parse(readFileSync(path.join(dir, 'archive.json'), 'utf8')) as { slots: { kdf: { N: number; r: number; p: number; salt: string } }[] }).slots[0]!;
  // The key derivation exactly as db/keys.ts runs it: same password, salt, cost and memory limit.
  const scrypt = [
    `require('node:crypto').scrypt(${JSON.stringify(password)}.normalize('NFC'), Buffer.from(${JSON.stringify(kdf.salt)}, 'base64'), 32,`,
    `{ N: ${kdf.N}, r: ${kdf.r}, p: ${kdf.p}, maxmem: ${256 * kdf.N * kdf.r + 1024 * 1024} }, (err) => { if (err) throw err; });`,
  ].join(' ');
  const command = [path.join(projectRoot, 'bin', 'dossier.mjs'), 'client', 'list', '--archive', dir, '--user', 'bench', '--json'];
  const expectClients = (stdout: string) => {
    if ((JSON.parse(stdout) as { total: number }).total !== 20) throw new Error('dossier client list did not list the 20 clients');
  };
  const run = (args: string[], from?: string): number => {
    const env = { ...process.env, DOSSIER_PASSWORD: password, ...(from ? { DOSSIER_CLI_FROM: from } : {}) };
    const t0 = performance.now();
    const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
    if (from) expectClients(result.stdout);
    return ms;
  };
  const samples = { bare: [] as number[], bundle: [] as number[], source: [] as number[] };
  // One warm-up each (file cache, tsx's compile cache), then interleaved so load hits all alike.
  run(['-e', scrypt]);
  run(command, 'bundle');
  run(command, 'source');
  for (let i = 0; i < CLI_RUNS; i++) {
    samples.bare.push(run(['-e', scrypt]));
    samples.bundle.push(run(command, 'bundle'));
    samples.source.push(run(command, 'source'));
  }
  record(`bare node: the key slot's scrypt (N=${kdf.N}, r=${kdf.r}) and exit`, samples.bare);
  record('dossier client list --json, bundle (end to end)', samples.bundle);
  record('dossier client list --json, sources through tsx', samples.source);
  const median = (list: number[]) =>
    quantile(
      [...list].sort((a, b) => a - b),
      0.5,
    );
  const ratio = median(samples.bundle) / median(samples.bare);
  record('dossier command ÷ bare scrypt, medians (target ≤ 1.5)', [ratio], 'x');
  console.log(
    `CLI: bundle ${median(samples.bundle).toFixed(0)} ms, tsx ${median(samples.source).toFixed(0)} ms, bare scrypt ${median(samples.bare).toFixed(0)} ms: ratio ${ratio.toFixed(2)} (target ≤ 1.5)`,
  );
  if (!values.keep) rmSync(path.dirname(dir), { recursive: true, force: true });
}

/** Import of a 10,000-row client ledger (.xlsx), dry run and import (target under 5 s). */
async function importRows(password: string): Promise<void> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-import-')), 'archive');
  const session = await createArchive(dir, { username: 'bench', displayName: '基准', password, archiveName: 'bench' });
  const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => [
    `${pick(CITY)}${pick(WORD)}${pick(TRADE)}${i}${pick(SUFFIX)}`,
    demoCreditCode(random, '310115'),
    pick(['集团内部', '国有体系', '战略合作', '搅拌站', '中介', '重点工程', '其他']),
    `${pick(['王', '李', '张', '刘'])}${pick(['伟', '芳', '敏', '静'])}`,
    '13800000000',
    `${pick(CITY)}市某某路${i}号`,
  ]);
  const bytes = await writeXlsx([{ name: '客户台账', header: ['客户名称', '统一社会信用代码', '客户类别', '联系人', '联系电话', '地址'], rows }]);
  const [check, checkMs] = await time(() => importSpreadsheet(session, bytes, { kind: 'clients', fileName: 'ledger.xlsx', dryRun: true, encoding: 'auto', mode: 'good-rows' }));
  record(`import dry run, ${IMPORT_ROWS} rows .xlsx (${check.goodRows} good)`, [checkMs]);
  const [done, importMs] = await time(() => importSpreadsheet(session, bytes, { kind: 'clients', fileName: 'ledger.xlsx', encoding: 'auto', mode: 'good-rows' }));
  record(`import ${IMPORT_ROWS} rows .xlsx, one transaction (target < 5 s)`, [importMs], 'ms', Math.round(done.created.clients / (importMs / 1000)), 'rows/s');
  session.close();
  if (!values.keep) rmSync(path.dirname(dir), { recursive: true, force: true });
}

/** Search over 100,000 clients and 1,000,000 contents-list items. */
async function searchAtScale(password: string): Promise<void> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-search-')), 'archive');
  console.log(`Building a search archive: ${SEARCH_SIZE.clients} clients, ${SEARCH_SIZE.items} items (indexed by triggers)…`);
  const session = await createArchive(dir, { username: 'bench', displayName: '基准', password, archiveName: 'bench' });
  const { sqlite } = session.db;
  const now = new Date().toISOString();
  const insertClient = sqlite.prepare("insert into clients (id, name, status, created_at, updated_at) values (?, ?, 'active', ?, ?)");
  const insertFile = sqlite.prepare(
    "insert into files (id, archive_no, client_id, title, confidentiality, retention, status, created_at, updated_at) values (?, ?, ?, ?, 'normal', '30y', 'in_stock', ?, ?)",
  );
  const insertItem = sqlite.prepare(
    'insert into file_items (id, file_id, origin_id, version, seq, doc_no, responsible_party, title, doc_date, page_count, created_at, created_by, updated_at) values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const DOCS = ['营业执照副本', '税务登记证', '开票资料', '购销合同', '法定代表人身份证复印件', '授权委托书', '回访记录', '投诉处理单', '满意度调查表', '往来函件'];
  const names: string[] = [];
  const itemsPerFile = 10;
  const fileCount = Math.ceil(SEARCH_SIZE.items / itemsPerFile);
  const t0 = performance.now();
  sqlite.transaction(() => {
    const clientIds: string[] = [];
    for (let i = 0; i < SEARCH_SIZE.clients; i++) {
      const id = randomUUID();
      const name = `${pick(CITY)}${pick(WORD)}${pick(TRADE)}${pick(WORD)}${pick(SUFFIX)}`;
      insertClient.run(id, name, now, now);
      clientIds.push(id);
      names.push(name);
    }
    let item = 0;
    for (let f = 0; f < fileCount && item < SEARCH_SIZE.items; f++) {
      const fileId = randomUUID();
      insertFile.run(fileId, `SK-${String(f + 1).padStart(7, '0')}`, clientIds[f % clientIds.length], '客户基本资料', now, now);
      for (let n = 0; n < itemsPerFile && item < SEARCH_SIZE.items; n++, item++) {
        const id = randomUUID();
        insertItem.run(
          id,
          fileId,
          id,
          n + 1,
          `${pick(WORD)}字〔2025〕${item % 997}号`,
          `${pick(CITY)}${pick(WORD)}公司`,
          `${pick(DOCS)}（${pick(WORD)}）`,
          '2025-06-01',
          3,
          now,
          session.user.id,
          now,
        );
      }
    }
  })();
  record(`build search archive (${SEARCH_SIZE.clients} clients, ${SEARCH_SIZE.items} items, indexed)`, [performance.now() - t0]);
  // Issue 9: results at most 50 ms after a keystroke at 100,000 clients. The search box sends
  // search.query with what is typed so far: one, two, three and more Chinese characters, or the
  // start of an archive number.
  for (const length of [1, 2, 3, 4]) {
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const name = pick(names);
      const start = Math.floor(random() * Math.max(1, [...name].length - length));
      const fragment = [...name].slice(start, start + length).join('');
      samples.push((await time(() => session.call('search.query', { q: fragment, limit: 50 })))[1]);
    }
    record(`global search (clients+items), ${length}-char Chinese fragment (target p95 < 50 ms)`, samples);
  }
  const archiveNos = Array.from({ length: fileCount }, (_, f) => `SK-${String(f + 1).padStart(7, '0')}`);
  for (const length of [5, 7, 10]) {
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) samples.push((await time(() => session.call('search.query', { q: pick(archiveNos).slice(0, length), limit: 50 })))[1]);
    record(`global search, archive-number prefix of ${length} characters (e.g. ${archiveNos[1234]!.slice(0, length)}; target p95 < 50 ms)`, samples);
  }
  session.close();
  if (!values.keep) rmSync(path.dirname(dir), { recursive: true, force: true });
}

/** Latency of searches arriving every `everyMs` while `busy()` says so: from arrival to answer, so a blocked event loop counts. */
async function paced(session: ArchiveSession, names: string[], everyMs: number, busy: (count: number) => boolean): Promise<number[]> {
  const samples: number[] = [];
  const start = performance.now();
  for (let k = 0; busy(k); k++) {
    const arrival = start + k * everyMs;
    const wait = arrival - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
    const name = pick(names);
    const from = Math.floor(random() * Math.max(1, [...name].length - 3));
    await session.call('search.query', { q: [...name].slice(from, from + 3).join(''), limit: 50 });
    samples.push(performance.now() - Math.min(arrival, performance.now()));
  }
  return samples;
}

/** Search stays responsive while an import runs as a job (target: p95 during within 2x of p95 alone). */
async function searchDuringImport(password: string): Promise<void> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-jobs-')), 'archive');
  const session = await createArchive(dir, { username: 'bench', displayName: '基准', password, archiveName: 'bench' });
  const { sqlite } = session.db;
  const now = new Date().toISOString();
  const names: string[] = [];
  const insertClient = sqlite.prepare("insert into clients (id, name, status, created_at, updated_at) values (?, ?, 'active', ?, ?)");
  sqlite.transaction(() => {
    for (let i = 0; i < 50_000; i++) {
      const name = `${pick(CITY)}${pick(WORD)}${pick(TRADE)}${pick(WORD)}${pick(SUFFIX)}`;
      insertClient.run(randomUUID(), name, now, now);
      names.push(name);
    }
  })();
  const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => [
    `${pick(CITY)}${pick(WORD)}${pick(TRADE)}导入${i}${pick(SUFFIX)}`,
    `${pick(['王', '李'])}${pick(['伟', '芳'])}`,
    '13800000000',
  ]);
  const bytes = await writeXlsx([{ name: '客户台账', header: ['客户名称', '联系人', '联系电话'], rows }]);
  const alone = await paced(session, names, 25, (k) => k < 200);
  record('search p95 alone (50,000 clients, one every 25 ms)', alone);
  const job = await session.call('jobs.start', {
    operation: 'import.run',
    input: { kind: 'clients', fileName: 'ledger.xlsx', contentBase64: Buffer.from(bytes).toString('base64') },
  });
  let running = true;
  const settled = session.jobs.settled(job.id).then((j) => {
    running = false;
    return j;
  });
  const during = await paced(session, names, 25, () => running);
  const ended = await settled;
  record(`search p95 during a ${IMPORT_ROWS}-row import job (${ended.state})`, during);
  const p95 = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.95,
    );
  const ratio = p95(during) / p95(alone);
  record('search p95 during import / alone (target ≤ 2)', [ratio], 'x');
  console.log(`Search p95: alone ${p95(alone).toFixed(1)} ms, during import ${p95(during).toFixed(1)} ms (max ${Math.max(...during).toFixed(0)} ms), ratio ${ratio.toFixed(2)}`);
  session.close();
  if (!values.keep) rmSync(path.dirname(dir), { recursive: true, force: true });
}

/** The peak resident memory of a process so far (Linux: VmHWM), in MB; null elsewhere. */
function peakRssMb(pid: number): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

function post(
  port: number,
  pathName: string,
  headers: Record<string, string>,
  body: (req: ReturnType<typeof request>) => Promise<void>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: pathName, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    void body(req).then(() => req.end(), reject);
  });
}

/** Peak RSS of the browser-mode server (`dossier serve`, its own process) taking a generated upload of `--upload-mb` through its route. */
async function uploadMemory(): Promise<void> {
  const mb = values['upload-2gb'] ? 2048 : Number(values['upload-mb'] ?? 512);
  const total = mb * 1024 * 1024;
  const root = mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-upload-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'server', 'main.ts'), '--archive', path.join(root, 'archive'), '--no-build', '--max-upload-mb', String(mb + 1)],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const found = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)/.exec(out);
      if (found) resolve({ port: Number(found[1]), token: found[2]! });
    });
    child.once('exit', (code) => reject(new Error(`dossier serve exited with ${code}`)));
  });
  const auth = { authorization: `Bearer ${token}` };
  const created = await post(port, '/api/archive.create', { ...auth, 'content-type': 'application/json' }, async (req) => {
    req.write(JSON.stringify({ archiveName: 'bench', admin: { username: 'bench', displayName: '基准', password: 'bench password' } }));
  });
  if (!JSON.parse(created.text).ok) throw new Error(created.text);
  const before = peakRssMb(child.pid!);
  const block = Buffer.alloc(1024 * 1024, 0x41);
  const t0 = performance.now();
  const { status } = await post(port, '/api/upload?name=big.csv', { ...auth, 'content-type': 'text/csv' }, async (req) => {
    for (let sent = 0; sent < total; sent += block.length) if (!req.write(block)) await new Promise((r) => req.once('drain', r));
  });
  const ms = performance.now() - t0;
  const after = peakRssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(root, { recursive: true, force: true });
  const figure = after === null ? 'peak RSS n/a (no /proc)' : `server peak RSS ${after.toFixed(0)} MB (${before!.toFixed(0)} MB before)`;
  record(`upload ${mb} MB through the browser-mode route (HTTP ${status}): ${figure}`, [ms], 'ms', Math.round(mb / (ms / 1000)), 'MB/s');
  console.log(`Upload ${mb} MB: HTTP ${status} in ${(ms / 1000).toFixed(1)} s; ${figure}`);
}

/** A 1,000-file 案卷目录 as PDF through the engine (read, laid out in a worker, audited): total and per page. */
async function printCatalog(password: string): Promise<void> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-print-')), 'archive');
  const session = await createArchive(dir, { username: 'bench', displayName: '基准', password, archiveName: 'bench' });
  const files = Number(values['print-files'] ?? 1000);
  const clients: string[] = [];
  for (let i = 0; i < 50; i++) clients.push((await session.call('clients.create', { name: `${pick(CITY)}${pick(WORD)}${pick(TRADE)}${i}${pick(SUFFIX)}` })).id);
  for (let i = 0; i < files; i++) {
    // Every seventh title is long enough to wrap in its cell.
    const title = i % 7 === 0 ? '客户基本资料、合同、订单及付款记录、保证金、欠款与违约记录、回访与投诉处理记录' : pick(['客户基本资料', '合同及订单档案', '权证档案']);
    await session.call('files.create', { clientId: clients[i % clients.length]!, title, remarks: i % 5 === 0 ? '缺营业执照副本' : undefined });
  }
  // Cold (a new worker reads and parses the fonts: what the first print of a session cost before
  // the warm-up), first of a session right at unlock (ArchiveHost's warm-up still running) and
  // after it, then three warm runs.
  const firsts: [string, () => Promise<void>][] = [
    ['cold, no warm-up', endIdleWorkers],
    ['first of a session, right at unlock (warm-up running)', async () => (await endIdleWorkers(), void warmUp())],
    ['first of a session, after the warm-up', async () => (await endIdleWorkers(), await warmUp())],
  ];
  let pages = 0;
  // CPU time of the whole process (engine and worker threads): it stays near an idle machine's wall time when other work loads this one.
  const cpuMs = () => (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  for (const [when, before] of firsts) {
    await before();
    const cpu = cpuMs();
    const [out, ms] = await time(() => session.call('print.catalog', {}));
    const used = cpuMs() - cpu;
    pages = out.pages;
    record(
      `print 案卷目录 of ${files} files, ${when}: ${pages} A4 pages, ${(ms / pages).toFixed(1)} ms/page${when.startsWith('cold') ? '' : ' (target < 3 s)'}`,
      [ms],
      'ms',
      Math.round(pages / (ms / 1000)),
      'pages/s',
    );
    console.log(`Print catalog ${when}: ${files} files, ${pages} pages, ${ms.toFixed(0)} ms (CPU ${used.toFixed(0)} ms)`);
  }
  const samples: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < 3; run++) {
    const cpu = cpuMs();
    const [out, ms] = await time(() => session.call('print.catalog', {}));
    cpus.push(cpuMs() - cpu);
    samples.push(ms);
    pages = out.pages;
  }
  const median = [...samples].sort((a, b) => a - b)[1]!;
  record(
    `print 案卷目录 of ${files} files, warm: ${pages} A4 pages, ${(median / pages).toFixed(1)} ms/page (target < 3 s)`,
    samples,
    'ms',
    Math.round(pages / (median / 1000)),
    'pages/s',
  );
  console.log(
    `Print catalog warm: ${files} files, ${pages} pages, median ${median.toFixed(0)} ms (CPU ${[...cpus].sort((a, b) => a - b)[1]!.toFixed(0)} ms); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  session.close();
  if (!values.keep) rmSync(path.dirname(dir), { recursive: true, force: true });
}

await main();
