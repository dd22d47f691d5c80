/**
 * User management in Settings with the keyboard only: an administrator adds a clerk, edits
 * their name and role, resets their password, disables them (the clerk's sign-in then says
 * so), enables and finally removes them; the sign-in screen remembers the administrator's
 * name when asked, never the password. Every control is reached with Tab.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, test, shot } from './fixtures.js';

const CLERK = { username: 'liuxin', displayName: '刘欣', password: 'clerk-password-1' };
const ui = zhCN.ui.settings.users;

/** Presses Tab (or Shift+Tab) until `target` has the focus: proves it is reachable from the keyboard. */
async function tabTo(page: Page, target: Locator, { back = false, max = 60 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

/** The command line, as an administrator would use it to prepare what the screen then works on. */
function cli(args: string[], env: Record<string, string> = {}): unknown {
  const result = spawnSync(process.execPath, [path.resolve('bin/dossier.mjs'), ...args, '--json'], {
    env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dossier ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

/**
 * Types a date into a date field that has the focus on its first segment. The segments follow the
 * browser's own locale (month first in en-US, year first in zh-CN); a full month or day moves on by
 * itself, a year (up to six digits) with the arrow key. The other order is tried if the first did not fit.
 */
async function typeDate(page: Page, field: Locator, year: string, month: string, day: string): Promise<void> {
  const iso = `${year}-${month}-${day}`;
  await page.keyboard.type(`${month}${day}${year}`);
  if ((await field.inputValue()) === iso) return;
  await field.focus();
  await page.keyboard.type(year);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type(`${month}${day}`);
  await expect(field).toHaveValue(iso);
}

async function typeSignIn(page: Page, username: string, password: string): Promise<void> {
  const name = page.getByTestId('username-input');
  await tabTo(page, name, { back: true });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('password-input')).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

test('an administrator manages a user with the keyboard only; a disabled user cannot sign in; the user name is remembered when asked', async ({ page, dossier }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  initArchive(dossier.archiveDir, '客户档案室');
  await page.goto(dossier.url);

  // Sign in, ticking "remember my user name" with the space bar.
  await expect(page.getByTestId('username-input')).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await tabTo(page, page.getByTestId('remember-username'));
  await page.keyboard.press('Space');
  await expect(page.getByTestId('remember-username')).toBeChecked();
  await tabTo(page, page.getByTestId('unlock-submit'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);

  // Settings → Users.
  await tabTo(page, page.getByTestId('nav-settings'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('users-table')).toBeVisible();

  // A new clerk.
  await tabTo(page, page.getByTestId('new-user-button'));
  await page.keyboard.press('Enter');
  const form = page.getByTestId('user-form');
  await expect(form.getByTestId('user-username-input')).toBeFocused();
  await page.keyboard.type(CLERK.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(CLERK.displayName);
  await page.keyboard.press('Tab');
  await page.keyboard.type(CLERK.password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(CLERK.password);
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  const row = page.getByTestId('user-row').filter({ hasText: CLERK.username });
  await expect(row.getByTestId('user-role')).toHaveAttribute('data-role', 'clerk');
  // One's own row offers no disable, remove or reset: the engine refuses them too.
  const own = page.getByTestId('user-row').filter({ hasText: ADMIN.username });
  await expect(own.getByTestId('disable-user-button')).toHaveCount(0);
  await expect(own.getByTestId('remove-user-button')).toHaveCount(0);

  // Edit: a new display name, the approver role (next in the list), 秘密 clearance.
  await tabTo(page, row.getByTestId('edit-user-button'));
  await page.keyboard.press('Enter');
  const edit = page.getByTestId('edit-user-form');
  await expect(edit.getByTestId('user-display-name-input')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('刘欣然');
  await tabTo(page, edit.getByTestId('user-role-select'));
  await page.keyboard.press('ArrowDown');
  await expect(edit.getByTestId('user-role-select')).toHaveValue('approver');
  await page.keyboard.press('Tab');
  await expect(edit.getByTestId('user-clearance-select')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(edit.getByTestId('user-clearance-select')).toHaveValue('restricted');
  await shot(page, testInfo, 'users-edit-dialog');
  await tabTo(page, edit.getByTestId('edit-user-submit'));
  await page.keyboard.press('Enter');
  await expect(edit).toBeHidden();
  await expect(page.getByTestId('message')).toContainText(ui.updated.replace('{{username}}', CLERK.username));
  await expect(row.getByTestId('user-display-name')).toHaveText('刘欣然');
  await expect(row.getByTestId('user-role')).toHaveAttribute('data-role', 'approver');
  await expect(row.getByTestId('user-clearance')).toHaveAttribute('data-clearance', 'restricted');

  // Reset the password: the dialog opens on the new password.
  await tabTo(page, row.getByTestId('reset-password-button'));
  await page.keyboard.press('Enter');
  const reset = page.getByTestId('reset-password-form');
  await expect(reset.getByTestId('reset-password-input')).toBeFocused();
  await page.keyboard.type('a-new-password-2');
  await page.keyboard.press('Tab');
  await page.keyboard.type('a-new-password-2');
  await page.keyboard.press('Enter');
  await expect(reset).toBeHidden();
  await expect(page.getByTestId('message')).toContainText(ui.passwordReset.replace('{{username}}', CLERK.username));

  // Disable, with a reason typed into the dialog.
  await tabTo(page, row.getByTestId('disable-user-button'));
  await page.keyboard.press('Enter');
  const disable = page.getByTestId('disable-user-form');
  await expect(disable.getByTestId('user-reason-input')).toBeFocused();
  await page.keyboard.type('离职交接中');
  await shot(page, testInfo, 'users-disable-dialog');
  await page.keyboard.press('Enter');
  await expect(disable).toBeHidden();
  await expect(row.getByTestId('user-status')).toHaveAttribute('data-active', 'false');
  await shot(page, testInfo, 'users-list');

  // Lock: the sign-in screen shows the remembered name and waits on the password.
  await tabTo(page, page.getByTestId('lock-button'), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('username-input')).toHaveValue(ADMIN.username);
  await expect(page.getByTestId('password-input')).toBeFocused();
  await expect(page.getByTestId('password-input')).toHaveValue('');
  await expect(page.getByTestId('remember-username')).toBeChecked();
  const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
  expect(stored).toContain(ADMIN.username);
  expect(stored).not.toContain(ADMIN.password);

  // The disabled clerk, with the right password, is told so.
  await typeSignIn(page, CLERK.username, 'a-new-password-2');
  await expect(page.getByTestId('error')).toHaveText(zhCN.errors['auth.userDisabled']);
  await shot(page, testInfo, 'unlock-disabled-user');

  // The administrator enables and then removes the clerk; the row is gone.
  await typeSignIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  await tabTo(page, page.getByTestId('nav-settings'));
  await page.keyboard.press('Enter');
  await tabTo(page, row.getByTestId('enable-user-button'));
  await page.keyboard.press('Enter');
  await expect(row.getByTestId('user-status')).toHaveAttribute('data-active', 'true');
  await tabTo(page, row.getByTestId('remove-user-button'));
  await page.keyboard.press('Enter');
  const remove = page.getByTestId('remove-user-form');
  await expect(remove).toContainText(ui.removeBody);
  await page.keyboard.type('已离职');
  await page.keyboard.press('Enter');
  await expect(remove).toBeHidden();
  await expect(page.getByTestId('user-row')).toHaveCount(1);

  // Untick "remember": the name is forgotten at the next sign-in.
  await tabTo(page, page.getByTestId('lock-button'), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('password-input')).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await tabTo(page, page.getByTestId('remember-username'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByTestId('unlock-submit'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  expect(await page.evaluate(() => Object.keys(window.localStorage).some((k) => k.includes('rememberedUsername')))).toBe(false);
});

test('an administrator grants a reader one 绝密 file until a date in Settings, with the keyboard; the reader then finds it', async ({ page, dossier }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  initArchive(dossier.archiveDir, '客户档案室');
  const admin = ['--archive', dossier.archiveDir, '--user', ADMIN.username];
  cli(['user', 'add', ...admin, '--username', 'reader', '--display-name', '查阅人', '--role', 'reader'], { DOSSIER_NEW_PASSWORD: 'reader-password-1' });
  const client = cli(['client', 'add', ...admin, '--name', '陕西秦岭水泥集团有限公司']) as { id: string };
  const file = cli(['file', 'add', ...admin, '--client', client.id, '--title', '并购谈判底稿', '--confidentiality', '绝密']) as { archiveNo: string };

  await page.goto(dossier.url);
  await typeSignIn(page, ADMIN.username, ADMIN.password);
  await tabTo(page, page.getByTestId('nav-settings'));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('settings-tab-grants'));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('new-grant-button'));
  await page.keyboard.press('Enter');
  const form = page.getByTestId('grant-form');
  await expect(form.getByTestId('grant-user-select')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(form.getByTestId('grant-user-select')).toHaveValue('reader');
  await page.keyboard.press('Tab');
  await page.keyboard.type(file.archiveNo);
  await page.keyboard.press('Tab');
  await expect(form.getByTestId('grant-until-input')).toBeFocused();
  await typeDate(page, form.getByTestId('grant-until-input'), '2099', '12', '31');
  await tabTo(page, form.getByTestId('grant-reason-input'));
  await page.keyboard.type('合同纠纷核对');
  await shot(page, testInfo, 'grant-dialog');
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  const row = page.getByTestId('grant-row').filter({ hasText: file.archiveNo });
  await expect(row).toContainText('查阅人');
  await expect(row.getByTestId('grant-until')).toHaveText('2099-12-31');
  await shot(page, testInfo, 'grants-list');

  // The file page lists the grant too (for administrators, on files above 普通).
  await page.keyboard.press('Control+K');
  await page.keyboard.type(file.archiveNo);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('file-page')).toBeVisible();
  await expect(page.getByTestId('file-grant-row')).toHaveCount(1);
  await expect(page.getByTestId('file-grant-row')).toContainText('查阅人');
  await shot(page, testInfo, 'file-page-grants');

  // The reader, cleared for 普通 only, finds the granted file and opens its page.
  await tabTo(page, page.getByTestId('lock-button'), { back: true });
  await page.keyboard.press('Enter');
  await typeSignIn(page, 'reader', 'reader-password-1');
  await expect(page.getByTestId('current-user')).toContainText('查阅人');
  await page.keyboard.press('Control+K');
  await page.keyboard.type('并购谈判');
  await expect(page.getByText(file.archiveNo).first()).toBeVisible();
});
