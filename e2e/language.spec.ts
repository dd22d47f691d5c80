/** English mode shows configured values by their English labels and reads plurals right. */
import { ADMIN, expect, test, initDemoArchive } from './fixtures.js';

const CJK = /[\u3400-\u9fff]/;

test('English mode: client categories by their English labels, on the list and the client page', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('lang-en').click();
  await page.getByTestId('nav-clients').click();
  const rows = page.getByTestId('client-row');
  await expect(rows.first()).toBeVisible();
  const categories = await rows.evaluateAll((els) => els.slice(0, 12).map((row) => row.querySelectorAll('td')[3]?.textContent ?? ''));
  expect(categories.filter((c) => c.trim()).length).toBeGreaterThan(0);
  for (const category of categories) expect(category, category).not.toMatch(CJK);
  await expect(page.getByTestId('client-total')).toHaveText(/^\d+ clients$/);

  await rows.first().click();
  const facts = page.getByTestId('client-facts');
  await expect(facts).toBeVisible();
  const category = facts.locator('dt', { hasText: 'Category' }).locator('xpath=following-sibling::dd[1]');
  await expect(category).not.toHaveText(CJK);
});
