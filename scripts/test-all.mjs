#!/usr/bin/env node
/**
 * The whole suite: lint, format check, type check per layer, unit tests (vitest), end-to-end
 * tests (Playwright in Debian's Chromium against browser mode). Prints one closing line with the counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const totals = { passed: 0, failed: 0, skipped: 0 };

function step(title, command, args, env = {}) {
  console.log(`\n━━ ${title} ━━`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// 1. Static checks: each one counted as one test.
function check(title, command, args, hint) {
  const status = step(title, command, args);
  if (status === 0) totals.passed++;
  else {
    totals.failed++;
    console.log(`   ✗ ${title} failed${hint ? `: ${hint}` : ''}`);
  }
  return status;
}
const lintStatus = check('Lint (eslint)', bin('eslint'), ['.'], 'see the problems above (`npm run lint`)');
const formatStatus = check('Format check (prettier)', bin('prettier'), ['--check', '--cache', '.'], 'the files listed above are not formatted: `npm run format` rewrites them');
// Each layer with only its own types (tsconfig.<layer>.json); tsc -b keeps its cache in .tmp/tsc.
const layers = ['shared', 'engine', 'renderer', 'node', 'dom-node'].map((layer) => `tsconfig.${layer}.json`);
const tscStatus = check('Type check per layer (tsc -b)', bin('tsc'), ['-b', ...layers], 'see the errors above (`npm run typecheck`)');
const staticStatus = lintStatus || formatStatus || tscStatus;

// 2. Unit tests.
const vitestJson = path.join(out, 'vitest.json');
const vitestStatus = step('Unit tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  // A test file that fails to load has no failed test of its own: count it once.
  if (vitest.numFailedTests === 0 && vitestStatus !== 0) totals.failed++;
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
} else if (vitestStatus !== 0) totals.failed++;

// 3. End-to-end: build the renderer the way `npm start` serves it, then drive it in Chromium.
const buildStatus = step('Build the renderer (vite)', bin('vite'), ['build', '--logLevel', 'warn']);
if (buildStatus !== 0) totals.failed++;
else {
  const playwrightJson = path.join(out, 'playwright.json');
  const e2eStatus = step('End-to-end tests (Playwright, Chromium)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
  const stats = readJson(playwrightJson)?.stats;
  if (stats) {
    totals.passed += stats.expected + (stats.flaky ?? 0);
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped ?? 0;
  } else if (e2eStatus !== 0) totals.failed++;
}

if (existsSync(path.join(root, 'test-results'))) console.log('\nScreenshots and traces: test-results/');
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 && staticStatus === 0 ? 0 : 1);
