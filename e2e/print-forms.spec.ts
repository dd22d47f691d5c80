/**
 * Printed forms in the interface: a file's contents list opens in the print preview (the PDF
 * itself, drawn by pdf.js in the page), Save as PDF downloads the engine's bytes (read back
 * with pdftotext); the client roster prints the columns the clerk ticked; the on-loan list
 * prints the overdue list. Esc closes what it opened.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, Page, TestInfo } from '@playwright/test';
import { ADMIN, expect, initArchive, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A small archive made with the command line: two clients, a file with a contents list. */
function seedArchive(archiveDir: string): string {
  initArchive(archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) => {
    const args = ['call', operation, '--archive', archiveDir, '--user', ADMIN.username, '--input', JSON.stringify(input), '--json'];
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args], { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${operation} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as { id: string; archiveNo: string };
  };
  const client = call('clients.create', { name: '北京恒信环保有限责任公司', contactPerson: '黄芳', address: '北京市朝阳区建国路 88 号' });
  call('clients.create', { name: '成都汇通置业有限责任公司', contactPerson: '马明' });
  const file = call('files.create', { clientId: client.id, title: '客户基本资料' });
  call('items.add', { archiveNo: file.archiveNo, title: '客户信息登记表', responsibleParty: '市场推广部', date: '2026-01-24', pageCount: 2 });
  call('items.add', { archiveNo: file.archiveNo, title: '营业执照副本（复印件）', responsibleParty: '北京市市场监督管理局', date: '2025-01-15', pageCount: 1 });
  return file.archiveNo;
}

async function pdfText(download: Download): Promise<string> {
  const file = (await download.path())!;
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return out.stdout;
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

/** The preview shows every page as a drawn image (not a blank box). */
async function expectDrawnPages(page: Page, pages: number): Promise<void> {
  const preview = page.getByTestId('print-preview');
  // The first print of a session starts a worker thread and reads the fonts: slow on a busy machine.
  await expect(preview).toBeVisible({ timeout: 60_000 });
  await expect(preview.getByTestId('print-page')).toHaveCount(pages, { timeout: 30_000 });
  const sizes = await preview.getByTestId('print-page').evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((img) => [img.naturalWidth, img.naturalHeight]));
  for (const [w, h] of sizes) {
    expect(w).toBeGreaterThan(1000);
    expect(h).toBeGreaterThan(1000);
  }
}

test('a file’s contents list, the client roster and the overdue list print through the preview', async ({ page, dossier }, testInfo) => {
  test.setTimeout(240_000);
  const seededNo = seedArchive(dossier.archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(dossier.url);
  await signIn(page);

  // A file page: 打印卷内目录 → preview → 保存为 PDF.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').filter({ hasText: '北京恒信环保有限责任公司' }).locator('button, a').first().click();
  await page.getByTestId('open-file').first().click();
  const archiveNo = (await page.getByTestId('file-archive-no').innerText()).trim();
  expect(archiveNo).toBe(seededNo);
  await shot(page, testInfo, 'file-page');
  await page.getByTestId('print-contents-button').click();
  await expectDrawnPages(page, 1);
  await expect(page.getByTestId('print-preview-pages')).toContainText('共 1 页');
  await expect(page.getByTestId('print-preview-pages')).toContainText('210 × 297');
  await shot(page, testInfo, 'contents-preview');
  const saved = page.waitForEvent('download');
  await page.getByTestId('print-save').click();
  const download = await saved;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^卷内目录-${archiveNo}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
  const text = (await pdfText(download)).replace(/\s+/g, '');
  expect(text).toContain('卷内目录');
  expect(text).toContain(`档号：${archiveNo}`);
  expect(text).toContain('打印人：王档案');
  // Esc closes the preview and leaves the file page as it was.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('print-preview')).toHaveCount(0);
  await expect(page.getByTestId('file-archive-no')).toHaveText(archiveNo);
  // The jobs tray names the print and offers its PDF again.
  await page.getByTestId('jobs-button').click();
  const job = page
    .getByTestId('job-row')
    .filter({ has: page.locator('[data-operation="print.contents"]') })
    .or(page.locator('[data-operation="print.contents"]'));
  await expect(job.first()).toContainText('打印卷内目录');
  await expect(job.first().getByTestId('job-outcome')).toContainText('已生成 1 页 PDF');
  await page.getByTestId('jobs-button').click();

  // The client roster with the columns ticked.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('print-roster-button').click();
  const dialog = page.getByTestId('print-roster-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('roster-column-address').uncheck();
  await dialog.getByTestId('roster-column-fileCount').check();
  await shot(page, testInfo, 'roster-columns');
  await dialog.getByTestId('print-roster-submit').click();
  const preview = page.getByTestId('print-preview');
  await expect(preview.getByTestId('print-page').first()).toBeVisible({ timeout: 60_000 });
  await shot(page, testInfo, 'roster-preview');
  const rosterSaved = page.waitForEvent('download');
  await preview.getByTestId('print-save').click();
  const roster = (await pdfText(await rosterSaved)).replace(/\s+/g, '');
  expect(roster).toContain('客户信息一览表');
  expect(roster).toContain('档案数');
  expect(roster).toContain('北京恒信环保有限责任公司');
  expect(roster).not.toContain('地址');
  expect(roster).not.toContain('建国路');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The on-loan list: the overdue list (nothing is overdue in this archive: the list says so).
  await page.getByTestId('nav-loans').click();
  await expect(page.getByTestId('print-overdue-button')).toBeVisible();
  await shot(page, testInfo, 'loans-page');
  await page.getByTestId('print-overdue-button').click();
  await expect(page.getByTestId('print-preview').getByTestId('print-page').first()).toBeVisible({ timeout: 60_000 });
  await shot(page, testInfo, 'overdue-preview');
  const overdueSaved = page.waitForEvent('download');
  await page.getByTestId('print-save').click();
  const overdue = (await pdfText(await overdueSaved)).replace(/\s+/g, '');
  expect(overdue).toContain('逾期未还档案清单');
  expect(overdue).toContain('逾期天数');
  expect(overdue).toContain('无逾期未还的档案');
  expect(problems).toEqual([]);
});
