/** An export holds what the screen shows: the on-loan list filtered to overdue, the client list filtered by a search. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ADMIN, expect, test, initDemoArchive } from './fixtures.js';

async function exportCsv(page: Page): Promise<string[]> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv-button').click();
  const file = await download;
  return readFileSync((await file.path())!, 'utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r?\n/)
    .slice(1);
}

test('exports hold the rows the screen shows', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');

  await page.getByTestId('nav-loans').click();
  const rows = page.getByTestId('loan-row');
  await expect(rows.first()).toBeVisible();
  const all = await rows.count();
  await page.getByTestId('only-overdue').check();
  const overdue = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-archive-no')!));
  expect(overdue.length).toBeGreaterThan(0);
  expect(overdue.length).toBeLessThan(all);
  const lines = await exportCsv(page);
  expect(lines).toHaveLength(overdue.length);
  for (const archiveNo of overdue) expect(lines.some((l) => l.startsWith(archiveNo))).toBe(true);

  await page.getByTestId('nav-clients').click();
  const clientRows = page.getByTestId('client-row');
  const total = page.getByTestId('client-total');
  await expect(clientRows.first()).toBeVisible();
  const count = async () => Number((await total.innerText()).replace(/\D/g, ''));
  const everyone = await count();
  const name = (await clientRows.first().locator('td').first().innerText()).trim();
  await page.getByTestId('client-search').fill(name);
  await expect.poll(count).toBeLessThan(everyone);
  const shown = await count();
  const exported = await exportCsv(page);
  expect(exported.length).toBe(shown);
  expect(exported.some((line) => line.startsWith(`${name},`))).toBe(true);
});

test('the on-loan list sorts by a column header, borrowers by pinyin', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('nav-loans').click();
  const rows = page.getByTestId('loan-row');
  await expect(rows.first()).toBeVisible();
  const borrowers = () => rows.evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[3]!.textContent!.trim()));
  const pinyin = new Intl.Collator('zh-u-co-pinyin', { numeric: true, sensitivity: 'base' });
  await page.getByTestId('sort-borrower').click();
  const ascending = await borrowers();
  expect(ascending).toEqual([...ascending].sort(pinyin.compare));
  await expect(page.locator('th[aria-sort="ascending"]')).toHaveCount(1);
  await page.getByTestId('sort-borrower').click();
  expect(await borrowers()).toEqual([...ascending].sort(pinyin.compare).reverse());
  await expect(page.locator('th[aria-sort="descending"]')).toHaveCount(1);
});

test('the handover register opens on the last 30 days and keeps the chosen period', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('nav-handovers').click();
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const today = new Date();
  const monthAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 30);
  await expect(page.getByTestId('handovers-from')).toHaveValue(iso(monthAgo));
  await expect(page.getByTestId('handovers-to')).toHaveValue(iso(today));
  await page.getByTestId('handovers-from').fill('2026-01-01');
  await page.getByTestId('nav-loans').click();
  await page.getByTestId('nav-handovers').click();
  await expect(page.getByTestId('handovers-from')).toHaveValue('2026-01-01');
});

test('an address without a valid token says plainly what is wrong and how to get the right one', async ({ page, dossier }) => {
  const base = dossier.url.replace(/#.*$/, '');
  for (const url of [base, `${base}#token=from-an-earlier-launch`]) {
    await page.goto('about:blank');
    await page.goto(url);
    const card = page.getByTestId('bad-address');
    await expect(card).toBeVisible();
    await expect(card).toContainText('dossier serve');
    await expect(card).toContainText('#token=');
  }
});
