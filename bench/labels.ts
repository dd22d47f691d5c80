/**
 * `npx tsx bench/labels.ts [--labels 1000]`: 1,000 labels (target under 3 s) laid out on each
 * kind of layout, with Code 128 only and with Code 128 + QR, straight through the renderer;
 * then the whole `labels.print` operation on an encrypted archive of that many files (selection,
 * worker thread, the record of each label and the audit): cold, first of a session with the
 * unlock's warm-up (still running, and done), and warm. Prints total and time per page, and the
 * machine's load (other work on it slows every figure).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createArchive } from '../db/archive.js';
import { endIdleWorkers, warmUp } from '../db/workers/pool.js';
import { renderLabels } from '../db/print/labels.js';
import type { LabelData } from '../db/print/labels.js';
import { rollLayout } from '../shared/domain/labels.js';
import type { LabelBarcode, LabelLayoutSpec } from '../shared/domain/labels.js';

const { values } = parseArgs({ options: { labels: { type: 'string' } } });
const COUNT = Number(values.labels ?? 1000);

const A4_3X7: LabelLayoutSpec = {
  name: 'A4 3×7',
  kind: 'sheet',
  pageWidth: 210,
  pageHeight: 297,
  columns: 3,
  rows: 7,
  labelWidth: 63.5,
  labelHeight: 38.1,
  marginLeft: 7.25,
  marginTop: 15.15,
  pitchX: 66.04,
  pitchY: 38.1,
  offsetX: 0,
  offsetY: 0,
};

const NAMES = ['北京宏远建工集团有限公司', '陕西生态水泥股份有限公司西安分公司', '杭州瑞丰环保科技有限公司', '成都天成路桥工程有限公司'];

/** Each scenario its own numbers: barcodes are cached per number, a bench must not time the cache. */
let series = 0;
function labels(n: number): LabelData[] {
  const year = 2000 + series++;
  return Array.from({ length: n }, (_, i) => {
    const no = `KH-${year}-${String(i + 1).padStart(5, '0')}`;
    return {
      barcode: no,
      lines: [
        { field: 'archiveNo', text: no },
        { field: 'clientName', text: NAMES[i % NAMES.length]! },
        { field: 'year', text: '年度 2026' },
        { field: 'retention', text: '保管期限 永久' },
        { field: 'confidentiality', text: '密级 普通' },
      ],
    };
  });
}

/** Scenario, pages, wall ms, ms per page, CPU ms of the whole process (all threads). */
const rows: [string, number, number, number, number][] = [];
/**
 * CPU time this process spent (all its threads): on a machine other work keeps busy, wall time
 * grows with the load while this stays near what an idle machine's wall time would be.
 */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function time(name: string, layout: LabelLayoutSpec, barcode: LabelBarcode): Promise<void> {
  const data = labels(COUNT);
  const started = performance.now();
  const cpu = cpuMs();
  const result = await renderLabels(data, { layout, barcode, title: 'bench' });
  const ms = performance.now() - started;
  rows.push([name, result.pages, ms, ms / result.pages, cpuMs() - cpu]);
}

// Warm up fonts and the barcode encoder once, as a long-running engine would be.
await renderLabels(labels(3), { layout: A4_3X7, barcode: 'both', title: 'warm' });
await time('A4 3×7, Code 128', A4_3X7, 'code128');
await time('A4 3×7, Code 128 + QR', A4_3X7, 'both');
await time('roll 60×40, Code 128', rollLayout('60×40', 60, 40), 'code128');
await time('roll 60×40, Code 128 + QR', rollLayout('60×40', 60, 40), 'both');

// The whole operation on an encrypted archive.
const dir = mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-labels-'));
try {
  const session = await createArchive(path.join(dir, 'archive'), { username: 'admin', displayName: '管理员', password: 'bench password' }, { kdfCost: { N: 2 ** 10, r: 8, p: 1 } });
  const client = await session.call('clients.create', { name: NAMES[0]! });
  const numbers: string[] = [];
  for (let i = 0; i < COUNT; i++) numbers.push((await session.call('files.create', { clientId: client.id, title: `客户基本资料 ${i + 1}` })).archiveNo);
  // Each print once cold (no warm-up: a new worker thread reads and parses the fonts), once right
  // at unlock (ArchiveHost starts the warm-up there; it is still running), once after it (the
  // clerk reaches the print dialog), then warm runs.
  const scenarios: [LabelBarcode, string, () => Promise<void>][] = [
    ['both', 'cold (no warm-up)', endIdleWorkers],
    ['both', 'first, right at unlock (warm-up running)', async () => (await endIdleWorkers(), void warmUp())],
    ['both', 'first, after the warm-up', async () => (await endIdleWorkers(), await warmUp())],
    ['code128', 'first, after the warm-up', async () => (await endIdleWorkers(), await warmUp())],
    ['code128', 'warm', async () => {}],
    ['both', 'warm', async () => {}],
    ['qr', 'warm', async () => {}],
  ];
  for (const [barcode, when, before] of scenarios) {
    await before();
    const started = performance.now();
    const cpu = cpuMs();
    const result = await session.call('labels.print', { archiveNos: numbers, layout: 'A4 3×7', kind: 'spine', barcode });
    const ms = performance.now() - started;
    const name = barcode === 'both' ? 'Code 128 + QR' : barcode === 'qr' ? 'QR' : 'Code 128';
    rows.push([`labels.print, A4 3×7, ${name}, ${when}`, result.pages, ms, ms / result.pages, cpuMs() - cpu]);
  }
  session.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `${COUNT} labels; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs`,
);
console.log(['scenario'.padEnd(72), 'pages'.padStart(6), 'total'.padStart(10), 'per page'.padStart(10), 'CPU'.padStart(10)].join(''));
for (const [name, pages, ms, per, cpu] of rows) {
  console.log(
    [name.padEnd(72), String(pages).padStart(6), `${(ms / 1000).toFixed(2)} s`.padStart(10), `${per.toFixed(1)} ms`.padStart(10), `${(cpu / 1000).toFixed(2)} s`.padStart(10)].join(
      '',
    ),
  );
}
// The cold print is the baseline the warm-up removes, shown for comparison: not held to the target.
const slowest = Math.max(...rows.filter((r) => !r[0].includes('no warm-up')).map((r) => r[2]));
console.log(slowest < 3000 ? `all under 3 s (slowest ${(slowest / 1000).toFixed(2)} s)` : `SLOWER THAN 3 s: ${(slowest / 1000).toFixed(2)} s`);
process.exitCode = slowest < 3000 ? 0 : 1;
