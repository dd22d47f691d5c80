/** Search results and a location's file list sort by their column headers: names by pinyin, either way; kinds and statuses in their own order. */
import { expect, initDemoArchive, shot, signIn, test } from './fixtures.js';

const pinyin = new Intl.Collator('zh-u-co-pinyin');
const codePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

test.use({ viewport: { width: 1024, height: 700 } });

test('search results: ranked until a header is chosen, then by pinyin either way; Enter opens the first row shown', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-search').press('Enter');
  await page.getByTestId('search-filter-kind-client').check();
  await page.getByTestId('search-input').fill('有限公司');
  const rows = page.getByTestId('search-result');
  await expect.poll(() => rows.count()).toBeGreaterThan(4);
  const labels = () => rows.evaluateAll((els) => els.map((e) => e.querySelector('.hit-link')!.textContent!.trim()));
  await expect(page.getByTestId('sort-label').locator('..')).toHaveAttribute('aria-sort', 'none');

  // Keyboard only: Tab to the header, Enter sorts.
  await page.getByTestId('sort-label').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sort-label').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  const asc = await labels();
  expect(asc).toEqual([...asc].sort(pinyin.compare));
  // Not code point order (上海 before 北京 there).
  expect(asc).not.toEqual([...asc].sort(codePoint));
  await shot(page, testInfo, 'search-sorted-zh');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sort-label').locator('..')).toHaveAttribute('aria-sort', 'descending');
  const desc = await labels();
  expect(desc).toEqual([...asc].reverse());

  // The highlighted row follows the order shown: Enter in the query box opens the first one.
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(desc[0]!);
});

test('a location’s file list: archive number, title by pinyin, client, status', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-locations').click();
  await page.getByTestId('location-node').filter({ hasText: '一号库房' }).first().click();
  const rows = page.getByTestId('location-file-row');
  await expect.poll(() => rows.count()).toBeGreaterThan(4);
  const cells = (n: number) => rows.evaluateAll((els, i) => els.map((e) => e.querySelectorAll('td')[i]!.textContent!.trim()), n);
  const column = async (testId: string) =>
    page
      .getByTestId('location-files')
      .locator('thead th')
      .evaluateAll((ths, id) => ths.findIndex((th) => th.querySelector(`[data-testid="${id}"]`)), testId);

  const clientAt = await column('sort-clientName');
  await page.getByTestId('sort-clientName').click();
  await expect(page.getByTestId('sort-clientName').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  const clients = await cells(clientAt);
  expect(new Set(clients).size).toBeGreaterThan(1);
  expect(clients).toEqual([...clients].sort(pinyin.compare));
  await shot(page, testInfo, 'location-files-sorted-zh');
  await page.getByTestId('sort-clientName').click();
  expect(await cells(clientAt)).toEqual([...clients].reverse());

  const noAt = await column('sort-archiveNo');
  await page.getByTestId('sort-archiveNo').click();
  const numbers = await cells(noAt);
  expect(numbers).toEqual([...numbers].sort(pinyin.compare));

  const statusAt = await column('sort-status');
  await page.getByTestId('sort-status').click();
  await expect(page.getByTestId('sort-status').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  const statuses = await cells(statusAt);
  // 在库 (in the archive) first: the statuses in their own order, not by their names.
  expect(statuses[0]).toBe('在库');
});
