/**
 * Labels in the interface: an administrator calibrates a layout and picks what folder labels
 * show (Settings › 标签); a clerk's view prints the labels of a box's files and the box's own
 * label from the locations tree, and one file's label from its page; the saved PDF is read
 * back (pdftotext) and its barcodes scanned (zbarimg).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, signIn, test, shot } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = zhCN.ui;

/** Runs a dossier command as the administrator (the archive is not open yet) and returns its JSON. */
function cli(archiveDir: string, args: string[]): Record<string, unknown> {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args, '--archive', archiveDir, '--user', ADMIN.username, '--json'], {
    env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dossier ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** A client with two files shelved in one box (一号库房 / A柜 / 1架 / 1盒) and one more file elsewhere. */
function prepareArchive(archiveDir: string): { files: string[]; boxPath: string } {
  initArchive(archiveDir, '客户档案室');
  const client = cli(archiveDir, ['client', 'add', '--name', '上海众联能源工程有限公司']);
  const files = ['客户基本资料', '合同及订单档案', '回访记录'].map((title) => String(cli(archiveDir, ['file', 'add', '--client', String(client.id), '--title', title]).archiveNo));
  const save = (input: object) => cli(archiveDir, ['call', 'locations.save', '--input', JSON.stringify(input)]);
  const room = save({ kind: 'room', code: '1', name: '一号库房' });
  const cabinet = save({ kind: 'cabinet', parentId: room.id, code: 'A', name: 'A柜' });
  const shelf = save({ kind: 'shelf', parentId: cabinet.id, code: '1', name: '1架' });
  const box = save({ kind: 'box', parentId: shelf.id, code: '1', name: '1盒' });
  for (const archiveNo of files.slice(0, 2)) cli(archiveDir, ['call', 'files.move', '--input', JSON.stringify({ archiveNo, locationId: box.id })]);
  return { files, boxPath: String(box.path) };
}

/** Makes the PDF in the open label dialog, saves it, and returns its text and scanned barcodes. */
async function makeAndSave(page: Page, testInfo: TestInfo, name: string): Promise<{ text: string; codes: string[] }> {
  const dialog = page.getByTestId('label-dialog');
  await dialog.getByTestId('label-make-button').click();
  // The preview shows the PDF's pages; Save as PDF there gives the very bytes.
  await expect(page.getByTestId('print-page').first()).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo, `${name}-preview`);
  const download = page.waitForEvent('download');
  await page.getByTestId('print-save').click();
  const file = testInfo.outputPath(`${name}.pdf`);
  await (await download).saveAs(file);
  await page.getByTestId('print-close').click();
  await expect(dialog.getByTestId('label-pdf-result')).toBeVisible();
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-r', '300', '-png', '-f', '1', '-l', '1', file, testInfo.outputPath(name)]);
  const png = (await import('node:fs')).readdirSync(testInfo.outputPath('.')).find((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))!;
  const scanned = spawnSync('zbarimg', ['-q', testInfo.outputPath(png)], { encoding: 'utf8' }).stdout;
  return { text, codes: scanned.split('\n').filter(Boolean) };
}

test('labels: calibrate a layout, choose what folder labels show, print a box’s labels and a file’s label', async ({ page, dossier }, testInfo) => {
  // Ten command-line calls prepare the archive, then three PDFs are made and read back.
  test.setTimeout(180_000);
  const prepared = prepareArchive(dossier.archiveDir);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await signIn(page, ADMIN);

  // Settings › 标签: the shipped layouts, a calibration, what folder labels show.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-labels').click();
  await expect(page.getByTestId('layout-row')).toHaveCount(7);
  await shot(page, testInfo, 'settings-labels');
  const row = page.getByTestId('layout-row').filter({ hasText: 'A4 3×7' });
  await row.getByTestId('calibrate-layout-button').click();
  const calibrate = page.getByTestId('calibrate-dialog');
  await calibrate.getByTestId('offset-x-input').fill('1.5');
  await calibrate.getByTestId('offset-y-input').fill('-1');
  await calibrate.getByTestId('print-calibration-button').click();
  await expect(page.getByTestId('print-page')).toHaveCount(1, { timeout: 30_000 });
  await shot(page, testInfo, 'calibration-preview');
  await page.getByTestId('print-close').click();
  await expect(calibrate.getByTestId('label-pdf-result')).toBeVisible();
  await shot(page, testInfo, 'calibrate-dialog');
  await calibrate.getByTestId('calibrate-submit').click();
  await expect(calibrate).toBeHidden();
  await expect(row.getByTestId('layout-offsets')).toHaveText('+1.5 / -1');

  const folder = page.locator('[data-testid="label-template"][data-kind="folder"]');
  await folder.getByTestId('template-field-title').uncheck();
  await folder.getByTestId('template-submit').click();
  await expect(folder.getByTestId('message')).toContainText(ui.labels.templateSaved.replace('{{kind}}', ui.labels.kinds.folder));

  // Locations: the files of a box, then the box's own label.
  await page.getByTestId('nav-locations').click();
  const box = page.locator('[data-testid="location-node"][data-kind="box"]').first();
  await box.click();
  await expect(box).toHaveAttribute('data-path', prepared.boxPath);
  const archiveNos = prepared.files.slice(0, 2);
  await expect(page.getByTestId('location-file-row')).toHaveCount(2);
  await page.getByTestId('location-labels-button').click();
  const dialog = page.getByTestId('label-dialog');
  await dialog.getByTestId('label-kind-select').selectOption('folder');
  await dialog.getByTestId('label-layout-select').selectOption({ label: `${ui.labels.layoutKinds.sheet} A4 3×7 · 63.5×38.1 毫米` });
  await dialog.getByTestId('label-start-input').fill('4');
  await shot(page, testInfo, 'label-dialog');
  const boxFiles = await makeAndSave(page, testInfo, 'box-files');
  for (const no of archiveNos) {
    expect(boxFiles.text).toContain(no);
    expect(boxFiles.codes).toContain(`CODE-128:${no}`);
  }
  // The folder label no longer shows the title (the template just saved).
  expect(boxFiles.text).not.toContain(ui.labelCaptions.title);
  expect(boxFiles.text).not.toContain(prepared.files[2]!);
  await dialog.getByTestId('label-dialog-close').click();

  await page.getByTestId('location-box-labels-button').click();
  await expect(dialog.getByTestId('label-kind-select')).toHaveValue('box');
  await dialog.getByTestId('label-layout-select').selectOption({ label: `${ui.labels.layoutKinds.roll} 100×50 · 100×50 毫米` });
  const boxLabel = await makeAndSave(page, testInfo, 'box-label');
  expect(boxLabel.text.replace(/\s+/g, '')).toContain(prepared.boxPath.replace(/\s+/g, ''));
  expect(boxLabel.text).toContain(`${archiveNos[0]}–${archiveNos[1]}`);
  await dialog.getByTestId('label-dialog-close').click();

  // A file's page: its spine label on a roll.
  await page.getByTestId('location-file-row').first().getByRole('button').first().click();
  await page.getByTestId('file-labels-button').click();
  await dialog.getByTestId('label-layout-select').selectOption({ label: `${ui.labels.layoutKinds.roll} 60×40 · 60×40 毫米` });
  await expect(dialog.getByTestId('label-start-input')).toHaveCount(0);
  const one = await makeAndSave(page, testInfo, 'file-label');
  expect(one.codes).toEqual([`CODE-128:${archiveNos[0]}`]);
  await shot(page, testInfo, 'file-label-dialog');
});
