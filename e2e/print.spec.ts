/**
 * Printing a file page: only the content prints, and the contents list (卷内目录) prints
 * every item, not just the rows that fit in the window.
 */
import type { Locator, Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, test, initDemoArchive } from './fixtures.js';

const ui = zhCN.ui;

/** Rows cut off by a scrolling or clipping box around them (what would not reach the paper). */
async function clippedRows(rows: Locator): Promise<number> {
  return rows.evaluateAll(
    (els) =>
      els.filter((row) => {
        const r = row.getBoundingClientRect();
        for (let box = row.parentElement; box && box !== document.body; box = box.parentElement) {
          if (getComputedStyle(box).overflowY === 'visible') continue;
          const b = box.getBoundingClientRect();
          if (r.top < b.top - 1 || r.bottom > b.bottom + 1) return true;
        }
        return false;
      }).length,
  );
}

async function addItem(page: Page, title: string): Promise<void> {
  await page.getByTestId('add-item-button').click();
  await page.getByTestId('item-title-input').fill(title);
  await page.getByTestId('item-submit').click();
  await expect(page.getByTestId('item-form')).toBeHidden();
}

test('a file page prints its content only, with every item of the contents list', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-page')).toBeVisible();

  // More items than the window shows at once.
  const rows = page.getByTestId('item-row');
  await expect(rows.first()).toBeVisible();
  for (let n = await rows.count(); n < 14; n++) await addItem(page, `补充材料 ${n + 1}`);
  await expect(rows).toHaveCount(14);
  expect(await clippedRows(rows)).toBeGreaterThan(0);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: ui.nav.label })).toBeHidden();
  await expect(page.getByTestId('global-search')).toBeHidden();
  await expect(page.getByTestId('add-item-button')).toBeHidden();
  await expect(page.getByTestId('item-versions').first()).toBeHidden();
  await expect(page.getByRole('heading', { name: ui.filePage.contents })).toBeVisible();
  for (const row of await rows.all()) await expect(row).toBeVisible();
  expect(await clippedRows(rows)).toBe(0);
  // Over several pages the column heads repeat and no row is split.
  await expect(page.getByTestId('item-table').locator('thead')).toHaveCSS('display', 'table-header-group');
  await expect(rows.first()).toHaveCSS('break-inside', 'avoid');

  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('navigation', { name: ui.nav.label })).toBeVisible();
});
