/**
 * 扫描件完整性检查 from Settings, as an administrator does it, keyboard only at 1024x700: a
 * damaged byte, a deleted blob and a stray file are each named by file, item and scan with
 * what to do; a clean archive is all intact; the check shows its progress and can be
 * cancelled; a clerk has no such section and the engine refuses the check to them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, call, expect, fullPageShot, initArchive, shot, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = zhCN.ui;
const CLERK = { username: 'li.clerk', displayName: '李文员', password: 'clerk-password-1' };

/** A PDF of `pages` text pages. */
async function textPdf(file: string, pages: number, title = 'Page'): Promise<void> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (let i = 1; i <= pages; i++) doc.addPage({ size: 'A4' }).fontSize(28).text(`${title} ${i} of ${pages}`, 72, 72);
  doc.end();
  await done;
  writeFileSync(file, Buffer.concat(chunks));
}

function dossier(archiveDir: string, args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args, '--archive', archiveDir, '--user', ADMIN.username, '--json'], {
    env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`dossier ${args[0]} failed (${result.status ?? result.signal ?? String(result.error)}): ${result.stderr}${result.stdout.slice(-500)}`);
  return result.stdout;
}

const blobFiles = (archiveDir: string) => new Set(readdirSync(path.join(archiveDir, 'blobs')).filter((n) => n.endsWith('.blob')));

/** A file with its client, made with the command line; returns its archive number. */
function seedFile(archiveDir: string, items: string[]): string {
  initArchive(archiveDir, '客户档案室');
  const cli = (operation: string, input: unknown) => JSON.parse(dossier(archiveDir, ['call', operation, '--input', JSON.stringify(input)])) as { id: string; archiveNo: string };
  const client = cli('clients.create', { name: '上海浦江物流股份有限公司' });
  const file = cli('files.create', { clientId: client.id, title: '客户基本资料' });
  for (const title of items) cli('items.add', { archiveNo: file.archiveNo, title, pageCount: 1 });
  return file.archiveNo;
}

/** Adds one scan to an item and returns the path of the blob file it made. */
function addScan(archiveDir: string, archiveNo: string, seq: number, pdf: string): string {
  const before = blobFiles(archiveDir);
  dossier(archiveDir, ['scan', 'add', '--no-ocr', '--file', archiveNo, '--item', String(seq), pdf]);
  const made = [...blobFiles(archiveDir)].filter((n) => !before.has(n));
  expect(made).toHaveLength(1);
  return path.join(archiveDir, 'blobs', made[0]!);
}

/** Flips one byte in the middle of a file, as a failing disk would. */
function flipByte(file: string): void {
  const at = Math.floor(statSync(file).size / 2);
  const fd = openSync(file, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0x01;
  writeSync(fd, byte, 0, 1, at);
  closeSync(fd);
}

/** Settings → 扫描件 with the keyboard. */
async function openScansSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('settings-tab-scans').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scan-verify')).toContainText(ui.scanVerify.intro);
}

async function startCheck(page: Page): Promise<void> {
  await page.getByTestId('scan-verify-start').focus();
  await page.keyboard.press('Enter');
}

test('a damaged, a missing and a stray stored file are named by file, item and scan, with what to do', async ({ page, dossier: server }, testInfo) => {
  test.setTimeout(240_000);
  const dir = testInfo.outputPath('in');
  mkdirSync(dir, { recursive: true });
  const archiveNo = seedFile(server.archiveDir, ['授权委托书', '营业执照', '税务登记证']);
  const names = ['授权委托书.pdf', '营业执照.pdf', '税务登记证.pdf'];
  const blobs: string[] = [];
  for (const [i, name] of names.entries()) {
    const pdf = path.join(dir, name);
    await textPdf(pdf, i + 1);
    blobs.push(addScan(server.archiveDir, archiveNo, i + 1, pdf));
  }
  flipByte(blobs[0]!);
  rmSync(blobs[1]!);

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  await signIn(page);
  // A leftover no scan uses (made after unlocking, which sweeps them itself).
  const stray = path.join(server.archiveDir, 'blobs', `${randomBytes(16).toString('hex')}.blob`);
  writeFileSync(stray, randomBytes(4096));

  await openScansSettings(page);
  await expect(page.getByTestId('scan-verify-start')).toHaveText(ui.scanVerify.start);
  await shot(page, testInfo, 'scan-verify-before');
  await startCheck(page);

  const summary = page.getByTestId('scan-verify-summary');
  await expect(summary).toHaveText('已检查 3 个存储文件：1 个完好，1 个缺失，1 个损坏，1 个多余。', { timeout: 60_000 });
  // The result has the focus once the check ends; the next key goes on from there.
  await expect(page.getByTestId('scan-verify-status')).toBeFocused();

  const corrupt = page.getByTestId('scan-verify-corrupt');
  await expect(corrupt.getByRole('heading')).toHaveText('损坏（1）');
  await expect(corrupt).toContainText(ui.scanVerify.corrupt.meaning);
  await expect(corrupt).toContainText(ui.scanVerify.corrupt.todo);
  const corruptRow = corrupt.getByTestId('scan-verify-row');
  await expect(corruptRow).toHaveCount(1);
  await expect(corruptRow.getByTestId('scan-verify-archive-no')).toHaveText(archiveNo);
  await expect(corruptRow.getByTestId('scan-verify-item')).toHaveText('第 1 件');
  await expect(corruptRow.getByTestId('scan-verify-scan')).toHaveText('授权委托书.pdf');
  await expect(corruptRow).toContainText(path.basename(blobs[0]!));

  const missing = page.getByTestId('scan-verify-missing');
  await expect(missing.getByRole('heading')).toHaveText('缺失（1）');
  await expect(missing).toContainText(ui.scanVerify.missing.todo);
  const missingRow = missing.getByTestId('scan-verify-row');
  await expect(missingRow.getByTestId('scan-verify-item')).toHaveText('第 2 件');
  await expect(missingRow.getByTestId('scan-verify-scan')).toHaveText('营业执照.pdf');

  const orphaned = page.getByTestId('scan-verify-orphaned');
  await expect(orphaned.getByRole('heading')).toHaveText('多余（1）');
  await expect(orphaned).toContainText('检查已删除其中 1 个，无需再处理。');
  await expect(orphaned).toContainText(path.basename(stray));
  expect(existsSync(stray)).toBe(false);
  // The intact scan is not listed; Chinese mode shows no English words in the report's own text.
  await expect(page.getByTestId('scan-verify-report')).not.toContainText('税务登记证.pdf');
  for (const text of await page.locator('[data-testid="scan-verify"] :is(h2, h3, p, th)').allInnerTexts()) expect(text).not.toMatch(/[A-Za-z]{2,}/);
  await fullPageShot(page, testInfo, 'scan-verify-problems');
  await corrupt.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'scan-verify-problems-window');

  // The archive number opens the file page.
  await corruptRow.getByTestId('scan-verify-file-link').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('file-archive-no')).toHaveText(archiveNo);

  // Back in Settings the last check is still shown.
  await openScansSettings(page);
  await expect(summary).toHaveText('已检查 3 个存储文件：1 个完好，1 个缺失，1 个损坏，1 个多余。');
  await expect(page.getByTestId('scan-verify-start')).toHaveText(ui.scanVerify.again);

  // In English, the same report in English words.
  await page.getByTestId('lang-en').focus();
  await page.keyboard.press('Enter');
  await expect(summary).toHaveText('Checked 3 stored files: 1 intact, 1 missing, 1 damaged, 1 orphaned.');
  await expect(corrupt.getByRole('heading')).toHaveText('Damaged (1)');
  await expect(corruptRow.getByTestId('scan-verify-item')).toHaveText('Item 1');
  await expect(page.getByTestId('scan-verify-orphaned')).toContainText('The check removed 1 of them; nothing more to do.');
  await shot(page, testInfo, 'scan-verify-problems-en');
});

