/** Change histories read in the clerk's words (labels, local times, newest first) in both languages; screenshots at 1024x700. */
import { ADMIN, expect, test, initDemoArchive, shot } from './fixtures.js';

test.use({ viewport: { width: 1024, height: 700 } });

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
