import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { expect, signIn, test, initDemoArchive, fullPageShot as shot } from './fixtures.js';

const ui = zhCN.ui;

/** A demo archive created from the command line (36 clients, their files and contents lists). */

/** The results on screen once the search has settled: `kind/confidentiality` per row. */
async function settledResults(page: Page): Promise<string[]> {
  await expect(page.getByTestId('search-table')).toHaveAttribute('aria-busy', 'false');
  return page.getByTestId('search-result').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')}/${r.getAttribute('data-confidentiality') ?? ''}`));
}

const kindsOf = (rows: string[]) => [...new Set(rows.map((r) => r.split('/')[0]))].sort();
const levelsOf = (rows: string[]) => [...new Set(rows.map((r) => r.split('/')[1]))].sort();

test('the search page finds clients, files and items by a fragment, narrows by filters and opens a file', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);

  await page.getByTestId('nav-search').click();
  await expect(page.getByTestId('search-page')).toBeVisible();
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();

  // A two-character fragment of a client name: the clients, their files and contents-list items.
  await input.fill('宏远');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  await expect.poll(async () => kindsOf(await settledResults(page))).toEqual(['client', 'file', 'item']);
  const all = await settledResults(page);
  await expect(page.getByTestId('search-result').filter({ hasText: '宏远' }).first()).toBeVisible();
  await shot(page, testInfo, '01-search-zh');

  // Only clients.
  await page.getByTestId('search-filter-kind-client').check();
  await expect.poll(async () => kindsOf(await settledResults(page))).toEqual(['client']);
  const clientsOnly = await settledResults(page);
  expect(clientsOnly.length).toBeGreaterThan(0);
  expect(clientsOnly.length).toBeLessThan(all.length);
  await page.getByTestId('search-filter-kind-client').uncheck();
  await expect.poll(async () => (await settledResults(page)).length).toBe(all.length);

  // Only 秘密 (restricted): clients carry no confidentiality and drop out, so do normal files.
  await page.getByTestId('search-filter-confidentiality').getByLabel(zhCN.enums.confidentiality.restricted).check();
  await expect.poll(async () => levelsOf(await settledResults(page))).toEqual(['restricted']);
  const restricted = await settledResults(page);
  expect(restricted.length).toBeLessThan(all.length);
  expect(kindsOf(restricted)).not.toContain('client');
  await expect(page.getByTestId('search-result').first().locator('.badge-conf-restricted')).toBeVisible();
  await shot(page, testInfo, '02-restricted-zh');
  await page.getByTestId('search-filter-confidentiality').getByLabel(zhCN.enums.confidentiality.restricted).uncheck();

  // Typed in Traditional characters, the Simplified records are found.
  await input.fill('宏遠');
  await expect.poll(async () => (await settledResults(page)).length).toBe(all.length);
  await expect(page.getByTestId('search-result').filter({ hasText: '宏远' }).first()).toBeVisible();
  await input.fill('檔案');
  await expect(page.getByTestId('search-result').filter({ hasText: '档案' }).first()).toBeVisible();

  // A file hit opens its file page.
  await page.getByTestId('search-filter-kind-file').check();
  await expect.poll(async () => kindsOf(await settledResults(page))).toEqual(['file']);
  const fileHit = page.getByTestId('search-result').first();
  const archiveNo = (await fileHit.locator('td.mono').textContent())!.trim();
  expect(archiveNo).toMatch(/^KH-/);
  await fileHit.click();
  await expect(page.getByTestId('file-page')).toBeVisible();
  await expect(page.getByTestId('file-archive-no')).toContainText(archiveNo);

  // Enter in the header box with nothing to choose opens the search page with the words typed.
  await page.getByTestId('global-search').fill('不存在的客户名称');
  await expect(page.getByTestId('search-results')).toContainText(ui.search.none);
  await page.getByTestId('global-search').press('Enter');
  await expect(page.getByTestId('search-page')).toBeVisible();
  await expect(page.getByTestId('search-input')).toHaveValue('不存在的客户名称');
  await expect(page.getByTestId('search-none')).toHaveText(ui.searchPage.none);

  // English.
  await page.getByTestId('search-input').fill('宏远');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('search-page')).toContainText('Confidentiality');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  await shot(page, testInfo, '03-search-en');
});

test('a client due for re-verification is marked verified from the follow-up list and leaves it', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);

  await page.getByTestId('nav-clients').click();
  const open = page.getByTestId('verification-open');
  await expect(open).toContainText(ui.verification.open.replace(' ({{count}})', ''));
  await open.click();
  const list = page.getByTestId('verification-list');
  await expect(list).toBeVisible();
  await expect(page.getByTestId('verification-interval')).toContainText('90');
  const rows = page.getByTestId('verification-row');
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();
  await expect(open).toHaveCount(0);
  await shot(page, testInfo, '01-verification-zh');

  const first = rows.first();
  const clientId = (await first.getAttribute('data-client-id'))!;
  const name = (await first.getByTestId('verification-client-link').textContent())!;
  await first.getByTestId('verification-verify-button').click();
  await expect(page.getByTestId('message')).toContainText(name);
  await expect(page.locator(`[data-testid="verification-row"][data-client-id="${clientId}"]`)).toHaveCount(0);
  await expect(rows).toHaveCount(before - 1);

  // The count on the Clients screen follows; the client page shows today's verification.
  await page.getByTestId('verification-back').click();
  await expect(page.getByTestId('verification-open')).toContainText(`(${before - 1})`);
  await page.getByTestId('verification-open').click();
  await rows.first().getByTestId('verification-client-link').click();
  await expect(page.getByTestId('client-name')).toBeVisible();
});
