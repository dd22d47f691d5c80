/** An unattended interface locks itself after the administrator's idle period; unlocking returns to the same page. */
import type { Page } from '@playwright/test';
import { ADMIN, expect, initArchive, test } from './fixtures.js';

async function unlock(page: Page): Promise<void> {
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();
}

test('idle for the set period locks; unlocking is back on the same page; the period is an administrator setting', async ({ page, dossier }) => {
  initArchive(dossier.archiveDir, '客户档案室');
  await page.clock.install();
  await page.goto(dossier.url);
  await unlock(page);

  // The administrator shortens the idle period to 2 minutes.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-security').click();
  await expect(page.getByTestId('idle-lock-input')).toHaveValue('10');
  await page.getByTestId('idle-lock-input').fill('2');
  await page.getByTestId('security-submit').click();
  await expect(page.getByTestId('message')).toContainText('2');

  await page.getByTestId('nav-loans').click();
  await expect(page.getByTestId('loan-table')).toBeVisible();
  await page.clock.runFor(60_000);
  await expect(page.getByTestId('current-user')).toBeVisible();
  await page.clock.runFor(70_000);
  await expect(page.getByTestId('unlock-form')).toBeVisible();

  await unlock(page);
  await expect(page.getByTestId('loan-table')).toBeVisible();
  await expect(page.getByTestId('nav-loans')).toHaveAttribute('aria-current', 'page');
});

test('after an idle lock the register is back with the period the clerk chose', async ({ page, dossier }) => {
  initArchive(dossier.archiveDir, '客户档案室');
  await page.clock.install();
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await unlock(page);
  await page.getByTestId('nav-handovers').press('Enter');
  await page.getByTestId('handovers-from').fill('2026-02-01');
  await page.getByTestId('handovers-to').fill('2026-02-28');
  // The default idle period, 10 minutes.
  await page.clock.runFor(10 * 60_000 + 10_000);
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  await unlock(page);
  await expect(page.getByTestId('nav-handovers')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('handovers-from')).toHaveValue('2026-02-01');
  await expect(page.getByTestId('handovers-to')).toHaveValue('2026-02-28');
});
