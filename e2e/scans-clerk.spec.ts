/**
 * Scans as a clerk uses them, keyboard only at 1024x700: the viewer keeps the keyboard inside
 * while it is open (Tab cycles through its controls, Esc closes it wherever the focus is) and
 * gives the focus back to the scan it was opened from; the file page keeps its checklist
 * readable beside the scans.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { ADMIN, expect, initArchive, openFilePage, shot, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A PDF of `pages` text pages, as a word processor would write it. */
async function textPdf(file: string, pages: number): Promise<void> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (let i = 1; i <= pages; i++) doc.addPage({ size: 'A4' }).fontSize(28).text(`Page ${i} of ${pages}`, 72, 72);
  doc.end();
  await done;
  writeFileSync(file, Buffer.concat(chunks));
}

/** A one-page PDF carrying `mb` MB of incompressible bytes in an unused stream (a large scan, made quickly). */
function largePdf(file: string, mb: number): void {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  const at = () => parts.reduce((n, b) => n + b.length, 0);
  const object = (n: number, body: Buffer | string) => {
    offsets[n] = at();
    parts.push(Buffer.from(`${n} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\nendobj\n'));
  };
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
  const data = randomBytes(mb * 1024 * 1024);
  object(4, Buffer.concat([Buffer.from(`<< /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]));
  const xref = at();
  const rows = [1, 2, 3, 4].map((n) => `${String(offsets[n]).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${rows}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  writeFileSync(file, Buffer.concat(parts));
}

function dossier(archiveDir: string, args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args, '--archive', archiveDir, '--user', ADMIN.username, '--json'], {
    env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dossier ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

async function seed(archiveDir: string, dir: string): Promise<string> {
  initArchive(archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) => JSON.parse(dossier(archiveDir, ['call', operation, '--input', JSON.stringify(input)])) as { id: string; archiveNo: string };
  const client = call('clients.create', { name: '上海浦江物流股份有限公司' });
  const file = call('files.create', { clientId: client.id, title: '客户基本资料' });
  call('items.add', { archiveNo: file.archiveNo, title: '授权委托书', pageCount: 3 });
  const pdf = path.join(dir, '授权委托书.pdf');
  await textPdf(pdf, 3);
  dossier(archiveDir, ['scan', 'add', '--file', file.archiveNo, '--item', '1', pdf]);
  // Four more scans of the file: a row of cards wider than the panel's half of the page.
  const more = ['营业执照.pdf', '税务登记证.pdf', '开户许可证.pdf', '法定代表人身份证明.pdf'].map((name, i) => {
    const out = path.join(dir, name);
    return textPdf(out, i + 1).then(() => out);
  });
  dossier(archiveDir, ['scan', 'add', '--file', file.archiveNo, ...(await Promise.all(more))]);
  return file.archiveNo;
}

test('the viewer keeps the keyboard inside and gives it back to the scan it was opened from', async ({ page, dossier: server }, testInfo) => {
  test.setTimeout(360_000);
  const archiveNo = await seed(server.archiveDir, testInfo.outputPath());
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  await signIn(page);
  await openFilePage(page, archiveNo);

  await expect(page.getByTestId('scan-card')).toHaveCount(5);
  const card = page.getByTestId('scan-card').filter({ hasText: '授权委托书.pdf' });
  // The checklist beside the scans keeps a readable width at 1024 px (it was squeezed to a word a line).
  const checklist = (await page.getByTestId('checklist').boundingBox())!;
  expect(checklist.width).toBeGreaterThan(240);
  await card.focus();
  await page.keyboard.press('Enter');
  const viewer = page.getByTestId('scan-viewer');
  // Long under load: the page is drawn by the engine beside the thumbnails (two at a time, so calls still get through).
  await expect(viewer.getByTestId('viewer-page')).toBeVisible({ timeout: 150_000 });
  await expect(viewer.getByTestId('viewer-page-of')).toHaveText('第 1 页，共 3 页');

  // Tab and Shift+Tab go round the viewer's controls, never to the page behind it.
  const inside = () => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="scan-viewer"]')));
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    expect(await inside(), `Tab ${i + 1} left the viewer`).toBe(true);
  }
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inside(), `Shift+Tab ${i + 1} left the viewer`).toBe(true);
  }
  // A page turned from a thumbnail, then the keys still work from that button.
  await viewer.getByTestId('viewer-thumb').nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(viewer.getByTestId('viewer-page-of')).toHaveText('第 2 页，共 3 页');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByTestId('viewer-page-of')).toHaveText('第 3 页，共 3 页');
  await shot(page, testInfo, 'viewer-keyboard');

  // Esc closes the viewer wherever the focus is, and the scan's card has it again.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(card).toBeFocused();

  // Opened again, Esc in the find box first leaves the box, a second Esc closes.
  await page.keyboard.press('Enter');
  await expect(viewer.getByTestId('viewer-page')).toBeVisible({ timeout: 150_000 });
  await page.keyboard.press('f');
  await expect(viewer.getByTestId('viewer-find')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(card).toBeFocused();
});

test('a batch with refused files stores the others and names each refused one with its reason', async ({ page, dossier: server }, testInfo) => {
  test.setTimeout(240_000);
  initArchive(server.archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) =>
    JSON.parse(dossier(server.archiveDir, ['call', operation, '--input', JSON.stringify(input)])) as { id: string; archiveNo: string };
  const client = call('clients.create', { name: '北京宏远建工集团有限公司' });
  const { archiveNo } = call('files.create', { clientId: client.id, title: '客户基本资料' });
  const dir = testInfo.outputPath();
  await textPdf(path.join(dir, '营业执照.pdf'), 1);
  await textPdf(path.join(dir, '授权委托书.pdf'), 2);
  // Opening needs a password (pdfkit's RC4/AES encryption), and an empty file.
  const locked = new PDFDocument({ userPassword: 'secret', ownerPassword: 'owner' });
  const chunks: Buffer[] = [];
  locked.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => locked.on('end', resolve));
  locked.fontSize(20).text('locked');
  locked.end();
  await ended;
  writeFileSync(path.join(dir, '加密合同.pdf'), Buffer.concat(chunks));
  writeFileSync(path.join(dir, '空白.pdf'), '');

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  await signIn(page);
  await openFilePage(page, archiveNo);
  await page.getByTestId('scan-file-input').setInputFiles(['营业执照.pdf', '加密合同.pdf', '空白.pdf', '授权委托书.pdf'].map((f) => path.join(dir, f)));

  const refused = page.getByTestId('scan-refused');
  await expect(refused).toBeVisible({ timeout: 120_000 });
  await expect(refused).toContainText('以下 2 个文件未保存');
  await expect(refused).toContainText('“加密合同.pdf”是加密');
  await expect(refused).toContainText('“空白.pdf”是空文件');
  await expect(page.getByTestId('scan-card')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('scan-card').filter({ hasText: '营业执照.pdf' })).toBeVisible();
  await expect(page.getByTestId('scan-card').filter({ hasText: '授权委托书.pdf' })).toContainText('2 页');
  await page.getByTestId('scans-panel').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'batch-refused');
  await page.getByTestId('scan-refused-dismiss').click();
  await expect(refused).toHaveCount(0);
});

test('a large scan shows its upload by bytes: the bar moves while the one file is still going', async ({ page, dossier: server }, testInfo) => {
  test.setTimeout(240_000);
  initArchive(server.archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) =>
    JSON.parse(dossier(server.archiveDir, ['call', operation, '--input', JSON.stringify(input)])) as { id: string; archiveNo: string };
  const client = call('clients.create', { name: '北京宏远建工集团有限公司' });
  const { archiveNo } = call('files.create', { clientId: client.id, title: '客户基本资料' });
  const big = path.join(testInfo.outputPath(), '工程合同扫描件.pdf');
  mkdirSync(path.dirname(big), { recursive: true });
  largePdf(big, 120);

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  await signIn(page);
  await openFilePage(page, archiveNo);
  await page.getByTestId('scan-file-input').setInputFiles(big);

  // Sampled while the file goes: some value strictly between nothing and all of it (a count of files would sit at 0 of 1).
  const bar = page.getByTestId('scan-upload-progress');
  const seen: number[] = [];
  for (let i = 0; i < 600 && (await bar.count()) > 0; i++) {
    const share = await bar.evaluate((el) => (el as HTMLProgressElement).value / (el as HTMLProgressElement).max).catch(() => null);
    if (share !== null) seen.push(share);
    if (seen.some((v) => v > 0 && v < 1)) break;
    await page.waitForTimeout(50);
  }
  expect(
    seen.some((v) => v > 0 && v < 1),
    `progress samples ${seen.join(', ')}`,
  ).toBe(true);
  await shot(page, testInfo, 'upload-progress');
  await expect(page.getByTestId('scan-card').filter({ hasText: '工程合同扫描件.pdf' })).toBeVisible({ timeout: 180_000 });
});

test('the inbox: a scan the scanner folder could not route is viewed and assigned to a file and item with the keyboard', async ({ page, dossier: server }, testInfo) => {
  test.setTimeout(300_000);
  initArchive(server.archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) =>
    JSON.parse(dossier(server.archiveDir, ['call', operation, '--input', JSON.stringify(input)])) as { id: string; archiveNo: string };
  const client = call('clients.create', { name: '广州南方物产有限公司' });
  const { archiveNo } = call('files.create', { clientId: client.id, title: '客户基本资料' });
  call('items.add', { archiveNo, title: '营业执照副本', pageCount: 1 });
  call('items.add', { archiveNo, title: '授权委托书', pageCount: 1 });
  // The scanner wrote a file with no archive number in its name and no barcode: the hot folder puts it in the inbox.
  const hot = path.join(testInfo.outputPath(), 'hot');
  mkdirSync(hot, { recursive: true });
  await textPdf(path.join(hot, 'SCAN0001.pdf'), 2);
  await textPdf(path.join(hot, '..', 'SCAN0002.pdf'), 1);
  dossier(server.archiveDir, ['watch', '--folder', hot, '--once', '--stable', '1']);

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  await signIn(page);
  await page.getByTestId('nav-inbox').focus();
  await page.keyboard.press('Enter');
  const row = page.getByTestId('inbox-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('SCAN0001.pdf');
  await expect(row).toContainText('2 页');
  await expect(row).toContainText('扫描仪文件夹');
  await shot(page, testInfo, 'inbox');

  // Looked at first: the viewer opens from the name and Esc gives the focus back to it.
  await row.getByTestId('inbox-open').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scan-viewer').getByTestId('viewer-page-of')).toHaveText('第 1 页，共 2 页');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scan-viewer')).toHaveCount(0);
  await expect(row.getByTestId('inbox-open')).toBeFocused();

  // A wrong number is refused in words; the right one (typed as a scanner would, then Enter) shows the file and its items.
  await row.getByTestId('inbox-assign-open').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inbox-archive-no')).toBeFocused();
  await page.keyboard.type('KH-2099-9999');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inbox-assign-error')).toContainText('KH-2099-9999');
  await page.getByTestId('inbox-archive-no').fill('');
  await page.keyboard.type(archiveNo, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inbox-file')).toContainText(archiveNo);
  await page.getByTestId('inbox-item').focus();
  await page.getByTestId('inbox-item').selectOption('2');
  await shot(page, testInfo, 'inbox-assign');
  await page.getByTestId('inbox-assign-submit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`扫描件“SCAN0001.pdf”已归入 ${archiveNo} 第 2 件。`)).toBeVisible();
  await expect(page.getByTestId('inbox-row')).toHaveCount(0);

  // It is on the file's page now, on item 2.
  await page.keyboard.press('Control+k');
  await page.keyboard.type(archiveNo);
  await page.locator('[data-testid="search-hit"][data-kind="file"]').first().click();
  await expect(page.getByTestId('scan-card').filter({ hasText: 'SCAN0001.pdf' })).toContainText('第 2 件 · 2 页');

  // Files dropped on an item's row: the scans panel with the upload's progress comes into view, the scan lands on the item.
  const row1 = page.getByTestId('item-row').first();
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByTestId('scans-panel')).not.toBeInViewport({ ratio: 0.9 });
  const pdf = readFileSync(path.join(hot, '..', 'SCAN0002.pdf'));
  const transfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], '营业执照副本.pdf', { type: 'application/pdf' }));
    return dt;
  }, pdf.toString('base64'));
  await row1.dispatchEvent('dragover', { dataTransfer: transfer });
  await row1.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('scans-panel')).toBeInViewport({ ratio: 0.9 });
  await expect(page.getByTestId('scan-card').filter({ hasText: '营业执照副本.pdf' })).toContainText('第 1 件 · 1 页', { timeout: 120_000 });

  // In English the inbox speaks English.
  await page.getByTestId('lang-en').click();
  await page.getByTestId('nav-inbox').click();
  await expect(page.getByTestId('inbox-screen')).toContainText('Scan inbox');
  await expect(page.getByTestId('inbox-screen')).not.toContainText(/[\u4e00-\u9fff]/);
});
