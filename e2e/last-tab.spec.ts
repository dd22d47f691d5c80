/** Browser mode: closing the last tab locks the archive (a reload does not); a new tab with the printed address must sign in. */
import { ADMIN, expect, initArchive, initDemoArchive, shot, signIn, test } from './fixtures.js';

test('a new tab after the last one closed asks for the password; a reload does not', async ({ page, context, dossier }) => {
  initArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-clients').click();

  // A reload reconnects at once: still signed in, no password asked.
  await page.reload();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  await page.waitForTimeout(6_500);
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);

  // The only tab closes; past the grace period a new tab with the printed address finds the archive locked.
  await page.close();
  await new Promise((r) => setTimeout(r, 6_500));
  const next = await context.newPage();
  await next.goto(dossier.url);
  await expect(next.getByTestId('password-input')).toBeVisible();
  await expect(next.getByTestId('current-user')).toHaveCount(0);
  await signIn(next);
});

test('after the last tab closed, a new tab unlocks back on the register with its period; a reload keeps the file page', async ({ page, context, dossier }, testInfo) => {
  // The demo archive and a 6.5 s wait on a shared machine.
  test.setTimeout(180_000);
  initDemoArchive(dossier.archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await signIn(page);

  // A file page survives a reload (the tab is still the session's).
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('open-file').first().click();
  const archiveNo = (await page.getByTestId('file-archive-no').textContent())!.trim();
  await page.reload();
  await expect(page.getByTestId('file-archive-no')).toHaveText(archiveNo);

  // The register with a period of its own, then the only tab closes.
  await page.getByTestId('nav-handovers').press('Enter');
  await expect(page.getByTestId('handovers-table')).toBeVisible();
  await page.getByTestId('handovers-from').fill('2026-01-05');
  await page.getByTestId('handovers-to').fill('2026-02-20');
  await expect(page.getByTestId('handovers-from')).toHaveValue('2026-01-05');
  await page.close();
  await new Promise((r) => setTimeout(r, 6_500));

  const next = await context.newPage();
  await next.setViewportSize({ width: 1024, height: 700 });
  await next.goto(dossier.url);
  await expect(next.getByTestId('password-input')).toBeVisible();
  await signIn(next);
  await expect(next.getByTestId('handovers-table')).toBeVisible();
  await expect(next.getByTestId('nav-handovers')).toHaveAttribute('aria-current', 'page');
  await expect(next.getByTestId('handovers-from')).toHaveValue('2026-01-05');
  await expect(next.getByTestId('handovers-to')).toHaveValue('2026-02-20');
  await shot(next, testInfo, 'new-tab-back-on-register');
});