test('the check shows its progress and can be cancelled; a clean archive is all intact; a clerk has no check', async ({ page, dossier: server }, testInfo) => {
  test.setTimeout(360_000);
  const dir = testInfo.outputPath('pdf');
  mkdirSync(dir, { recursive: true });
  const archiveNo = seedFile(server.archiveDir, ['授权委托书']);
  // Many small scans: the check takes a few seconds, long enough to watch and cancel.
  const count = 1000;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `p${i}.pdf`);
    await textPdf(file, 1, `Receipt ${i}`);
    files.push(file);
  }
  // In batches (one scan add takes at most 1000 files), without reading their text (not what is tested here).
  for (let i = 0; i < count; i += 200) dossier(server.archiveDir, ['scan', 'add', '--no-ocr', '--file', archiveNo, ...files.slice(i, i + 200)]);

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  await signIn(page);
  await openScansSettings(page);
  await startCheck(page);

  const progress = page.getByTestId('scan-verify-progress');
  await expect(progress.getByTestId('scan-verify-count')).toHaveText(new RegExp(`^已检查 \\d+ / ${count} 个存储文件$`));
  await expect(progress.locator('progress')).toHaveAttribute('max', String(count));
  await expect(page.getByTestId('scan-verify-status')).toBeFocused();
  await shot(page, testInfo, 'scan-verify-running');
  // Tab reaches the cancel button; the app's confirmation has "keep running" focused, Tab then Enter cancels.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('scan-verify-cancel')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scan-verify-cancelled')).toHaveText(ui.scanVerify.cancelled, { timeout: 30_000 });
  await expect(page.getByTestId('scan-verify-report')).toHaveCount(0);

  // Again, to the end: all intact.
  await startCheck(page);
  const summary = page.getByTestId('scan-verify-summary');
  await expect(summary).toHaveText(new RegExp(`^已检查全部 ${count} 个存储文件（共 [\\d.]+ [KM]B）：全部完好。$`), { timeout: 120_000 });
  await expect(summary).toHaveClass(/msg-ok/);
  await expect(page.locator('[data-testid="scan-verify-row"]')).toHaveCount(0);
  await shot(page, testInfo, 'scan-verify-intact');
  // The jobs tray says it in words too.
  await page.getByTestId('jobs-button').focus();
  await page.keyboard.press('Enter');
  const row = page.locator('[data-testid="job-row"][data-operation="scans.verify"][data-state="done"]');
  await expect(row.getByTestId('job-outcome')).toHaveText(`${count} 个存储文件全部完好`);
  await page.keyboard.press('Escape');

  // A clerk: no settings, and the engine refuses the check.
  await call(page, 'users.create', { username: CLERK.username, displayName: CLERK.displayName, password: CLERK.password, role: 'clerk' });
  await page.getByTestId('lock-button').focus();
  await page.keyboard.press('Enter');
  await signIn(page, CLERK);
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
  await expect(page.getByTestId('scan-verify')).toHaveCount(0);
  const refused = await page.evaluate(async () => {
    const token = sessionStorage.getItem('dossier.token');
    const response = await fetch('/api/jobs.start', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ operation: 'scans.verify', input: {} }),
    });
    return (await response.json()) as { ok: boolean; error?: { code: string } };
  });
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('auth.forbidden');
});
