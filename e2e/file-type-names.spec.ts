/** File types have an English name: set in Settings, shown in English mode only (settings list, file page); Chinese mode shows none. */
import { expect, initDemoArchive, shot, signIn, test } from './fixtures.js';

test.use({ viewport: { width: 1024, height: 700 } });

test('a file type reads in English in English mode and in Chinese in Chinese mode; the English name is edited in Settings', async ({ page, dossier }, testInfo) => {
  test.setTimeout(120_000);
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);

  // Chinese mode: the file page names the type in Chinese only.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-type')).toHaveText('客户档案');

  // English mode: the shipped English name.
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('file-type')).toHaveText('Client file');

  // Settings (keyboard only): a new English name for the client file.
  await page.getByTestId('nav-settings').press('Enter');
  await page.getByTestId('settings-tab-filetypes').press('Enter');
  const row = page.locator('[data-testid="filetype-row"][data-code="client"]');
  await expect(row.getByTestId('filetype-name')).toHaveText('Client file');
  // An administrator working in English also sees the Chinese name the Chinese interface shows.
  await expect(row).toContainText('客户档案');
  await row.getByTestId('edit-filetype-button').press('Enter');
  await expect(page.getByTestId('filetype-name-en-input')).toHaveValue('Client file');
  await page.getByTestId('filetype-name-en-input').fill('Customer file');
  await page.getByTestId('filetype-name-en-input').press('Enter');
  await expect(page.getByTestId('filetype-form')).toBeHidden();
  await expect(row.getByTestId('filetype-name')).toHaveText('Customer file');
  await shot(page, testInfo, 'filetypes-en');

  // Chinese mode: the settings list shows no English name.
  await page.getByTestId('lang-zh-CN').click();
  await expect(row.getByTestId('filetype-name')).toHaveText('客户档案');
  expect(await row.locator('td').first().innerText()).not.toMatch(/Customer|Client|file/);
  // The saved notice names the type in the language now shown.
  await expect(page.getByTestId('message')).toContainText('客户档案');
  await expect(page.getByTestId('message')).not.toContainText('Customer');
  // At 1024 px the page itself does not scroll sideways (the heading stays in view).
  expect(await page.locator('.app-main').evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
  // Nor does the table need to: every column fits.
  expect(await page.getByTestId('filetypes-table').evaluate((e) => e.scrollWidth - e.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
  await shot(page, testInfo, 'filetypes-zh');

  await page.getByTestId('lang-en').click();
  await page.getByTestId('nav-clients').press('Enter');
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-type')).toHaveText('Customer file');
});
