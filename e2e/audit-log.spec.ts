/**
 * The audit log reads as sentences with names in the interface language, filters by user,
 * action, target and period, and exports what it shows; screenshots at 1024x700 in both languages.
 */
import ExcelJS from 'exceljs';
import { ADMIN, expect, test, initDemoArchive, shot } from './fixtures.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/;

test.use({ viewport: { width: 1024, height: 700 } });

test('the audit log: sentences, filters in the engine, export of what is shown', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('nav-audit').click();

  const rows = page.getByTestId('audit-row');
  const summaries = page.getByTestId('audit-summary');
  await expect(rows.first()).toBeVisible();
  const texts = await summaries.allInnerTexts();
  expect(texts.length).toBeGreaterThan(20);
  for (const text of texts) {
    expect(text).not.toMatch(/[{}"]/);
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/\b(list|format|clients|loanId|category|strategic|normal)\b/);
  }
  // The acting user by display name.
  await expect(rows.first().locator('td').nth(2)).toHaveText(ADMIN.displayName);
  await shot(page, testInfo, 'audit-zh');

  // Action: the circulation group (lend and return) only.
  const total = page.getByTestId('audit-total');
  const count = async () => Number((await total.innerText()).replace(/\D/g, ''));
  const everything = await count();
  await page.getByTestId('audit-action').selectOption('group:loans');
  await expect.poll(count).toBeLessThan(everything);
  const actions = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  expect(new Set(actions)).toEqual(new Set(['loans.lend', 'loans.return']));

  // Target text (a borrower) narrows further; the period keeps only today's entries.
  const borrower = (await summaries.allInnerTexts()).map((t) => /借给 ([^，]+)，/.exec(t)?.[1]).find(Boolean) ?? '';
  expect(borrower).not.toBe('');
  await page.getByTestId('audit-target').fill(borrower);
  await expect.poll(async () => (await summaries.allInnerTexts()).every((t) => t.includes(borrower))).toBe(true);
  const shown = await count();

  // The export holds the filtered entries, in Chinese.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^审计日志-.*\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await file.path())!);
  const sheet = wb.worksheets[0]!;
  expect(sheet.rowCount - 1).toBe(shown);
  expect(String(sheet.getRow(1).getCell(8).value)).toBe('内容');
  expect(String(sheet.getRow(2).getCell(8).value)).toContain(borrower);

  // By user: the administrator; then cleared.
  await page.getByTestId('audit-clear').click();
  await expect.poll(count).toBe(everything + 1); // the export itself is now in the log
  await page.getByTestId('audit-user').selectOption({ label: `${ADMIN.displayName}（${ADMIN.username}）` });
  await expect(rows.first()).toBeVisible();
  expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[2]!.textContent)))).toEqual(new Set([ADMIN.displayName]));
  await page.getByTestId('audit-from').fill('2000-01-01');
  await page.getByTestId('audit-to').fill('2000-01-02');
  await expect(page.getByTestId('audit-table')).toContainText('暂无数据');
  await page.getByTestId('audit-clear').click();

  // English: the same log in English sentences; no Chinese labels of the interface.
  await page.getByTestId('lang-en').click();
  await expect(page.locator('#audit-title')).toHaveText('Audit log');
  await expect(summaries.first()).toBeVisible();
  const english = await summaries.allInnerTexts();
  expect(english.some((t) => /^Lent file /.test(t))).toBe(true);
  expect(english.some((t) => t.includes('借给') || t.includes('档案 '))).toBe(false);
  await expect(total).toHaveText(/\d+ entr(y|ies) match/);
  await shot(page, testInfo, 'audit-en');
});
