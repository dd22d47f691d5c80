/**
 * The recovery key at setup: shown once as text in groups and as a QR code that scans back to
 * the same text, printable, and the archive opens only once the user says it is kept.
 * Keyboard only, at 1024x700.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { expect, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = zhCN.ui;

test('setup shows the recovery key once, as text and a QR code, and it resets the password', async ({ page, dossier }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  const setup = page.getByTestId('setup-form');
  await setup.getByLabel(ui.setup.displayName).fill('王档案');
  await setup.getByLabel(ui.setup.password, { exact: true }).fill('setup-password-1');
  await setup.getByLabel(ui.setup.passwordRepeat).fill('setup-password-1');
  await setup.getByLabel(ui.setup.passwordRepeat).press('Enter');

  const sheet = page.getByTestId('recovery-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText(ui.recovery.title);
  const key = (await page.getByTestId('recovery-key').getAttribute('aria-label'))!;
  expect(key).toMatch(/^([A-Z2-9]{5}-){7}[A-Z2-9]{5}$/);
  expect((await page.getByTestId('recovery-key').innerText()).replace(/\s+/g, '')).toBe(key.replace(/-/g, ''));
  await expect(page.getByTestId('recovery-qr').locator('svg')).toBeVisible();
  // The whole sheet fits the small window: the continue button is reachable without scrolling sideways.
  const done = page.getByTestId('recovery-done');
  await expect(done).toBeDisabled();
  const shot = testInfo.outputPath('recovery-sheet.png');
  await page.screenshot({ path: shot });
  await page.getByTestId('recovery-qr').screenshot({ path: testInfo.outputPath('recovery-qr.png') });
  const scanned = execFileSync('zbarimg', ['-q', '--raw', testInfo.outputPath('recovery-qr.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  expect(scanned).toBe(key);

  // Printing shows the key and the QR code, not the buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('recovery-print')).toBeHidden();
  await expect(page.getByTestId('recovery-key')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Keyboard only: tab to the confirmation, tick it, continue.
  await page.getByTestId('recovery-print').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('recovery-confirm')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(done).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toContainText('王档案');

  // The key works: locked, the archive's password is reset with it from the command line, and the new password signs in.
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('username-input')).toBeVisible();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'dossier.mjs'), 'recovery', 'reset-password', '--archive', dossier.archiveDir, '--key', key.toLowerCase(), '--username', 'admin', '--json'],
    {
      env: { ...process.env, DOSSIER_NEW_PASSWORD: 'after-recovery-1' },
      encoding: 'utf8',
    },
  );
  expect(result.status, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, username: 'admin' });
  await page.getByTestId('username-input').fill('admin');
  await page.getByTestId('password-input').fill('after-recovery-1');
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toContainText('王档案');
});
