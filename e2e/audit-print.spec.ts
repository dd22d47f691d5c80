/**
 * The audit log's print button: the report of what the screen is filtered to opens in the print
 * preview, and the saved PDF holds those entries and the anchor code the chain panel shows.
 */
import { execFileSync } from 'node:child_process';
import { ADMIN, expect, test, initDemoArchive, shot } from './fixtures.js';

test.use({ viewport: { width: 1024, height: 700 } });

test('the audit report prints what the log shows, with the anchor at print time', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();

  // Circulation only: the report lists the same entries.
  const total = page.getByTestId('audit-total');
  const count = async () => Number((await total.innerText()).replace(/\D/g, ''));
  const everything = await count();
  await page.getByTestId('audit-action').selectOption('group:loans');
  await expect.poll(count).toBeLessThan(everything);
  const shown = await count();
  const first = (await page.getByTestId('audit-summary').first().innerText()).replace(/\s+/g, '');

  await page.getByTestId('print-audit-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('print-page').first()).toBeVisible({ timeout: 60_000 });
  await shot(page, testInfo, 'audit-report-preview');
  const download = page.waitForEvent('download');
  await page.getByTestId('print-save').click();
  const file = testInfo.outputPath('audit-report.pdf');
  await (await download).saveAs(file);
  await page.getByTestId('print-close').click();

  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain('审计日志报告');
  expect(text).toContain('操作：借阅（全部）');
  expect(text).toContain(`共${shown}条`);
  expect(text).toContain(first);
  expect(text).toMatch(/锚点码：DA-\d+-[0-9A-Z]{11}/);
  // The print itself is in the log now.
  await page.getByTestId('audit-clear').click();
  await expect.poll(count).toBe(everything + 1);
});
