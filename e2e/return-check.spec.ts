/**
 * The desk's return check (归还清点), keyboard only at 1024x700: a scanned file on loan shows its
 * contents list; the clerk marks an item missing and one damaged and confirms; the incidents are
 * recorded against the loan and the borrower, and the file shows them.
 */
import { zhCN } from '../shared/i18n/zh-CN.js';
import { call, expect, initDemoArchive, shot, signIn, test } from './fixtures.js';

const check = zhCN.ui.circulation.check;

test.use({ viewport: { width: 1024, height: 700 } });
test.beforeEach(({ dossier }) => initDemoArchive(dossier.archiveDir));

test('return by scan: the contents list, two items marked, confirmed by keyboard; the incidents show', async ({ page, dossier }, testInfo) => {
  await page.goto(dossier.url);
  await signIn(page);
  const [loan] = (await call<{ archiveNo: string; borrower: string; borrowerId: string }[]>(page, 'loans.list', { open: true })).filter((l) => l.archiveNo);
  const archiveNo = loan!.archiveNo;

  await page.getByTestId('nav-circulation').click();
  const scan = page.getByTestId('scan-input');
  await scan.fill(archiveNo);
  await scan.press('Enter');
  const panel = page.getByTestId('return-panel');
  await expect(panel).toBeVisible();
  const confirm = page.getByTestId('return-button');
  await expect(confirm).toBeFocused();
  await expect(confirm).toHaveText(check.confirmComplete);
  const rows = panel.getByTestId('return-item');
  expect(await rows.count()).toBeGreaterThan(2);

  // Tab into the list: Space marks the first item missing, ↓ and Space twice mark the second damaged.
  await page.keyboard.press('Tab');
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press(' ');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press(' ');
  await page.keyboard.press(' ');
  await expect(rows.nth(0)).toHaveAttribute('data-mark', 'missing');
  await expect(rows.nth(1)).toHaveAttribute('data-mark', 'damaged');
  await expect(confirm).toHaveText(check.confirmMarked.replace('{{count}}', '2'));
  await shot(page, testInfo, '01-return-check');

  await confirm.focus();
  await page.keyboard.press('Enter');
  const message = page.getByTestId('message');
  await expect(message).toContainText(archiveNo);
  await expect(message).toContainText('已登记 2 项问题');
  await expect(scan).toBeFocused();
  await shot(page, testInfo, '02-returned-with-incidents');

  const incidents = await call<{ itemSeq: number; kind: string; personId: string }[]>(page, 'incidents.list', { archiveNo, open: true });
  expect(incidents.map((i) => [i.itemSeq, i.kind, i.personId]).sort()).toEqual([
    [1, 'missing', loan!.borrowerId],
    [2, 'damaged', loan!.borrowerId],
  ]);
  expect(await call<unknown[]>(page, 'incidents.list', { person: loan!.borrowerId, open: true })).toHaveLength(2);
});
