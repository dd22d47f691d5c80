/** English mode shows configured values by their English labels and reads plurals right. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, expect, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CJK = /[\u3400-\u9fff]/;

function initDemoArchive(archiveDir: string): void {
  const args = ['init', '--archive', archiveDir, '--user', ADMIN.username, '--display-name', ADMIN.displayName, '--archive-name', '客户档案室', '--demo'];
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args], { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dossier init failed: ${result.stderr}`);
}

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
