import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, test, fullPageShot as shot } from './fixtures.js';

const ui = zhCN.ui;

/** Creates the archive the way an administrator would from the command line. */

async function unlock(page: Page, password = ADMIN.password): Promise<void> {
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(password);
  await page.getByTestId('password-input').press('Enter');
}

test('a clerk unlocks the archive, registers a client, opens a file, lends and returns it, and sees the audit trail', async ({ page, dossier }, testInfo) => {
  initArchive(dossier.archiveDir, '市场部客户档案室');
  await page.goto(dossier.url);
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  await shot(page, testInfo, '01-unlock');

  // A wrong password is refused with a translated message.
  await unlock(page, 'not-the-password');
  await expect(page.getByTestId('error')).toContainText(zhCN.errors['auth.wrongPassword']);
  await unlock(page);
  await expect(page.getByTestId('archive-name')).toHaveText('市场部客户档案室');
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);

  // Register a client with a Chinese name and a valid credit code.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('new-client-button').click();
  await page.getByTestId('client-name-input').fill('上海宏远建工集团有限公司');
  await page.getByTestId('credit-code-input').fill('91350100M000100Y44');
  await page.getByTestId('client-submit').click();
  await expect(page.getByTestId('client-form').getByTestId('field-error').or(page.getByTestId('client-form').getByTestId('error'))).toContainText('校验码不符');
  await page.getByTestId('credit-code-input').fill('91350100M000100Y43');
  await page.getByTestId('client-submit').click();
  await page.getByTestId('client-row').filter({ hasText: '上海宏远建工集团有限公司' }).click();
  await expect(page.getByTestId('client-name')).toHaveText('上海宏远建工集团有限公司');
  await shot(page, testInfo, '02-client');

  // Open a file for it: the engine issues the archive number.
  await page.getByTestId('new-file-button').click();
  await page.getByTestId('file-title-input').fill('客户基本资料（营业执照、开票信息）');
  await page.getByTestId('confidentiality-select').selectOption('confidential');
  await page.getByTestId('file-submit').click();
  const fileRow = page.getByTestId('file-row').first();
  await expect(fileRow).toContainText('客户基本资料（营业执照、开票信息）');
  const archiveNo = (await fileRow.getAttribute('data-archive-no'))!;
  expect(archiveNo).toMatch(/^KH-\d{4}-0001$/);
  await expect(fileRow).toContainText(zhCN.enums.confidentiality.confidential);

  // The borrower is a person of the register (added here through the page's own transport).
  await page.evaluate(async () => {
    const token = sessionStorage.getItem('dossier.token');
    const post = (op: string, body: unknown) =>
      fetch(`/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    await post('departments.add', { name: '销售部' });
    await post('people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001' });
  });

  // Lend it: staff number typed, the signed paper approval, Enter submits.
  await fileRow.getByTestId('lend-button').click();
  await page.getByTestId('borrower-input').fill('S001');
  await expect(page.getByTestId('borrower-person')).toContainText('李明');
  await page.getByTestId('purpose-input').fill('合同续签核对');
  await page.getByTestId('paper-signed-by').fill('赵经理');
  await page.getByTestId('borrower-input').press('Enter');
  await expect(page.getByTestId('file-row').first()).toContainText(zhCN.enums.fileStatus.on_loan);
  await shot(page, testInfo, '03-lent');

  // It is in the on-loan list with its due date three days on.
  await page.getByTestId('nav-loans').click();
  const loanRow = page.getByTestId('loan-row').filter({ hasText: archiveNo });
  await expect(loanRow).toContainText('销售部 李明');
  const due = new Date();
  due.setDate(due.getDate() + 3);
  const dueText = `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`;
  await expect(loanRow).toContainText(dueText);
  await shot(page, testInfo, '04-on-loan');

  // Return it from the list: the application asks first, in its own dialog.
  await loanRow.getByTestId('return-button').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('loan-row').filter({ hasText: archiveNo })).toHaveCount(0);

  // The audit trail shows who did what.
  await page.getByTestId('nav-audit').click();
  const audit = page.getByTestId('audit-row');
  await expect(audit.filter({ hasText: archiveNo })).toHaveCount(3); // opened, lent, returned
  await expect(audit.filter({ hasText: '上海宏远建工集团有限公司' }).first()).toBeVisible();
  await page.getByTestId('verify-button').click();
  await expect(page.getByTestId('verify-result')).toBeVisible();
  await shot(page, testInfo, '05-audit');
});

test('first run creates the archive with demo data, and the circulation desk works by scanning', async ({ page, dossier }, testInfo) => {
  await page.goto(dossier.url);
  const setup = page.getByTestId('setup-form');
  await expect(setup).toBeVisible();
  await setup.getByLabel(ui.setup.username).fill('admin');
  await setup.getByLabel(ui.setup.displayName).fill('王档案');
  await setup.getByLabel(ui.setup.password, { exact: true }).fill('demo-password-1');
  await setup.getByLabel(ui.setup.passwordRepeat).fill('demo-password-1');
  await page.getByTestId('demo-checkbox').check();
  await shot(page, testInfo, '01-setup');
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('recovery-confirm').check();
  await page.getByTestId('recovery-done').click();

  // The demo archive has loans out, some overdue.
  await page.getByTestId('nav-loans').click();
  await expect(page.getByTestId('loan-row').first()).toBeVisible();
  await expect(page.getByTestId('overdue-badge').first()).toBeVisible();
  await shot(page, testInfo, '02-demo-loans');
  const archiveNo = (await page.getByTestId('loan-row').first().getAttribute('data-archive-no'))!;
  expect(archiveNo).toMatch(/^KH-/);

  // Desk: scan the number, Enter; the return button has focus, Enter returns.
  await page.getByTestId('nav-circulation').click();
  const scan = page.getByTestId('scan-input');
  await expect(scan).toBeFocused();
  await scan.fill(archiveNo.toLowerCase());
  await scan.press('Enter');
  await expect(page.getByTestId('return-button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message')).toContainText(archiveNo);
  await expect(scan).toBeFocused();

  // Scan it again: now in stock, the borrower field has focus; Enter lends.
  await scan.fill(archiveNo);
  await scan.press('Enter');
  await expect(page.getByTestId('borrower-input')).toBeFocused();
  await page.keyboard.type('GH-001');
  await page.getByTestId('paper-signed-by').fill('赵经理');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message')).toContainText(archiveNo);
  await shot(page, testInfo, '03-desk');

  // An unknown number is a clear error and the input is ready for another try.
  await scan.fill('KH-1900-0001');
  await scan.press('Enter');
  await expect(page.getByTestId('error')).toContainText('KH-1900-0001');

  // Clients are found by a two-character Chinese fragment.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-search').fill('有限');
  await expect(page.getByTestId('client-row').first()).toBeVisible();
  await shot(page, testInfo, '04-clients');
});

test('the interface switches to English and back', async ({ page, dossier }) => {
  initArchive(dossier.archiveDir, '市场部客户档案室');
  await page.goto(dossier.url);
  await unlock(page);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('nav-clients')).toContainText('Clients');
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill('wrong-password');
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('error')).toContainText('Wrong user name or password.');
});
