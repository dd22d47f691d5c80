/** An administrator is told at sign-in what happened since their previous one (here: a failed sign-in), until they dismiss it. */
import { ADMIN, expect, initArchive, signIn, test } from './fixtures.js';
import { zhCN } from '../shared/i18n/zh-CN.js';

test('failed sign-ins are told to the administrator at the next sign-in', async ({ page, dossier }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  initArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill('not the password');
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('unlock-form')).toContainText(zhCN.errors['auth.wrongPassword']);
  await signIn(page);
  const notice = page.getByTestId('sign-in-notice');
  await expect(notice).toBeVisible();
  await expect(page.getByTestId('notice-failed')).toHaveText(zhCN.ui.signInNotice.failed_one.replace('{{count}}', '1'));
  await expect(page.getByTestId('notice-authority')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('sign-in-notice.png') });
  await page.getByTestId('sign-in-notice-dismiss').focus();
  await page.keyboard.press('Enter');
  await expect(notice).toHaveCount(0);
  // Told once: the next sign-in has nothing new to tell.
  await page.getByTestId('lock-button').click();
  await signIn(page);
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(notice).toHaveCount(0);
});
