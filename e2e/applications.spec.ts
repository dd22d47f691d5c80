/**
 * The borrowing ledger end to end, keyboard only (no mouse): a clerk records an application
 * for a colleague, the department head (signed in separately, in a second browser context)
 * approves it, the clerk lends by typing the archive number and the staff number and pressing
 * Enter, the file comes back with one item missing, and the incident shows on the file and on
 * the borrower. Also measures the time from Enter to the confirmed loan on the page.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { en } from '../shared/i18n/en.js';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, shot, test } from './fixtures.js';

const SMALL = { width: 1024, height: 700 };
const CLERK = { username: 'xiaoli', displayName: '档案员小李', password: 'clerk-password-1' };
const HEAD = { username: 'zhao', displayName: '赵部长', password: 'head-password-1' };

/** An operation through the page's own session (the set-up and the engine-side return; the scenario itself is typed). */
async function api<T>(page: Page, operation: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([op, body]) => {
      const token = sessionStorage.getItem('dossier.token');
      const res = await fetch(`/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const json = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!res.ok || !json.ok) throw new Error(`${op}: ${JSON.stringify(json)}`);
      return json.value;
    },
    [operation, input] as const,
  ) as Promise<T>;
}

/** The scenario's archive: the clerk, the head of 销售部, 李明 (S001) and 王芳 (S002) of 销售部, a file of a 销售部 client with four items. */
async function prepare(admin: Page): Promise<{ archiveNo: string; others: string[] }> {
  for (const [user, role] of [
    [CLERK, 'clerk'],
    [HEAD, 'department_head'],
  ] as const)
    await api(admin, 'users.create', { username: user.username, displayName: user.displayName, password: user.password, role });
  await api(admin, 'departments.add', { name: '销售部', head: HEAD.username });
  await api(admin, 'people.add', { kind: 'staff', name: '李明', department: '销售部', staffNo: 'S001', cardNo: 'C9001' });
  await api(admin, 'people.add', { kind: 'staff', name: '王芳', department: '销售部', staffNo: 'S002' });
  const client = await api<{ id: string }>(admin, 'clients.create', { name: '天津金桥物流有限公司', accountManager: '销售部 李明' });
  const file = await api<{ archiveNo: string }>(admin, 'files.create', { clientId: client.id, title: '合同档案（2025年度）' });
  for (const title of ['房屋租赁合同', '补充协议', '营业执照复印件', '开票信息']) await api(admin, 'items.add', { archiveNo: file.archiveNo, title, pageCount: 2 });
  const others: string[] = [];
  for (const i of [1, 2, 3, 4, 5]) others.push((await api<{ archiveNo: string }>(admin, 'files.create', { clientId: client.id, title: `基本资料 ${i}` })).archiveNo);
  return { archiveNo: file.archiveNo, others };
}

type User = { username: string; password: string; displayName: string };

async function signInWith(browser: Browser, url: string, user: User): Promise<Page> {
  const context = await browser.newContext({ viewport: SMALL, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  await signInOn(page, user);
  return page;
}

/** The unlock screen, by keyboard. */
async function signInOn(page: Page, user: User): Promise<void> {
  await page.getByTestId('username-input').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.getByTestId('password-input').focus();
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toContainText(user.displayName);
}

/** One unlocked session per archive (the host of this computer): a user locks before the next signs in. */
async function lock(page: Page): Promise<void> {
  await page.getByTestId('lock-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('username-input')).toBeVisible();
}

/** Alt+N of the section (the nav's order for this user). */
async function goTo(page: Page, section: string): Promise<void> {
  const items = await page.locator('nav.app-nav button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
  const index = items.indexOf(`nav-${section}`);
  expect(index, `${section} in the nav`).toBeGreaterThanOrEqual(0);
  await page.keyboard.press(`Alt+${index + 1}`);
  await expect(page.getByTestId(`nav-${section}`)).toHaveAttribute('aria-current', 'page');
}

/** Arms a timer on the page: from the Enter that submits the lend form to the confirmed loan's message. */
async function armLendTimer(page: Page, archiveNo: string): Promise<void> {
  await page.evaluate((no) => {
    const w = window as unknown as { lendMs?: Promise<number> };
    w.lendMs = new Promise<number>((resolve) => {
      let start = 0;
      const onKey = (e: KeyboardEvent) => {
        if (e.key === 'Enter' && (e.target as HTMLElement).closest('[data-testid="lend-form"]')) start = performance.now();
      };
      document.addEventListener('keydown', onKey, true);
      const observer = new MutationObserver(() => {
        const message = document.querySelector('.desk-feedback [data-testid="message"]');
        if (start && message?.textContent?.includes(no)) {
          observer.disconnect();
          document.removeEventListener('keydown', onKey, true);
          resolve(performance.now() - start);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, archiveNo);
}

const lendMs = (page: Page) => page.evaluate(() => (window as unknown as { lendMs: Promise<number> }).lendMs);

test('a clerk records an application, the head approves it in a session of their own, the clerk lends it by keyboard, it comes back with an item missing', async ({
  browser,
  dossier: server,
}, testInfo) => {
  test.setTimeout(180_000);
  initArchive(server.archiveDir, '客户档案室');
  const admin = await signInWith(browser, server.url, ADMIN);
  const { archiveNo, others } = await prepare(admin);
  await lock(admin);
  await admin.context().close();
  const ui = zhCN.ui;

  // The clerk records an application for 李明 (a colleague): requester by staff number, the file by its number.
  const clerk = await signInWith(browser, server.url, CLERK);
  await shot(clerk, testInfo, '01-desk-dashboard-zh');
  await expect(clerk.getByTestId('desk-dashboard')).toBeVisible();
  await goTo(clerk, 'applications');
  await clerk.getByTestId('new-application').focus();
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('application-dialog')).toBeVisible();
  await clerk.getByTestId('requester-search').focus();
  await clerk.keyboard.type('S001');
  await expect(clerk.getByTestId('requester-chosen')).toContainText('销售部 李明');
  await clerk.keyboard.press('Tab');
  await expect(clerk.getByTestId('application-archive-no')).toBeFocused();
  await clerk.keyboard.type(archiveNo);
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('application-file-row')).toContainText('合同档案（2025年度）');
  await clerk.getByTestId('application-purpose').focus();
  await clerk.keyboard.type('合同续签核对');
  await shot(clerk, testInfo, '02-application-form-zh');
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('application-dialog')).toBeHidden();
  const detail = clerk.getByTestId('application-detail');
  await expect(detail.getByTestId('application-status')).toHaveText(ui.access.status.pending);
  await expect(detail.getByTestId('application-step')).toContainText('销售部负责人（赵部长）');
  await expect(detail.getByTestId('application-step')).toContainText(ui.applications.waiting);
  await shot(clerk, testInfo, '03-application-pending-zh');

  // Lending before the approval is refused, naming who it waits for.
  await goTo(clerk, 'circulation');
  await clerk.getByTestId('scan-input').focus();
  await clerk.keyboard.type(archiveNo);
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('borrower-input')).toBeFocused();
  await clerk.keyboard.type('S001');
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('lend-form').getByTestId('error')).toContainText('赵部长');

  // The head of 销售部, signed in separately, approves it from "waiting for me".
  // The head of 销售部 signs in separately (the clerk locks first: one unlocked session per archive).
  await lock(clerk);
  const head = await signInWith(browser, server.url, HEAD);
  await expect(head.getByTestId('tile-waitingForMe')).toContainText('1');
  await goTo(head, 'applications');
  await expect(head.getByTestId('applications-tab-forMe')).toHaveAttribute('aria-selected', 'true');
  await head.getByTestId('application-open').focus();
  await head.keyboard.press('Enter');
  await head.getByTestId('approve-comment').focus();
  await head.keyboard.type('同意，三日内归还');
  await shot(head, testInfo, '04-approver-zh');
  await head.keyboard.press('Enter');
  await expect(head.getByTestId('application-detail').getByTestId('application-status')).toHaveText(ui.access.status.approved);
  await expect(head.getByTestId('application-step')).toContainText('同意，三日内归还');
  await expect(head.getByTestId('application-step')).toContainText(HEAD.displayName);

  // The clerk, signed in again, sees the decision: who, when, the comment.
  await lock(head);
  await signInOn(clerk, CLERK);
  await goTo(clerk, 'applications');
  await clerk.getByTestId('application-open').focus();
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('application-detail').getByTestId('application-status')).toHaveText(ui.access.status.approved);
  await expect(clerk.getByTestId('application-step')).toHaveAttribute('data-decision', 'approved');
  await expect(clerk.getByTestId('application-step')).toContainText('同意，三日内归还');
  await shot(clerk, testInfo, '05-application-approved-zh');

  // The clerk lends it: archive number, Enter, staff number, Enter. The approved application is matched.
  await goTo(clerk, 'circulation');
  await clerk.getByTestId('scan-input').focus();
  await clerk.keyboard.type(archiveNo);
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('borrower-input')).toBeFocused();
  await clerk.keyboard.type('S001');
  await expect(clerk.getByTestId('borrower-person')).toContainText('李明');
  await armLendTimer(clerk, archiveNo);
  await clerk.keyboard.press('Enter');
  await expect(clerk.locator('.desk-feedback [data-testid="message"]')).toContainText(archiveNo);
  const timings = [await lendMs(clerk)];
  await expect(clerk.getByTestId('scan-input')).toBeFocused();
  await shot(clerk, testInfo, '06-lent-zh');

  // More loans (paper approvals typed at the desk) for the Enter → confirmed figure.
  for (const no of others) {
    await clerk.keyboard.type(no);
    await clerk.keyboard.press('Enter');
    await expect(clerk.getByTestId('borrower-input')).toBeFocused();
    await clerk.keyboard.type('S002');
    await clerk.getByTestId('paper-signed-by').focus();
    await clerk.keyboard.type('赵部长');
    await armLendTimer(clerk, no);
    await clerk.keyboard.press('Enter');
    await expect(clerk.locator('.desk-feedback [data-testid="message"]')).toContainText(no);
    timings.push(await lendMs(clerk));
    await expect(clerk.getByTestId('scan-input')).toBeFocused();
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const figure = { samples: timings.map((ms) => Math.round(ms)), medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]!), maxMs: Math.round(sorted.at(-1)!) };
  const report = testInfo.outputPath('lend-enter-to-confirmed.json');
  writeFileSync(report, JSON.stringify(figure, null, 2));
  await testInfo.attach('lend-enter-to-confirmed', { path: report, contentType: 'application/json' });
  console.log(`Enter → confirmed loan on the page: ${JSON.stringify(figure)}`);
  // The target is under 100 ms; on this shared 2-core machine the figure is reported, and only a gross regression fails.
  expect(figure.medianMs).toBeLessThan(1000);

  // It comes back: scanned at the desk, the contents list checked, item 2 marked missing, Enter.
  await clerk.keyboard.type(archiveNo);
  await clerk.keyboard.press('Enter');
  const panel = clerk.getByTestId('return-panel');
  await expect(panel.getByTestId('return-item')).toHaveCount(4);
  // Item 2's mark: Space on its row turns 齐全 into 缺失 (digits go to the scan box: a scanner types them).
  await panel.getByTestId('return-item').first().focus();
  await clerk.keyboard.press('ArrowDown');
  await clerk.keyboard.press(' ');
  await expect(panel.getByTestId('return-item').nth(1).getByTestId('return-item-mark')).toHaveValue('missing');
  await panel.getByTestId('return-note').focus();
  await clerk.keyboard.type('补充协议未见');
  await shot(clerk, testInfo, '06b-return-check-zh');
  await panel.getByTestId('return-button').focus();
  await clerk.keyboard.press('Enter');
  await expect(panel).toBeHidden();
  await expect(clerk.locator('.desk-feedback')).toContainText('补充协议');

  // The incident shows on the borrower …
  await goTo(clerk, 'people');
  await clerk.getByTestId('people-search').focus();
  await clerk.keyboard.type('S001');
  await expect(clerk.getByTestId('person-row')).toHaveCount(1);
  await clerk.getByTestId('person-open').focus();
  await clerk.keyboard.press('Enter');
  const history = clerk.getByTestId('person-history');
  await expect(history.getByTestId('person-incidents-row')).toContainText(ui.access.incidentKind.missing);
  await expect(history.getByTestId('person-incidents-row')).toContainText('补充协议');
  await expect(history.getByTestId('person-incidents-row')).toHaveAttribute('data-status', 'open');
  await expect(history.getByTestId('person-past-row')).toContainText(archiveNo);
  await shot(clerk, testInfo, '07-borrower-incident-zh');

  // … and on the file, with the loan's approval.
  await history.getByTestId('person-past').getByTestId('ledger-file-link').focus();
  await clerk.keyboard.press('Enter');
  const ledger = clerk.getByTestId('file-ledger');
  await expect(ledger.getByTestId('file-incidents-row')).toContainText('补充协议');
  await expect(ledger.getByTestId('file-ledger-entries-row').first()).toContainText(`${HEAD.displayName}：${ui.access.decision.approved}`);
  await ledger.scrollIntoViewIfNeeded();
  await shot(clerk, testInfo, '08-file-incident-zh');

  // Reports: the overdue list and a period's statistics (nothing overdue today; six loans).
  await goTo(clerk, 'reports');
  await expect(clerk.getByTestId('overdue-summary')).toContainText('0');
  await clerk.getByTestId('reports-tab-statistics').focus();
  await clerk.keyboard.press('Enter');
  await clerk.getByTestId('statistics-show').focus();
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('stat-loans')).toHaveText('6');
  await shot(clerk, testInfo, '09-statistics-zh');

  // The same screens in English.
  await clerk.getByTestId('lang-en').focus();
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('reports-tab-statistics')).toHaveText(en.ui.reports.tab.statistics);
  await clerk.getByTestId('statistics-show').focus();
  await clerk.keyboard.press('Enter');
  await shot(clerk, testInfo, '10-statistics-en');
  await goTo(clerk, 'applications');
  await clerk.getByTestId('applications-tab-all').focus();
  await clerk.keyboard.press('Enter');
  await clerk.getByTestId('application-row').filter({ hasText: archiveNo }).getByTestId('application-open').focus();
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('application-detail').getByTestId('application-status')).toHaveText(en.ui.access.status.approved);
  await shot(clerk, testInfo, '11-application-en');
  await goTo(clerk, 'people');
  await clerk.getByTestId('people-search').focus();
  await clerk.keyboard.type('S001');
  await expect(clerk.getByTestId('person-row')).toHaveCount(1);
  await clerk.getByTestId('person-open').focus();
  await clerk.keyboard.press('Enter');
  await expect(clerk.getByTestId('person-incidents-row')).toContainText(en.ui.access.incidentKind.missing);
  await shot(clerk, testInfo, '12-borrower-en');
  await goTo(clerk, 'circulation');
  await expect(clerk.getByTestId('tile-outNow')).toContainText('5');
  await shot(clerk, testInfo, '13-desk-dashboard-en');
  await head.context().close();
  await clerk.context().close();
});

test('people, departments, routing rules and the leaver reassignment by person, at 1024x700 in Chinese and English', async ({ browser, dossier: server }, testInfo) => {
  test.setTimeout(150_000);
  initArchive(server.archiveDir, '客户档案室');
  const admin = await signInWith(browser, server.url, ADMIN);
  await api(admin, 'users.create', { username: HEAD.username, displayName: HEAD.displayName, password: HEAD.password, role: 'department_head' });
  await api(admin, 'departments.add', { name: '销售部' });
  await api(admin, 'people.add', { kind: 'staff', name: '张伟', department: '销售部', staffNo: 'S010' });
  const client = await api<{ id: string }>(admin, 'clients.create', { name: '北京宏远建工集团有限公司', accountManager: '销售部 张伟' });
  const file = await api<{ archiveNo: string }>(admin, 'files.create', { clientId: client.id, title: '合同档案' });
  await api(admin, 'loans.lend', { archiveNo: file.archiveNo, borrower: 'S010', paperApproval: { signedBy: '赵部长', signedOn: '2026-01-05' } });
  const ui = zhCN.ui;

  // A department with its head, typed.
  await goTo(admin, 'people');
  await admin.getByTestId('people-tab-departments').focus();
  await admin.keyboard.press('Enter');
  await admin.getByTestId('department-name').focus();
  await admin.keyboard.type('财务部');
  await admin.getByTestId('department-head').focus();
  await admin.keyboard.type(HEAD.username);
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('department-row').filter({ hasText: '财务部' })).toContainText(HEAD.displayName);
  await shot(admin, testInfo, '21-departments-zh');

  // A staff member with a card barcode, through the dialog.
  await admin.getByTestId('people-tab-people').focus();
  await admin.keyboard.press('Enter');
  await admin.getByTestId('add-person').focus();
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('person-dialog')).toBeVisible();
  await admin.getByTestId('person-name').focus();
  await admin.keyboard.type('王芳');
  await admin.getByTestId('person-department').selectOption({ label: '财务部' });
  await admin.getByTestId('person-staff-no').focus();
  await admin.keyboard.type('F001');
  await admin.getByTestId('person-card-no').focus();
  await admin.keyboard.type('C2001');
  await shot(admin, testInfo, '22-person-dialog-zh');
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('person-dialog')).toBeHidden();
  await admin.getByTestId('people-search').focus();
  await admin.keyboard.type('C2001');
  await expect(admin.getByTestId('person-row')).toHaveCount(1);
  await expect(admin.getByTestId('person-row')).toContainText('财务部');
  await shot(admin, testInfo, '23-people-zh');

  // The routing rules: the seeds' four by default.
  await goTo(admin, 'applications');
  await admin.getByTestId('applications-tab-rules').focus();
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('rule-row')).toHaveCount(4);
  await expect(admin.getByTestId('approval-rules')).toContainText(ui.rules.defaults);
  await shot(admin, testInfo, '24-rules-zh');

  // The leaver is chosen as a person: their open loan (by id) holds the reassignment up.
  await goTo(admin, 'clients');
  await admin.getByTestId('reassign-button').focus();
  await admin.keyboard.press('Enter');
  await admin.getByTestId('reassign-from').focus();
  await admin.keyboard.press('ArrowDown');
  await expect(admin.getByTestId('reassign-preview')).toContainText('销售部 张伟');
  await expect(admin.getByTestId('reassign-loan-row')).toContainText(file.archiveNo);
  await expect(admin.getByTestId('reassign-submit')).toBeDisabled();
  await shot(admin, testInfo, '25-reassign-zh');
  await admin.keyboard.press('Escape');

  // English.
  await admin.getByTestId('lang-en').focus();
  await admin.keyboard.press('Enter');
  await goTo(admin, 'people');
  await admin.getByTestId('people-tab-departments').focus();
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('departments-table')).toContainText(en.ui.people.head);
  await shot(admin, testInfo, '26-departments-en');
  await goTo(admin, 'applications');
  await admin.getByTestId('applications-tab-rules').focus();
  await admin.keyboard.press('Enter');
  await expect(admin.getByTestId('approval-rules')).toContainText(en.ui.rules.defaults);
  await shot(admin, testInfo, '27-rules-en');
  await goTo(admin, 'reports');
  await expect(admin.getByTestId('overdue-summary')).toContainText('0 files overdue');
  await shot(admin, testInfo, '28-overdue-en');
  await admin.context().close();
});
