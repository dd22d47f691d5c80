/**
 * The ledger's follow-up on screen, keyboard only at 1024x700: open incidents resolved from a
 * person's page and from the file page (a write-off needs a reason), the file's flag; a hold
 * placed from the file page for a person of the register, found from the desk's "holds ready"
 * tile and cancelled; renewals from the on-loan list with the refusals translated.
 */
import type { Page } from '@playwright/test';
import { en } from '../shared/i18n/en.js';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { expect, initDemoArchive, shot, signIn, test } from './fixtures.js';

const ui = zhCN.ui;

async function call<T>(page: Page, operation: string, input: unknown = {}): Promise<T> {
  return page.evaluate(
    async ([op, body]) => {
      const token = sessionStorage.getItem('dossier.token');
      const response = await fetch(`/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const envelope = (await response.json()) as { ok: boolean; value: unknown };
      if (!envelope.ok) throw new Error(`${op}: ${JSON.stringify(envelope)}`);
      return envelope.value;
    },
    [operation, input] as const,
  ) as Promise<T>;
}

async function goTo(page: Page, section: string): Promise<void> {
  const items = await page.locator('nav.app-nav button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
  const index = items.indexOf(`nav-${section}`);
  expect(index, `${section} in the nav`).toBeGreaterThanOrEqual(0);
  // Alt+1…9 reach the first nine; the rest by focusing the nav entry and Enter.
  if (index < 9) await page.keyboard.press(`Alt+${index + 1}`);
  else await press(page, page.getByTestId(`nav-${section}`));
  await expect(page.getByTestId(`nav-${section}`)).toHaveAttribute('aria-current', 'page');
}

async function press(page: Page, locator: ReturnType<Page['getByTestId']>, key = 'Enter'): Promise<void> {
  await locator.focus();
  await page.keyboard.press(key);
}

type Loan = { id: string; archiveNo: string; borrower: string; borrowerId: string | null; overdue: boolean };
type Person = { id: string; name: string; staffNo: string | null };

test.use({ viewport: { width: 1024, height: 700 } });
test.beforeEach(({ dossier }) => initDemoArchive(dossier.archiveDir));

test('incidents resolved on the person and the file page, a hold placed, listed from the desk and cancelled, renewals and their refusals', async ({ page, dossier }, testInfo) => {
  await page.goto(dossier.url);
  await signIn(page);
  const loans = (await call<Loan[]>(page, 'loans.list', { open: true })).filter((l) => l.borrowerId && !l.overdue);
  expect(loans.length, 'open loans of registered people, not overdue').toBeGreaterThanOrEqual(3);
  const [returned, renewed, held] = loans as [Loan, Loan, Loan];
  const borrower = await call<Person>(page, 'people.get', { person: returned.borrowerId });
  const other = (await call<{ rows: Person[] }>(page, 'people.list', { limit: 50 })).rows.find((p) => p.id !== returned.borrowerId && p.id !== held.borrowerId && p.staffNo)!;
  expect(other, 'another person with a staff number').toBeTruthy();
  await call(page, 'loans.return', { archiveNo: returned.archiveNo, missing: [1], damaged: [2] });

  // The borrower's page: two open incidents; item 1 was found.
  await goTo(page, 'people');
  await page.getByTestId('people-search').focus();
  await page.keyboard.type(borrower.name);
  await expect(page.getByTestId('person-row')).toHaveCount(1);
  await expect(page.getByTestId('person-row')).toContainText(borrower.name);
  await press(page, page.getByTestId('person-open'));
  await expect(page.getByTestId('person-history')).toContainText(borrower.name);
  const history = page.getByTestId('person-history');
  const personIncidents = history.getByTestId('person-incidents-row');
  await expect(personIncidents).toHaveCount(2);
  await press(page, history.locator('[data-testid="person-incidents-row"][data-seq="1"]').getByTestId('incident-resolve'));
  const dialog = page.getByTestId('incident-resolve-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('resolve-found')).toBeFocused();
  await shot(page, testInfo, '01-resolve-dialog');
  await press(page, dialog.getByTestId('resolve-submit'));
  await expect(dialog).toBeHidden();
  await expect(history.getByTestId('message')).toContainText(ui.access.incidentStatus.found);
  await expect(history.locator('[data-testid="person-incidents-row"][data-seq="1"]')).toHaveAttribute('data-status', 'found');

  // The file page: flagged while item 2 is open; written off, which needs a reason.
  await press(page, history.getByTestId('person-past').getByTestId('ledger-file-link').first());
  const ledger = page.getByTestId('file-ledger');
  await expect(page.getByTestId('file-page')).toBeVisible();
  await expect(ledger.getByTestId('file-flagged')).toHaveText(ui.ledger.flagged.replace('{{count}}', '1'));
  await ledger.scrollIntoViewIfNeeded();
  await shot(page, testInfo, '02-file-flagged');
  await press(page, ledger.locator('[data-testid="file-incidents-row"][data-seq="2"]').getByTestId('incident-resolve'));
  await expect(dialog.getByTestId('resolve-found')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByTestId('resolve-written_off')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(dialog.getByTestId('resolve-reason')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('field-error')).toHaveText(ui.ledger.reasonMissing);
  await page.keyboard.type('原件遗失，已登记');
  await shot(page, testInfo, '03-write-off-reason');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(ledger.getByTestId('file-flagged')).toHaveCount(0);
  await expect(ledger.locator('[data-testid="file-incidents-row"][data-seq="2"]')).toContainText('原件遗失，已登记');
  expect(await call<unknown[]>(page, 'incidents.list', { archiveNo: returned.archiveNo, open: true })).toHaveLength(0);

  // A hold for another person, from the register by staff number: the file is on the shelf, so ready at once.
  await press(page, ledger.getByTestId('hold-place'));
  const holdDialog = page.getByTestId('hold-dialog');
  await expect(holdDialog.getByTestId('hold-person-search')).toBeFocused();
  await page.keyboard.type(other.staffNo!);
  await expect(holdDialog.getByTestId('hold-person-chosen')).toContainText(other.name);
  await shot(page, testInfo, '04-hold-dialog');
  await press(page, holdDialog.getByTestId('hold-submit'));
  await expect(holdDialog).toBeHidden();
  await expect(ledger.getByTestId('message')).toContainText(other.name);
  await expect(ledger.getByTestId('file-holds-row')).toHaveAttribute('data-status', 'ready');

  // The desk's tile leads to the ready holds; cancel it there (the app's own confirmation).
  await goTo(page, 'circulation');
  await press(page, page.getByTestId('tile-holdsReady'));
  const ready = page.getByTestId('ready-holds');
  await expect(ready.locator('h2')).toBeFocused();
  const readyRow = ready.getByTestId('ready-holds-table-row').filter({ hasText: returned.archiveNo });
  await expect(readyRow).toContainText(other.name);
  await shot(page, testInfo, '05-ready-holds');
  await press(page, readyRow.getByTestId('hold-cancel'));
  await press(page, page.getByTestId('confirm-ok'));
  await expect(ready.getByTestId('message')).toContainText(other.name);
  await expect(ready.getByTestId('ready-holds-table-row').filter({ hasText: returned.archiveNo })).toHaveCount(0);

  // Renewals from the on-loan list: once, then the limit (1 by default); a held file cannot be renewed.
  await call(page, 'holds.place', { archiveNo: held.archiveNo, person: other.id });
  const row = (archiveNo: string) => page.locator(`[data-testid="loan-row"][data-archive-no="${archiveNo}"]`);
  const before = (await row(renewed.archiveNo).locator('td').nth(5).innerText()).trim();
  await press(page, row(renewed.archiveNo).getByTestId('renew-button'));
  await expect(page.getByTestId('message').filter({ hasText: renewed.archiveNo })).toContainText(ui.loans.renew);
  await expect(row(renewed.archiveNo).locator('td').nth(5)).not.toHaveText(before);
  await press(page, row(renewed.archiveNo).getByTestId('renew-button'));
  await expect(page.getByTestId('error')).toHaveText(zhCN.errors['loan.renewLimit'].replace('{{archiveNo}}', renewed.archiveNo).replace('{{count}}', '1').replace('{{max}}', '1'));
  await press(page, row(held.archiveNo).getByTestId('renew-button'));
  await expect(page.getByTestId('error')).toHaveText(zhCN.errors['loan.renewHeld'].replace('{{archiveNo}}', held.archiveNo).replace('{{count}}', '1'));
  await shot(page, testInfo, '06-renew-refused');

  // English: the same refusal in English, the buttons in English.
  await press(page, page.getByTestId('lang-en'));
  await expect(row(held.archiveNo).getByTestId('renew-button')).toHaveText(en.ui.loans.renew);
  await press(page, row(held.archiveNo).getByTestId('renew-button'));
  await expect(page.getByTestId('error')).toHaveText(en.errors['loan.renewHeld'].replace('{{archiveNo}}', held.archiveNo).replace('{{count}}', '1'));
  await expect(page.getByTestId('ready-holds').locator('h2')).toHaveText(en.ui.loans.holdsReady.replace('{{count}}', '0'));
  await shot(page, testInfo, '07-loans-en');
});

test('the lending rules in settings: renewals, working days, a period per level; saved and obeyed', async ({ page, dossier }, testInfo) => {
  await page.goto(dossier.url);
  await signIn(page);
  await goTo(page, 'settings');
  await press(page, page.getByTestId('settings-tab-lending'));
  const form = page.getByTestId('lending-policy-form');
  await expect(form.getByTestId('policy-max-renewals')).toHaveValue('1');
  await form.getByTestId('policy-max-renewals').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('0');
  await form.getByTestId('policy-unit').focus();
  await page.keyboard.press('ArrowDown');
  await expect(form.getByTestId('policy-unit')).toHaveValue('working');
  // A rule with neither kind nor level is refused on the form.
  await press(page, form.getByTestId('rule-add'));
  await form.getByTestId('rule-kind').focus();
  await page.keyboard.press('ArrowUp');
  await expect(form.getByTestId('rule-kind')).toHaveValue('');
  await expect(form.getByTestId('field-error')).toHaveText(ui.settings.lending.ruleEmpty);
  await expect(form.getByTestId('policy-submit')).toBeDisabled();
  await form.getByTestId('rule-level').focus();
  await page.keyboard.press('End');
  await expect(form.getByTestId('rule-level')).toHaveValue('top_secret');
  await form.getByTestId('rule-days').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('1');
  await shot(page, testInfo, '08-lending-policy');
  await press(page, form.getByTestId('policy-submit'));
  await expect(form.getByTestId('message')).toHaveText(ui.settings.lending.saved);
  const policy = await call<{ maxRenewals: number; period: { unit: string }; rules: unknown[] }>(page, 'loans.policy', {});
  expect(policy.maxRenewals).toBe(0);
  expect(policy.period.unit).toBe('working');
  expect(policy.rules).toEqual([{ days: 1, unit: 'working', level: 'top_secret' }]);

  // No renewals now: the on-loan list says so.
  const [loan] = (await call<Loan[]>(page, 'loans.list', { open: true })).filter((l) => !l.overdue);
  await goTo(page, 'loans');
  await press(page, page.locator(`[data-testid="loan-row"][data-archive-no="${loan!.archiveNo}"]`).getByTestId('renew-button'));
  await expect(page.getByTestId('error')).toHaveText(zhCN.errors['loan.renewLimit'].replace('{{archiveNo}}', loan!.archiveNo).replace('{{count}}', '0').replace('{{max}}', '0'));
});

test("the return check's 1/2/3 keys mark a row, and a scanner burst on a row is still a scan", async ({ page, dossier }, testInfo) => {
  await page.goto(dossier.url);
  await signIn(page);
  const [first, second] = await call<Loan[]>(page, 'loans.list', { open: true });
  await goTo(page, 'circulation');
  const scan = page.getByTestId('scan-input');
  await scan.fill(first!.archiveNo);
  await scan.press('Enter');
  const panel = page.getByTestId('return-panel');
  await expect(panel).toContainText(zhCN.ui.circulation.check.keys);
  expect(zhCN.ui.circulation.check.keys).toContain('2 缺失');
  await expect(page.getByTestId('return-button')).toBeFocused();
  const rows = panel.getByTestId('return-item');
  await page.keyboard.press('Tab');
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press('2');
  await expect(rows.nth(0)).toHaveAttribute('data-mark', 'missing');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('3');
  await expect(rows.nth(1)).toHaveAttribute('data-mark', 'damaged');
  await page.waitForTimeout(300);
  await page.keyboard.press('1');
  await expect(rows.nth(1)).toHaveAttribute('data-mark', 'present');
  await expect(scan).toHaveValue('');
  // A person's next digit on the same row comes later than a scanner's next key.
  await page.waitForTimeout(300);
  await page.keyboard.press('3');
  await expect(rows.nth(1)).toHaveAttribute('data-mark', 'damaged');
  await shot(page, testInfo, '09-return-digits');

  // A scanner's burst beginning with a digit, typed on a row: the row's mark is taken back and the whole number goes to the scan box.
  await page.waitForTimeout(300);
  await page.keyboard.type('2026-9999', { delay: 0 });
  await expect(scan).toHaveValue('2026-9999');
  // Still damaged (its mark before the burst), not missing as the burst's "2" would have set it.
  await expect(rows.nth(1)).toHaveAttribute('data-mark', 'damaged');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('error')).toContainText('2026-9999');

  // A real archive number scanned on a row opens that file.
  await scan.fill(first!.archiveNo);
  await scan.press('Enter');
  await expect(panel).toBeVisible();
  await rows.nth(0).focus();
  await page.keyboard.type(second!.archiveNo, { delay: 0 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('file-archive-no')).toHaveText(second!.archiveNo);
});
