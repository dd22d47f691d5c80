/**
 * Scans in the interface: a scanned PDF dropped on a contents-list item is stored, its
 * thumbnail and page count show and fill the item's pages, its text is read in the background,
 * the viewer opens it (page, zoom, rotate, keyboard), and the global search finds it by a
 * Chinese phrase printed on it and opens the viewer with the phrase highlighted. 1024x700, in
 * Chinese, then the viewer in English.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { ADMIN, expect, fullPageShot, initArchive, shot, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function seed(archiveDir: string): { archiveNo: string } {
  initArchive(archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) => {
    const args = ['call', operation, '--archive', archiveDir, '--user', ADMIN.username, '--input', JSON.stringify(input), '--json'];
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args], { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${operation} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as { id: string; archiveNo: string };
  };
  const client = call('clients.create', { name: '上海浦江物流股份有限公司' });
  const file = call('files.create', { clientId: client.id, title: '客户基本资料' });
  call('items.add', { archiveNo: file.archiveNo, title: '客户信息登记表', pageCount: 2 });
  call('items.add', { archiveNo: file.archiveNo, title: '授权委托书', pageCount: 1 });
  return { archiveNo: file.archiveNo };
}

/** Drops a file on an element the way a file manager does (a DataTransfer with the file). */
async function dropFile(page: Page, selector: ReturnType<Page['locator']>, name: string, bytes: Buffer, type: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, data, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type }));
      return dt;
    },
    { name, data: bytes.toString('base64'), type },
  );
  await selector.dispatchEvent('dragover', { dataTransfer: transfer });
  await selector.dispatchEvent('drop', { dataTransfer: transfer });
}

test('a scan dropped on an item is shown, read and found by a phrase printed on it', async ({ page, dossier }, testInfo) => {
  test.setTimeout(300_000);
  const { archiveNo } = seed(dossier.archiveDir);
  const pdfPath = testInfo.outputPath('授权委托书.pdf');
  const made = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ocrSample.ts'), pdfPath], { cwd: ROOT, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`sample PDF: ${made.stderr}`);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await signIn(page);

  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').filter({ hasText: '上海浦江物流股份有限公司' }).locator('button, a').first().click();
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-archive-no')).toHaveText(archiveNo);
  await expect(page.getByTestId('scans-panel')).toContainText('尚无扫描件');

  // Dropped on item 2 (授权委托书).
  const row = page.getByTestId('item-row').filter({ hasText: '授权委托书' });
  await dropFile(page, row, '授权委托书.pdf', readFileSync(pdfPath), 'application/pdf');
  const card = page.getByTestId('scan-card');
  await expect(card).toHaveCount(1, { timeout: 60_000 });
  await expect(card.getByTestId('scan-pages')).toHaveText('第 2 件 · 1 页');
  await expect(card.getByTestId('scan-thumbnail')).toBeVisible({ timeout: 60_000 });
  expect(await card.getByTestId('scan-thumbnail').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
  // The text is read in the background (the setting is on by default).
  await expect(card.getByTestId('scan-ocr')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await page.getByTestId('scans-panel').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'file-page-scans');
  await fullPageShot(page, testInfo, 'file-page-full');

  // The viewer: the page drawn, page count, zoom and rotate, keyboard.
  await card.click();
  const viewer = page.getByTestId('scan-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId('viewer-page')).toBeVisible({ timeout: 60_000 });
  await expect(viewer.getByTestId('viewer-page-of')).toHaveText('第 1 页，共 1 页');
  await expect(viewer.getByTestId('viewer-thumb')).toHaveCount(1);
  await viewer.press('+');
  await expect(viewer.getByTestId('viewer-zoom')).toHaveText('125%');
  await viewer.press('r');
  await expect(viewer.locator('.viewer-frame')).toHaveAttribute('data-rotation', '90');
  await shot(page, testInfo, 'viewer-rotated');
  await viewer.press('r');
  await viewer.press('r');
  await viewer.press('r');
  await viewer.press('-');
  await viewer.press('Escape');
  await expect(viewer).toHaveCount(0);

  // The global search finds the scan by a phrase printed on it, and opens it highlighted.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('客户档案查阅');
  const hit = page.locator('[data-kind="scan"]').first();
  await expect(hit).toBeVisible({ timeout: 30_000 });
  await expect(hit).toContainText('扫描件');
  await hit.click();
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId('viewer-hit')).toHaveCount(1, { timeout: 30_000 });
  await expect(viewer.getByTestId('viewer-hits')).toHaveText('找到 1 处');
  await expect(viewer.getByTestId('viewer-find')).toHaveValue('客户档案查阅');
  await shot(page, testInfo, 'viewer-highlight');
  // The highlight sits on the drawn line: inside the page, about a third of the way down.
  const pageBox = (await viewer.getByTestId('viewer-page').boundingBox())!;
  const markBox = (await viewer.getByTestId('viewer-hit').boundingBox())!;
  expect(markBox.y).toBeGreaterThan(pageBox.y + pageBox.height * 0.25);
  expect(markBox.y + markBox.height).toBeLessThan(pageBox.y + pageBox.height * 0.4);

  // In English the viewer speaks English.
  await page.keyboard.press('Escape');
  await page.getByTestId('lang-en').click();
  await page.getByTestId('scan-card').click();
  await expect(viewer.getByTestId('viewer-page-of')).toHaveText('Page 1 of 1');
  await viewer.getByTestId('viewer-find').fill('复印');
  await viewer.getByTestId('viewer-find').press('Enter');
  await expect(viewer.getByTestId('viewer-hits')).toHaveText(/match/);
  await shot(page, testInfo, 'viewer-en');
  expect(problems).toEqual([]);
});
