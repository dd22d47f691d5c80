/** The client list sorts in the engine by its column headers: names by pinyin, either way; credit codes; status. */
import { expect, initDemoArchive, signIn, test } from './fixtures.js';

const pinyin = new Intl.Collator('zh-u-co-pinyin');

test('client list column headers sort by pinyin name, credit code and status', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-clients').click();
  const rows = page.getByTestId('client-row');
  await expect(rows.first()).toBeVisible();
  const names = async () => (await rows.evaluateAll((els) => els.map((e) => e.querySelector('td')!.textContent!.trim()))).slice(0, 12);

  const asc = await names();
  expect(asc).toEqual([...asc].sort(pinyin.compare));
  await expect(page.getByTestId('sort-name').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  await page.getByTestId('sort-name').click();
  await expect.poll(names).not.toEqual(asc);
  const desc = await names();
  expect(desc).toEqual([...desc].sort(pinyin.compare).reverse());
  await expect(page.getByTestId('sort-name').locator('..')).toHaveAttribute('aria-sort', 'descending');

  await page.getByTestId('sort-creditCode').click();
  await expect(page.getByTestId('sort-creditCode').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  const codes = async () => (await rows.evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[1]!.textContent!.trim()))).slice(0, 12).filter(Boolean);
  await expect.poll(async () => (await codes()).length).toBeGreaterThan(2);
  const shown = await codes();
  expect(shown).toEqual([...shown].sort());
});

test('handover register column headers sort by pinyin department, either way', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-handovers').click();
  const rows = page.getByTestId('handovers-row');
  await expect(rows.first()).toBeVisible();
  const departments = async () => rows.evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[1]!.textContent!.trim()));
  expect(new Set(await departments()).size).toBeGreaterThan(1);

  await page.getByTestId('sort-department').click();
  await expect(page.getByTestId('sort-department').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  const asc = await departments();
  expect(asc).toEqual([...asc].sort(pinyin.compare));
  await page.getByTestId('sort-department').press('Enter');
  await expect(page.getByTestId('sort-department').locator('..')).toHaveAttribute('aria-sort', 'descending');
  const desc = await departments();
  expect(desc).toEqual([...desc].sort(pinyin.compare).reverse());
  expect(desc).not.toEqual(asc);
});
