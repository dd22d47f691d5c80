/** The department a file belongs to, on the file page at 1024x700: its account manager's by default, set by hand, set back. */
import { expect, setUpDemo, test, shot } from './fixtures.js';

test.use({ viewport: { width: 1024, height: 700 } });

test('a file follows its account manager’s department until one is chosen on the file page', async ({ page, dossier }, testInfo) => {
  await setUpDemo(page, dossier.url);
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('open-file').first().click();
  const select = page.getByTestId('file-department-select');
  // Demo account managers are staff of their departments: the default names one.
  await expect(select.locator('option:checked')).toHaveText(/按客户经理所在部门（.+部）/);
  await shot(page, testInfo, 'file-department-zh');
  await select.selectOption({ label: '法务部' });
  await expect(select.locator('option:checked')).toHaveText('法务部');
  await expect(page.getByTestId('file-department')).not.toContainText(/[A-Za-z]{3,}/);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('file-department')).toBeVisible();
  await shot(page, testInfo, 'file-department-en');
  await select.selectOption({ index: 0 });
  await expect(select.locator('option:checked')).toHaveText(/The account manager’s \(.+\)/);
});
