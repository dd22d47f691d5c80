/**
 * In-room reading (查阅) at the desk and linking a user account to a staff member, keyboard only
 * at 1024x700: a reading is recorded with a paper approval, the file shows as being read, a scan
 * of it opens the return check and confirming ends the reading; an administrator links a user.
 */
import type { Page } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { call, expect, setUpDemo, test } from './fixtures.js';

const ui = zhCN.ui;

interface ReadingRow {
  archiveNo: string;
  reader: string;
  readerId: string | null;
  endedAt: string | null;
}

async function scan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
}

test('a reading with a paper approval, ended by scanning the file again; a user linked to a person', async ({ page, dossier }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await setUpDemo(page, dossier.url);

  // A file on the shelf and a colleague with nothing overdue (the lending rules block the others).
  let archiveNo = '';
  for (let i = 1; i <= 80 && !archiveNo; i++) {
    const no = `KH-2026-${String(i).padStart(4, '0')}`;
    const file = await call<{ status: string }>(page, 'files.get', { archiveNo: no }).catch(() => null);
    if (file?.status === 'in_stock') archiveNo = no;
  }
  expect(archiveNo).not.toBe('');
  const loans = await call<{ overdue: boolean; borrowerId: string }[]>(page, 'loans.list', { open: true });
  const overdue = new Set(loans.filter((l) => l.overdue).map((l) => l.borrowerId));
  const { rows: staff } = await call<{ rows: { id: string; name: string; staffNo: string | null; username: string | null }[] }>(page, 'people.list', { kind: 'staff' });
  const reader = staff.find((p) => p.staffNo && !overdue.has(p.id))!;
  expect(reader).toBeTruthy();

  await expect(page.getByTestId('scan-input')).toBeFocused();
  await scan(page, archiveNo);
  await expect(page.getByTestId('file-archive-no')).toHaveText(archiveNo);
  await expect(page.getByTestId('borrower-input')).toBeFocused();

  // 查阅 instead of 外借: Shift+Tab to the choice, the arrow picks it; no due date is asked.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('lend-mode-loan')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lend-mode-read')).toBeChecked();
  await expect(page.getByTestId('due-date-input')).toHaveCount(0);
  await expect(page.getByTestId('lend-submit')).toHaveText(ui.circulation.startReading);

  // The reader by staff number; without an approval the refusal is translated, with the signed paper form it starts.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('borrower-input')).toBeFocused();
  await page.keyboard.type(reader.staffNo!);
  await expect(page.getByTestId('borrower-person')).toContainText(reader.name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lend-form').getByTestId('error')).toContainText('没有查阅档案');
  await page.keyboard.press('Tab');
  await page.keyboard.type('复核查阅');
  await expect(page.getByTestId('purpose-input')).toHaveValue('复核查阅');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('paper-signed-by')).toBeFocused();
  await page.keyboard.type('赵经理');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message')).toContainText(ui.circulation.readStarted.split('：')[0]!);
  await expect(page.getByTestId('message')).toContainText(archiveNo);
  await expect(page.locator(`[data-testid="recent-row"][data-kind="read"][data-archive-no="${archiveNo}"]`)).toHaveCount(1);
  let open = (await call<ReadingRow[]>(page, 'loans.readings', { open: true })).filter((r) => r.archiveNo === archiveNo);
  expect(open).toHaveLength(1);
  expect(open[0]!.readerId).toBe(reader.id);
  expect(open[0]!.endedAt).toBeNull();
  expect((await call<{ archiveNo: string }[]>(page, 'loans.list', { open: true })).map((l) => l.archiveNo)).not.toContain(archiveNo);

  // Scanned again: shown as being read, with the reader, and the return check's confirm has focus.
  await expect(page.getByTestId('scan-input')).toBeFocused();
  await scan(page, archiveNo);
  await expect(page.getByTestId('file-card').getByTestId('status-badge')).toHaveText(ui.circulation.readingTitle);
  await expect(page.getByTestId('reading-reader')).toContainText(reader.name);
  await expect(page.getByTestId('loan-due-date')).toHaveCount(0);
  await expect(page.getByTestId('return-button')).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('desk-reading.png') });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message')).toContainText(ui.circulation.readEnded.split('：')[0]!);
  await expect(page.locator(`[data-testid="recent-row"][data-kind="readEnded"][data-archive-no="${archiveNo}"]`)).toHaveCount(1);
  open = (await call<ReadingRow[]>(page, 'loans.readings', { open: true })).filter((r) => r.archiveNo === archiveNo);
  expect(open).toHaveLength(0);
  const all = (await call<ReadingRow[]>(page, 'loans.readings', { open: false })).filter((r) => r.archiveNo === archiveNo);
  expect(all).toHaveLength(1);
  expect(all[0]!.endedAt).not.toBeNull();
  expect((await call<{ status: string }>(page, 'files.get', { archiveNo })).status).toBe('in_stock');

  // 人员登记: an administrator links an unlinked user account to a staff member, by keyboard.
  const users = await call<{ username: string; active: boolean }[]>(page, 'users.list', {});
  const linked = new Set(staff.map((p) => p.username).filter(Boolean));
  const user = users.find((u) => u.active && !linked.has(u.username))!;
  expect(user).toBeTruthy();
  const person = staff.find((p) => !p.username)!;
  await page.getByTestId('nav-people').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('people-search')).toBeFocused();
  await page.keyboard.type(person.name);
  const row = page.locator(`[data-testid="person-row"][data-id="${person.id}"]`);
  await expect(row).toHaveCount(1);
  await row.getByTestId('person-open').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('person-account')).toHaveText(ui.people.accountNone);
  await page.getByTestId('link-user-select').focus();
  await page.getByTestId('link-user-select').selectOption(user.username);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('link-user-save')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message')).toContainText(user.username);
  await expect(page.getByTestId('person-account')).toContainText(user.username);
  await expect(row.locator('td').nth(3)).toHaveText(user.username);
  expect((await call<{ username: string | null }>(page, 'people.get', { person: person.id })).username).toBe(user.username);
});
