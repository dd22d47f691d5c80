/**
 * The circulation desk with a barcode scanner: a scanner types the number very fast and presses
 * Enter. Every scan starts a fresh lookup wherever focus is, scans back to back are never
 * dropped, a scan is never taken as the borrower, and "return on scan" returns a stack.
 */
import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { call, expect, setUpDemo, test } from './fixtures.js';

const ui = zhCN.ui;

interface LoanRow {
  archiveNo: string;
  borrower: string;
  borrowerId: string;
  overdue: boolean;
}

async function openLoans(page: Page): Promise<LoanRow[]> {
  return call<LoanRow[]>(page, 'loans.list', { open: true });
}

async function inStock(page: Page, count: number): Promise<string[]> {
  const found: string[] = [];
  for (let i = 1; i <= 80 && found.length < count; i++) {
    const archiveNo = `KH-2026-${String(i).padStart(4, '0')}`;
    const file = await call<{ status: string }>(page, 'files.get', { archiveNo }).catch(() => null);
    if (file?.status === 'in_stock') found.push(archiveNo);
  }
  return found;
}

/** One scan: the characters at scanner speed, then Enter. */
async function scan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
}

test('a scan while the borrower field has focus is a fresh lookup, never the borrower', async ({ page, dossier }) => {
  await setUpDemo(page, dossier.url);
  const [first, second] = await inStock(page, 2);
  const loansBefore = (await openLoans(page)).length;

  // A fresh session opens at the desk, ready for a scan.
  await expect(page.getByTestId('scan-input')).toBeFocused();
  await scan(page, first!);
  await expect(page.getByTestId('file-archive-no')).toHaveText(first!);
  await expect(page.getByTestId('borrower-input')).toBeFocused();

  // The clerk has started typing a name, then scans the next file.
  await page.getByTestId('borrower-input').fill('GH-00');
  await scan(page, second!);
  await expect(page.getByTestId('file-archive-no')).toHaveText(second!);
  await expect(page.getByTestId('borrower-input')).toHaveValue('');
  await expect(page.getByTestId('message')).toHaveCount(0);
  expect((await openLoans(page)).length).toBe(loansBefore);

  // Typed by hand into the borrower field, an archive number is refused with a sentence, nothing lent.
  await page.getByTestId('borrower-input').fill(first!);
  await page.getByTestId('borrower-input').press('Enter');
  await expect(page.getByTestId('field-error')).toContainText(zhCN.errors['loan.borrowerIsArchiveNo'].replace('{{borrower}}', first!));
  expect((await openLoans(page)).length).toBe(loansBefore);

  // Enter with the borrower empty says what is missing.
  await page.getByTestId('borrower-input').fill('');
  await page.getByTestId('borrower-input').press('Enter');
  await expect(page.getByTestId('field-error')).toHaveText(ui.circulation.borrowerMissing);

  // Enter in an empty scan box says so too.
  await page.getByTestId('scan-input').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scan-missing')).toHaveText(ui.circulation.scanMissing);
});

test('full-width and dash-variant numbers are found; a borrower with overdue files is pointed out', async ({ page, dossier }) => {
  await setUpDemo(page, dossier.url);
  const [file] = await inStock(page, 1);
  const overdue = (await openLoans(page)).find((l) => l.overdue)!;
  expect(overdue).toBeTruthy();
  await page.getByTestId('nav-circulation').click();

  const fullWidth = file!.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  await page.getByTestId('scan-input').fill(fullWidth);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('file-archive-no')).toHaveText(file!);
  await page.getByTestId('scan-input').fill(file!.replace(/-/g, '—'));
  await page.getByTestId('scan-input').press('Enter');
  await expect(page.getByTestId('file-archive-no')).toHaveText(file!);
  await expect(page.getByTestId('error')).toHaveCount(0);

  // The borrower by their staff number; the desk names them and points out what they have overdue.
  const person = await call<{ staffNo: string; name: string }>(page, 'people.get', { person: overdue.borrowerId });
  await page.getByTestId('borrower-input').fill(person.staffNo);
  await expect(page.getByTestId('borrower-person')).toContainText(person.name);
  await expect(page.getByTestId('borrower-overdue-warning')).toContainText(overdue.archiveNo);
  // The lending rules block a borrower with overdue files: refused, naming them.
  await page.getByTestId('borrower-input').press('Enter');
  await expect(page.getByTestId('lend-form').getByTestId('error')).toContainText('逾期未还');
  await expect(page.getByTestId('lend-form').getByTestId('error')).toContainText(overdue.archiveNo);

  // A colleague with nothing overdue and no approved application: refused, naming what is missing;
  // with the signed paper form it lends.
  const overdueBorrowers = new Set((await openLoans(page)).filter((l) => l.overdue).map((l) => l.borrowerId));
  const { rows: people } = await call<{ rows: { id: string; staffNo: string | null }[] }>(page, 'people.list', { kind: 'staff' });
  const colleague = people.find((p) => p.staffNo && !overdueBorrowers.has(p.id))!;
  expect(colleague).toBeTruthy();
  await page.getByTestId('borrower-input').fill(colleague.staffNo!);
  await expect(page.getByTestId('borrower-overdue-warning')).toHaveCount(0);
  await page.getByTestId('borrower-input').press('Enter');
  await expect(page.getByTestId('lend-form').getByTestId('error')).toContainText('没有借阅档案');
  await page.getByTestId('paper-signed-by').fill('赵经理');
  await page.getByTestId('borrower-input').press('Enter');
  await expect(page.getByTestId('message')).toContainText(file!);
});

test('a stack is returned scan by scan, back to back, none dropped; the desk record survives other sections', async ({ page, dossier }) => {
  await setUpDemo(page, dossier.url);
  const loans = await openLoans(page);
  expect(loans.length).toBeGreaterThanOrEqual(4);
  const [a, b, c, d] = loans.map((l) => l.archiveNo);
  await page.getByTestId('nav-circulation').click();

  // Without the mode: the return button takes focus, yet the next scan is a lookup, not a return.
  await scan(page, a!);
  await expect(page.getByTestId('return-button')).toBeFocused();
  await scan(page, b!);
  await expect(page.getByTestId('file-archive-no')).toHaveText(b!);
  expect((await openLoans(page)).map((l) => l.archiveNo)).toContain(a);

  // Return on scan: three scans without waiting, all three returned.
  await page.getByTestId('return-on-scan').check();
  await page.getByTestId('scan-input').focus();
  for (const archiveNo of [b!, c!, d!]) await scan(page, archiveNo);
  const returned = page.locator('[data-testid="recent-row"][data-kind="returned"]');
  await expect(returned).toHaveCount(3);
  for (const archiveNo of [b!, c!, d!]) await expect(page.locator(`[data-testid="recent-row"][data-archive-no="${archiveNo}"]`)).toHaveCount(1);
  const stillOut = (await openLoans(page)).map((l) => l.archiveNo);
  expect(stillOut).toContain(a);
  for (const archiveNo of [b!, c!, d!]) expect(stillOut).not.toContain(archiveNo);

  // Scanned while focus is on a button elsewhere on the desk: still a lookup.
  await page.getByTestId('return-on-scan').focus();
  await scan(page, a!);
  await expect(page.locator(`[data-testid="recent-row"][data-archive-no="${a}"]`)).toHaveCount(1);

  await page.getByTestId('nav-search').click();
  await page.getByTestId('nav-circulation').click();
  await expect(page.getByTestId('recent-row')).toHaveCount(4);
  await expect(page.getByTestId('return-on-scan')).toBeChecked();
});
