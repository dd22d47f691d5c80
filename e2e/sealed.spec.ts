/**
 * Sealed originals keep their number and pages: the file page disables what the engine would
 * refuse. Sealing, removing and returning from the on-loan list ask in the application's own
 * dialog, never the browser's confirm().
 */
import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, test, initDemoArchive } from './fixtures.js';

const ui = zhCN.ui;

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();
  // Any browser dialog fails the test: confirmations are the application's own.
  page.on('dialog', (dialog) => {
    throw new Error(`browser dialog: ${dialog.message()}`);
  });
}

async function addItem(page: Page, title: string): Promise<void> {
  await page.getByTestId('add-item-button').click();
  await page.getByTestId('item-title-input').fill(title);
  await page.getByTestId('item-submit').click();
  await expect(page.getByTestId('item-form')).toBeHidden();
}

test('a sealed original cannot be displaced by its neighbours; sealing and removing ask first', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await open(page, dossier.url);
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-page')).toBeVisible();
  const rows = page.getByTestId('item-row');
  // Three unsealed items at the end: A, B (to seal), C.
  for (const title of ['甲 材料', '乙 原件', '丙 材料']) await addItem(page, title);
  const row = (title: string) => rows.filter({ hasText: title });
  const seqOf = async (title: string) => (await row(title).locator('td').first().innerText()).trim();
  const pagesOf = async (title: string) => (await row(title).locator('td').nth(5).innerText()).trim();

  // Sealing asks; backing out seals nothing.
  await row('乙 原件').getByTestId('item-seal').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('乙 原件');
  await page.getByTestId('confirm-cancel').click();
  await expect(row('乙 原件')).toHaveAttribute('data-sealed', 'false');
  await row('乙 原件').getByTestId('item-seal').click();
  await page.getByTestId('confirm-ok').click();
  await expect(row('乙 原件')).toHaveAttribute('data-sealed', 'true');
  const seq = await seqOf('乙 原件');
  const pages = await pagesOf('乙 原件');

  // Neighbours that would shift it are disabled: A down, C up, removing A.
  await expect(row('甲 材料').getByTestId('item-down')).toBeDisabled();
  await expect(row('丙 材料').getByTestId('item-up')).toBeDisabled();
  await expect(row('甲 材料').getByTestId('item-remove')).toBeDisabled();
  await expect(row('乙 原件').getByTestId('item-up')).toBeDisabled();
  await expect(row('乙 原件').getByTestId('item-down')).toBeDisabled();
  // Items after it may still move and go (after asking).
  await expect(row('丙 材料').getByTestId('item-remove')).toBeEnabled();
  await row('丙 材料').getByTestId('item-remove').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('丙 材料');
  await page.getByTestId('confirm-ok').click();
  await expect(row('丙 材料')).toHaveCount(0);
  expect(await seqOf('乙 原件')).toBe(seq);
  expect(await pagesOf('乙 原件')).toBe(pages);

  // Seal all asks too.
  await page.getByTestId('seal-all-button').click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('message')).toHaveText(ui.filePage.sealedAllOk);
});

test("returning from the on-loan list asks in the application's dialog", async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await open(page, dossier.url);
  await page.getByTestId('nav-loans').click();
  const first = page.getByTestId('loan-row').first();
  const archiveNo = (await first.getAttribute('data-archive-no'))!;
  const count = await page.getByTestId('loan-row').count();
  await first.getByTestId('return-button').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(archiveNo);
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('loan-row')).toHaveCount(count);
  await first.getByTestId('return-button').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('message')).toContainText(archiveNo);
  await expect(page.getByTestId('loan-row')).toHaveCount(count - 1);
});
