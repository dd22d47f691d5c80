/**
 * Long work as jobs in a real browser: an import of thousands of rows uploads its file, runs
 * with progress in the tray and can be cancelled leaving nothing written; a finished import's
 * result shows in the tray; an export downloads through the download route.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { expect, initArchive, signIn, test } from './fixtures.js';

const ui = zhCN.ui;

/** A client list of `rows` rows with distinct names. */
function clientsCsv(rows: number, prefix: string): Buffer {
  const lines = ['客户名称,联系人,联系电话,客户经理'];
  for (let i = 1; i <= rows; i++) lines.push(`${prefix}贸易有限公司${String(i).padStart(5, '0')},联系人${i},138${String(i).padStart(8, '0')},销售部 张伟`);
  return Buffer.from(`\ufeff${lines.join('\r\n')}`, 'utf8');
}

async function clientTotal(page: Page, total: number): Promise<void> {
  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-total')).toHaveText(ui.clients.total.replace('{{total}}', total.toLocaleString('zh-CN')));
}

test('an import runs as a job: progress in the tray, cancel writes nothing, a finished one shows its result; an export downloads', async ({ page, dossier }) => {
  initArchive(dossier.archiveDir, '客户档案室');
  await page.goto(dossier.url);
  await signIn(page);
  await expect(page.getByTestId('jobs-running-count')).toHaveCount(0);

  // The file goes to the upload route as bytes, never as base64 in a JSON call.
  const jsonBodies: string[] = [];
  const uploads: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.includes('/api/upload')) uploads.push(url);
    else if (url.includes('/api/import.') || url.includes('/api/jobs.start')) jsonBodies.push(request.postData() ?? '');
  });

  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: '大客户名单.csv', mimeType: 'text/csv', buffer: clientsCsv(30000, '滨江') });
  await page.getByTestId('dry-run-button').click();
  await expect(page.getByTestId('import-summary')).toContainText('30000 行', { timeout: 60_000 });
  expect(uploads.length).toBe(1);
  expect(jsonBodies.some((body) => body.includes('contentBase64'))).toBe(false);

  // Run it, and while it writes, cancel it from the tray after the application's own confirmation.
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('jobs-running-count')).toHaveText('1');
  await page.getByTestId('jobs-button').click();
  const runRow = page.locator('[data-testid="job-row"][data-operation="import.run"]').first();
  await expect(runRow).toHaveAttribute('data-state', 'running');
  await expect(runRow).toContainText(ui.jobs.operations.import.run);
  await expect(runRow).toContainText('大客户名单.csv');
  await expect(runRow.getByTestId('job-progress')).toBeVisible();
  await expect(runRow.locator('progress')).toBeVisible();
  // The screen stays usable while it runs.
  await page.getByTestId('nav-search').click();
  await expect(page.getByTestId('jobs-panel')).toBeHidden();
  await page.getByTestId('jobs-button').click();
  await runRow.getByTestId('job-cancel').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(ui.jobs.cancelTitle);
  await page.getByTestId('confirm-ok').click();
  await expect(runRow).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
  await expect(runRow.getByTestId('job-outcome')).toHaveText(zhCN.errors['job.cancelled']);
  await expect(page.getByTestId('jobs-running-count')).toHaveCount(0);
  await page.getByTestId('jobs-button').click();
  await clientTotal(page, 0);

  // A small import that completes: its result in the tray.
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: '新客户.csv', mimeType: 'text/csv', buffer: clientsCsv(3, '西湖') });
  await page.getByTestId('dry-run-button').click();
  await expect(page.getByTestId('import-summary')).toContainText('3 行正确');
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-summary')).toContainText('导入完成：新建客户 3 户');
  await page.getByTestId('jobs-button').click();
  const doneRow = page.locator('[data-testid="job-row"][data-operation="import.run"][data-state="done"]');
  await expect(doneRow).toHaveCount(1);
  await expect(doneRow.getByTestId('job-outcome')).toContainText('导入完成：新建客户 3 户');
  await expect(doneRow).toContainText('新客户.csv');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('jobs-panel')).toBeHidden();
  await clientTotal(page, 3);

  // An export downloads its file through the download route.
  const downloadRoute = page.waitForRequest((request) => request.url().includes('/api/download/'));
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv-button').click();
  await downloadRoute;
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const content = readFileSync((await file.path())!, 'utf8');
  expect(content).toContain('西湖贸易有限公司00001');
  expect(content).toContain('西湖贸易有限公司00003');
  expect(content).not.toContain('滨江');
  await page.getByTestId('jobs-button').click();
  const exportRow = page.locator('[data-testid="job-row"][data-operation="export.create"]');
  await expect(exportRow).toHaveAttribute('data-state', 'done');
  await expect(exportRow.getByTestId('job-download')).toBeVisible();
});
