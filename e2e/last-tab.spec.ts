/** Browser mode: closing the last tab locks the archive (a reload does not); a new tab with the printed address must sign in. */
import { ADMIN, expect, initArchive, signIn, test } from './fixtures.js';

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
