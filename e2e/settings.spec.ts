import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, signIn, test, shot } from './fixtures.js';

const CLERK = { username: 'liuxin', displayName: '刘欣', password: 'clerk-password-1', department: '业务部' };

/** Creates the archive the way an administrator would from the command line. */

test('an administrator adds a clerk, a classification value, a checklist item and a new number pattern; new files follow them; the clerk has no settings', async ({
  page,
  dossier,
}, testInfo) => {
  initArchive(dossier.archiveDir, '客户档案室');
  await page.goto(dossier.url);
  await signIn(page, ADMIN);
  const year = new Date().getFullYear();

  // Users: create a clerk with restricted (秘密) clearance.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-users').click();
  await expect(page.getByTestId('user-row')).toHaveCount(1);
  await page.getByTestId('new-user-button').click();
  const userForm = page.getByTestId('user-form');
  await userForm.getByTestId('user-username-input').fill(CLERK.username);
  await userForm.getByTestId('user-display-name-input').fill(CLERK.displayName);
  await userForm.getByTestId('user-password-input').fill('short');
  await userForm.getByTestId('user-password-repeat-input').fill('short');
  await userForm.getByTestId('user-role-select').selectOption('clerk');
  await userForm.getByTestId('user-department-input').fill(CLERK.department);
  await userForm.getByTestId('user-clearance-select').selectOption('restricted');
  // A short password is refused with the translated engine message; nothing is created.
  await userForm.getByTestId('user-submit').click();
  await expect(userForm.getByTestId('error')).toHaveText(zhCN.errors['auth.weakPassword'].replace('{{min}}', '8'));
  await userForm.getByTestId('user-password-input').fill(CLERK.password);
  await userForm.getByTestId('user-password-repeat-input').fill(CLERK.password);
  await userForm.getByTestId('user-submit').click();
  await expect(userForm).toBeHidden();
  const clerkRow = page.getByTestId('user-row').filter({ hasText: CLERK.username });
  await expect(clerkRow).toContainText(CLERK.displayName);
  await expect(clerkRow).toContainText(zhCN.enums.role.clerk);
  await expect(clerkRow).toContainText(CLERK.department);
  await expect(clerkRow.getByTestId('user-clearance')).toHaveAttribute('data-clearance', 'restricted');
  await expect(clerkRow.getByTestId('user-clearance')).toContainText(zhCN.enums.confidentiality.restricted);
  // The same username again: the translated duplicate message.
  await page.getByTestId('new-user-button').click();
  await userForm.getByTestId('user-username-input').fill(CLERK.username);
  await userForm.getByTestId('user-display-name-input').fill('另一个刘欣');
  await userForm.getByTestId('user-password-input').fill(CLERK.password);
  await userForm.getByTestId('user-password-repeat-input').fill(CLERK.password);
  await userForm.getByTestId('user-submit').click();
  await expect(userForm.getByTestId('error')).toHaveText(zhCN.errors['user.duplicate'].replace('{{username}}', CLERK.username));
  await userForm.getByRole('button', { name: zhCN.ui.common.cancel }).click();
  await expect(page.getByTestId('user-row')).toHaveCount(2);

  // Classifications: a new value in 客户类别, its code following the English name.
  await page.getByTestId('settings-tab-classifications').click();
  const category = page.locator('[data-testid="scheme-row"][data-code="category"]');
  await category.getByTestId('new-value-button').click();
  await page.getByTestId('classification-label-input').fill('重点客户');
  await page.getByTestId('classification-label-en-input').fill('Key account');
  await expect(page.getByTestId('classification-code-input')).toHaveValue('key_account');
  await page.getByTestId('classification-submit').click();
  const newValue = category.getByTestId('value-row').filter({ hasText: '重点客户' });
  await expect(newValue).toHaveAttribute('data-code', 'key_account');
  // Chinese mode shows the Chinese name only; the English name and the code are kept (the edit dialog shows them).
  await expect(newValue).not.toContainText('Key account');
  await expect(page.getByTestId('message')).toContainText('重点客户');
  await shot(page, testInfo, '01-classifications');
  await newValue.getByTestId('edit-value-button').click();
  await expect(page.getByTestId('classification-label-en-input')).toHaveValue('Key account');
  await expect(page.getByTestId('classification-code-input')).toHaveValue('key_account');
  await page.getByTestId('classification-label-en-input').press('Escape');
  await expect(page.getByTestId('classification-label-en-input')).toHaveCount(0);

  // File types: the client file gets an extra checklist item and its own number pattern.
  await page.getByTestId('settings-tab-filetypes').click();
  const clientType = page.locator('[data-testid="filetype-row"][data-code="client"]');
  await clientType.getByTestId('edit-filetype-button').click();
  const form = page.getByTestId('filetype-form');
  const before = await form.getByTestId('checklist-row').count();
  expect(before).toBeGreaterThan(0);
  await form.getByTestId('filetype-pattern-input').fill('KH-{yr}-{seq:3}');
  await expect(form.getByTestId('field-error')).toContainText('{yr}');
  await expect(form.getByTestId('filetype-submit')).toBeDisabled();
  await form.getByTestId('filetype-pattern-input').fill('KHT-{year}-{seq:3}');
  await expect(form.getByTestId('pattern-preview')).toContainText(`KHT-${year}-001`);
  await form.getByTestId('checklist-add').click();
  await expect(form.getByTestId('checklist-row')).toHaveCount(before + 1);
  const added = form.getByTestId('checklist-row').last();
  await added.getByTestId('checklist-label-input').fill('保密承诺书');
  await added.getByTestId('checklist-kind-input').fill('nda');
  // Move it up one place: order is kept on save.
  await added.getByTestId('checklist-up').click();
  await expect(
    form
      .getByTestId('checklist-row')
      .nth(before - 1)
      .getByTestId('checklist-label-input'),
  ).toHaveValue('保密承诺书');
  await shot(page, testInfo, '02-filetype-form');
  await form.getByTestId('filetype-submit').click();
  await expect(form).toBeHidden();
  await expect(clientType.getByTestId('filetype-pattern')).toHaveText('KHT-{year}-{seq:3}');
  await expect(clientType).toContainText('保密承诺书');

  // A new file for a new client follows the new pattern and misses the new document.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('new-client-button').click();
  await page.getByTestId('client-name-input').fill('苏州工业园区新材料有限公司');
  await page.getByTestId('client-submit').click();
  await page.getByTestId('client-row').filter({ hasText: '苏州工业园区新材料有限公司' }).click();
  await expect(page.getByTestId('client-name')).toHaveText('苏州工业园区新材料有限公司');
  await page.getByTestId('new-file-button').click();
  await page.getByTestId('file-title-input').fill('客户基本资料');
  await page.getByTestId('file-submit').click();
  const fileRow = page.getByTestId('file-row').first();
  await expect(fileRow).toHaveAttribute('data-archive-no', `KHT-${year}-001`);
  await fileRow.getByTestId('open-file').click();
  await expect(page.getByTestId('file-archive-no')).toHaveText(`KHT-${year}-001`);
  const item = page.getByTestId('checklist-item').filter({ hasText: '保密承诺书' });
  await expect(item).toHaveAttribute('data-present', 'false');
  await expect(item).toContainText(zhCN.ui.filePage.missing);
  await expect(page.getByTestId('checklist-badge')).toHaveAttribute('data-complete', 'false');
  await shot(page, testInfo, '03-file-missing');

  // The new clerk signs in: no settings in the nav.
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  await signIn(page, CLERK);
  await expect(page.getByTestId('nav-clients')).toBeVisible();
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
  await shot(page, testInfo, '04-clerk-nav');
});
