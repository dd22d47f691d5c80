/** Change histories read in the clerk's words (labels, local times, newest first) in both languages; screenshots at 1024x700. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';
import { ADMIN, expect, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
test.use({ viewport: { width: 1024, height: 700 } });

function initDemoArchive(archiveDir: string): void {
  const args = ['init', '--archive', archiveDir, '--user', ADMIN.username, '--display-name', ADMIN.displayName, '--archive-name', '客户档案室', '--demo'];
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args], { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dossier init failed: ${result.stderr}`);
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('a client’s change history: field labels, local times, newest first, in Chinese and English', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');

  // A client whose daily contact was replaced, found through the audit log.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-action').selectOption('clients.update');
  const summaries = page.getByTestId('audit-summary');
  await expect(summaries.first()).toBeVisible();
  const name = (await summaries.allInnerTexts()).map((t) => /修改客户「(.+?)」的日常联系人/.exec(t)?.[1]).find(Boolean)!;
  expect(name).toBeTruthy();
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-search').fill(name);
  await page.getByTestId('client-row').filter({ hasText: name }).first().click();

  const rows = page.getByTestId('history-row');
  await rows.first().scrollIntoViewIfNeeded();
  const zh = await rows.allInnerTexts();
  expect(zh.some((t) => t.includes('日常联系人'))).toBe(true);
  for (const text of zh) {
    expect(text).not.toMatch(/contact\.|classification\.|\d{4}-\d\d-\d\dT\d\d/);
    expect(text).not.toMatch(/\b(daily|active|terminated|grade)\b/);
  }
  const times = await rows.evaluateAll((els) => els.map((e) => e.querySelector('td')!.textContent!));
  expect(times.every((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(t))).toBe(true);
  expect([...times].sort().reverse()).toEqual(times);
  await page.getByTestId('history-table').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'history-zh');

  await page.getByTestId('lang-en').click();
  await expect(rows.filter({ hasText: 'Daily contact' }).first()).toBeVisible();
  await page.getByTestId('history-table').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'history-en');
});
