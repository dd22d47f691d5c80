/**
 * The archive's keys in the application, keyboard only at 1024x700: the sign-in screen's
 * "forgot password" resets an administrator's password with the recovery key (a wrong key is
 * refused), and Settings renews every key as a job after the app's own confirmation, shows the
 * new recovery key once and signs out; the same password then opens the renewed archive and
 * the old recovery key opens nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, shot, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = zhCN.ui;

/** `dossier init --json`, keeping the recovery key it prints once. */
function initWithKey(archiveDir: string): string {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'dossier.mjs'), 'init', '--archive', archiveDir, '--user', ADMIN.username, '--display-name', ADMIN.displayName, '--json'],
    { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`dossier init failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { recoveryKey: string }).recoveryKey;
}

/** From the sign-in screen, by keyboard: the link, then key, user name, new password twice, Enter. */
async function recoverWith(page: Page, key: string, password: string): Promise<void> {
  await page.getByTestId('forgot-password').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('recover-key')).toBeFocused();
  await page.keyboard.type(key);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('recover-username')).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

test('forgot password: the recovery key resets the administrator password on the sign-in screen', async ({ page, dossier }, testInfo) => {
  const key = initWithKey(dossier.archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  await expect(page.getByTestId('forgot-password')).toHaveText(ui.recoverForm.link);

  // A mistyped key is refused, and the form keeps what was typed.
  const wrong = key.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  await recoverWith(page, wrong, 'recovered-pass-1');
  await expect(page.getByTestId('recover-form')).toContainText(zhCN.errors['recovery.wrongKey']);
  await shot(page, testInfo, 'recover-form-wrong-key');
  await page.getByTestId('recover-back').focus();
  await page.keyboard.press('Enter');

  await recoverWith(page, key.toLowerCase().replace(/-/g, ' '), 'recovered-pass-1');
  await expect(page.getByTestId('recover-done')).toContainText('已用恢复密钥重置 admin 的密码');
  await shot(page, testInfo, 'recover-done');
  await expect(page.getByTestId('password-input')).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('unlock-form')).toContainText(zhCN.errors['auth.wrongPassword']);
  await page.getByTestId('password-input').focus();
  await page.keyboard.type('recovered-pass-1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
});

test('rekey from Settings: confirmed in the app, runs as a job, shows the new recovery key once, signs out', async ({ page, dossier }, testInfo) => {
  const oldKey = initWithKey(dossier.archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-settings').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('settings-tab-security').focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('rekey-settings');
  await expect(panel).toContainText(ui.rekey.intro);
  await page.getByTestId('rekey-button').focus();
  await shot(page, testInfo, 'rekey-settings');

  // The app's own dialog: Cancel has the focus, so Enter at once backs out.
  await page.keyboard.press('Enter');
  const confirm = page.getByTestId('rekey-confirm');
  await expect(confirm).toContainText(ui.rekey.confirmBody);
  await shot(page, testInfo, 'rekey-confirm');
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('current-user')).toBeVisible();

  await page.getByTestId('rekey-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('confirm-ok')).toBeFocused();
  await page.keyboard.press('Enter');

  // Signed out, with the new key shown once.
  const sheet = page.getByTestId('recovery-sheet');
  await expect(sheet).toContainText(ui.rekey.renewedIntro);
  const newKey = (await page.getByTestId('recovery-key').getAttribute('aria-label'))!;
  expect(newKey).toMatch(/^([A-Z2-9]{5}-){7}[A-Z2-9]{5}$/);
  expect(newKey).not.toBe(oldKey);
  await expect(page.getByTestId('recovery-qr').locator('svg')).toBeVisible();
  await shot(page, testInfo, 'rekey-new-recovery-key');
  await page.getByTestId('recovery-confirm').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('recovery-done')).toBeFocused();
  await page.keyboard.press('Enter');

  // The old recovery key opens nothing any more; the password is unchanged and opens the renewed keys.
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  await recoverWith(page, oldKey, 'recovered-pass-2');
  await expect(page.getByTestId('recover-form')).toContainText(zhCN.errors['recovery.wrongKey']);
  await page.getByTestId('recover-back').focus();
  await page.keyboard.press('Enter');
  await signIn(page);
  await page.getByTestId('nav-audit').click();
  await expect(page.getByText('更换了档案库的全部密钥').first()).toBeVisible();
});

test('the password policy is set in Settings and holds for the recovery form too', async ({ page, dossier }, testInfo) => {
  const key = initWithKey(dossier.archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-settings').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('settings-tab-security').focus();
  await page.keyboard.press('Enter');
  const input = page.getByTestId('password-min-input');
  await expect(input).toHaveValue('8');
  await input.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  await expect(page.getByTestId('security-form')).toContainText(ui.settings.security.passwordMinRange);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('security-form')).toContainText(ui.settings.security.saved.replace('{{minutes}}', '10'));
  await shot(page, testInfo, 'security-password-policy');

  await page.getByTestId('lock-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  // Ten characters: long enough for the form's own hint, refused by the policy.
  await recoverWith(page, key, 'ten-chars1');
  await expect(page.getByTestId('recover-form')).toContainText(zhCN.errors['auth.weakPassword'].replace('{{min}}', '12'));
});
