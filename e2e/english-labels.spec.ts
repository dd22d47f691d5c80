/** English names of configured values (handover kinds, checklist items) in English mode, set in Settings; Chinese mode shows none. */
import { ADMIN, expect, test, initDemoArchive, fullPageShot as shot } from './fixtures.js';

test.use({ viewport: { width: 1024, height: 700 } });

test('handover kinds and checklist items read in English in English mode, Chinese in Chinese mode', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();

  // Settings: give the service kind a new English name.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-handovers').click();
  await page.locator('[data-testid="eventkind-row"][data-code="service"]').getByTestId('edit-eventkind-button').click();
  await expect(page.getByTestId('eventkind-name-en-input')).toHaveValue('After-sales service');
  await page.getByTestId('eventkind-name-en-input').fill('Service call');
  await page.getByTestId('eventkind-submit').click();
  await expect(page.getByTestId('eventkind-form')).toBeHidden();

  // Chinese mode: the register and the file page show only Chinese names.
  await page.getByTestId('nav-handovers').click();
  const kinds = page.getByTestId('handovers-row').locator('td:nth-child(4)');
  await expect(kinds.first()).toBeVisible();
  const zhKinds = (await kinds.allInnerTexts()).join('\n');
  expect(zhKinds).toMatch(/销售|售后服务|新客户接触/);
  expect(zhKinds).not.toMatch(/Sale|Service call|First contact/);
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-page')).toBeVisible();
  const checklist = page.getByTestId('checklist-item');
  await expect(checklist.first()).toContainText('营业执照');
  expect((await checklist.allInnerTexts()).join('\n')).not.toMatch(/[A-Za-z]{4,}/);

  // English mode: the same file and register in English names.
  await page.getByTestId('lang-en').click();
  await expect(checklist.first()).toContainText('Business licence');
  expect((await checklist.allInnerTexts()).join('\n')).not.toMatch(/[\u4e00-\u9fff]/);
  await shot(page, testInfo, 'file-page-en');
  await page.getByTestId('nav-handovers').click();
  await expect(kinds.first()).toBeVisible();
  const enKinds = (await kinds.allInnerTexts()).join('\n');
  expect(enKinds).toMatch(/Sale|Service call|First contact with a new client/);
  expect(enKinds).not.toMatch(/销售|售后服务|新客户接触/);
  await page.getByTestId('new-handovers-button').click();
  const options = await page.getByTestId('handovers-kind-select').locator('option').allInnerTexts();
  expect(options.some((o) => o.startsWith('Service call'))).toBe(true);
  expect(options.join('\n')).not.toMatch(/[\u4e00-\u9fff]/);
  await shot(page, testInfo, 'handovers-en');
});
