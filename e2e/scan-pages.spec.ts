/**
 * An item's page count from its scans, on the file page: a PDF dropped on an item nobody counted
 * fills its 页数 and the contents list's 页号 follow (said in the confirmation); one dropped on an
 * item whose count was typed differently keeps the typed count and the panel says so until
 * dismissed (keyboard). 1024x700, Chinese. The archive does not read text here (ocrEnabled off).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import PDFDocument from 'pdfkit';
import { ADMIN, expect, initArchive, shot, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function seed(archiveDir: string): void {
  initArchive(archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) => {
    const args = ['call', operation, '--archive', archiveDir, '--user', ADMIN.username, '--input', JSON.stringify(input), '--json'];
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args], { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${operation} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as { id: string; archiveNo: string };
  };
  call('settings.update', { ocrEnabled: false });
  const client = call('clients.create', { name: '南京瑞丰商混有限公司' });
  const file = call('files.create', { clientId: client.id, title: '客户基本资料' });
  call('items.add', { archiveNo: file.archiveNo, title: '营业执照副本' });
  call('items.add', { archiveNo: file.archiveNo, title: '房屋租赁合同', pageCount: 3 });
}

/** A PDF of `pages` A4 pages, made in memory. */
function pdfBytes(text: string, pages: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    for (let i = 0; i < pages; i++)
      doc
        .addPage({ size: 'A4' })
        .fontSize(14)
        .text(`${text} page ${i + 1}`, 72, 72);
    doc.end();
  });
}

async function dropFile(page: Page, target: ReturnType<Page['locator']>, name: string, bytes: Buffer): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'application/pdf' }));
      return dt;
    },
    { name, data: bytes.toString('base64') },
  );
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

test('a scan fills an uncounted item’s page count; a typed count that differs is kept and said', async ({ page, dossier }, testInfo) => {
  test.setTimeout(180_000);
  seed(dossier.archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').filter({ hasText: '南京瑞丰商混有限公司' }).locator('button, a').first().click();
  await page.getByTestId('open-file').first().click();
  const rows = page.getByTestId('item-row');
  await expect(rows).toHaveCount(2);

  await dropFile(page, rows.filter({ hasText: '营业执照副本' }), '营业执照.pdf', await pdfBytes('licence', 2));
  await expect(page.getByTestId('message')).toContainText('第 1 件的页数已按扫描件改为 2 页（原为 1）', { timeout: 60_000 });
  await expect(rows.nth(0)).toContainText('1-2');
  await expect(rows.nth(1)).toContainText('3-5');

  await dropFile(page, rows.filter({ hasText: '房屋租赁合同' }), '租赁合同.pdf', await pdfBytes('lease', 1));
  const warning = page.getByTestId('scan-page-warnings');
  await expect(warning).toContainText('第 2 件登记的页数为 3，扫描件共 1 页：登记的页数未改，请核对原件与扫描件。', { timeout: 60_000 });
  await expect(rows.nth(1)).toContainText('3-5');
  await warning.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'scan-page-warning');
  // Dismissed from the keyboard.
  await page.getByTestId('scan-page-warnings-dismiss').focus();
  await page.keyboard.press('Enter');
  await expect(warning).toHaveCount(0);
});
