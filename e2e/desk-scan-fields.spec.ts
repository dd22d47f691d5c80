/**
 * A borrower's card scanned while focus is in another field of the lend form (借阅用途, 纸质审批签字人)
 * is the borrower, not that field's text: before, the card number was kept as the purpose or the
 * signer and the loan saved with it once the borrower was typed (outside check Q2, finding F2).
 */
import type { Page } from '@playwright/test';
import { call, expect, initArchive, shot, signIn, test } from './fixtures.js';

interface LoanRow {
  archiveNo: string;
  borrowerId: string;
  purpose: string;
  applicationId: string | null;
}

/** A fresh archive with two files in stock and 扫码测试员 (card 0099887766) in the register, signed in at 1024x700. */
async function desk(page: Page, url: string, archiveDir: string): Promise<{ files: string[]; personId: string }> {
  initArchive(archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(url);
  await signIn(page);
  const client = await call<{ id: string }>(page, 'clients.create', { name: '广州恒信物业有限公司' });
  const files: string[] = [];
  for (const title of ['客户基本资料', '合同及订单档案']) files.push((await call<{ archiveNo: string }>(page, 'files.create', { clientId: client.id, title })).archiveNo);
  await call(page, 'departments.add', { name: '销售部' });
  const person = await call<{ id: string }>(page, 'people.add', { kind: 'staff', name: '扫码测试员', department: '销售部', staffNo: 'QA01', cardNo: '0099887766' });
  await page.reload();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  return { files, personId: person.id };
}

/** A scanner: the characters a few ms apart, then Enter. */
async function scan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 10 });
  await page.keyboard.press('Enter');
}

test('a card scanned in 借阅用途 or 签字人 becomes the borrower and lends; the field keeps what the clerk typed', async ({ page, dossier }, testInfo) => {
  const { files, personId } = await desk(page, dossier.url, dossier.archiveDir);
  const [first, second] = files;

  // Purpose typed, then the card scanned while focus is still in the purpose field.
  const scanBox = page.getByTestId('scan-input');
  await scanBox.focus();
  await scan(page, first!);
  await expect(page.getByTestId('file-archive-no')).toHaveText(first!);
  await page.getByTestId('paper-signed-by').fill('赵经理');
  await page.getByTestId('purpose-input').fill('合同核对');
  await page.getByTestId('purpose-input').focus();
  await scan(page, '0099887766');
  await expect(page.getByTestId('recent-row').first()).toHaveAttribute('data-archive-no', first!);
  await shot(page, testInfo, 'card-in-purpose-lent');
  let loans = await call<LoanRow[]>(page, 'loans.list', { open: true });
  const lentFirst = loans.find((l) => l.archiveNo === first);
  expect(lentFirst).toMatchObject({ borrowerId: personId, purpose: '合同核对' });

  // The card scanned while focus is in the signer field: the signer stays 赵经理.
  await scanBox.focus();
  await scan(page, second!);
  await expect(page.getByTestId('file-archive-no')).toHaveText(second!);
  await page.getByTestId('paper-signed-by').fill('赵经理');
  await page.getByTestId('paper-signed-by').focus();
  await scan(page, '0099887766');
  await expect(page.getByTestId('recent-row').first()).toHaveAttribute('data-archive-no', second!);
  loans = await call<LoanRow[]>(page, 'loans.list', { open: true });
  const lentSecond = loans.find((l) => l.archiveNo === second)!;
  expect(lentSecond).toMatchObject({ borrowerId: personId, purpose: '' });
  const application = await call<{ paper: { signedBy: string } | null }>(page, 'applications.get', { id: lentSecond.applicationId });
  expect(application.paper?.signedBy).toBe('赵经理');
});

test('a fast burst in 借阅用途 that is nobody’s card stays the purpose; Enter still says the borrower is missing', async ({ page, dossier }) => {
  const {
    files: [file],
  } = await desk(page, dossier.url, dossier.archiveDir);
  await page.getByTestId('scan-input').focus();
  await scan(page, file!);
  await expect(page.getByTestId('file-archive-no')).toHaveText(file!);
  await page.getByTestId('purpose-input').focus();
  await scan(page, 'ZZ9999');
  await expect(page.getByTestId('purpose-input')).toHaveValue('ZZ9999');
  await expect(page.getByText('请填写借阅人的工号或借阅卡号。')).toBeVisible();
  await expect(page.getByTestId('borrower-input')).toHaveValue('');
});

test('the due-date hint states the lending policy’s period for the file’s level, as the engine will store it', async ({ page, dossier }) => {
  const {
    files: [file],
  } = await desk(page, dossier.url, dossier.archiveDir);
  await call(page, 'loans.updatePolicy', { period: { days: 5, unit: 'working' }, rules: [{ level: 'restricted', days: 1, unit: 'calendar' }] });
  const client = await call<{ id: string }>(page, 'clients.create', { name: '天津金桥物流有限公司' });
  const secret = await call<{ archiveNo: string }>(page, 'files.create', { clientId: client.id, title: '合同', confidentiality: 'restricted' });
  const scanBox = page.getByTestId('scan-input');
  await scanBox.focus();
  await scan(page, file!);
  await expect(page.getByTestId('lend-form')).toContainText('留空按默认期限 5 个工作日');
  await page.keyboard.press('Escape');
  await scanBox.focus();
  await scan(page, secret.archiveNo);
  await expect(page.getByTestId('file-archive-no')).toHaveText(secret.archiveNo);
  await expect(page.getByTestId('lend-form')).toContainText('留空按默认期限 1 天');
});
