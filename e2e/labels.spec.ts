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
import { ADMIN, expect, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = zhCN.ui;

function initDemoArchive(archiveDir: string): void {
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'dossier.mjs'),
      'init',
      '--archive',
      archiveDir,
      '--user',
      ADMIN.username,
      '--display-name',
      ADMIN.displayName,
      '--archive-name',
      '客户档案室',
      '--demo',
    ],
    { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`dossier init failed: ${result.stderr}`);
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** Makes the PDF in the open label dialog, saves it, and returns its text and scanned barcodes. */
async function makeAndSave(page: Page, testInfo: TestInfo, name: string): Promise<{ text: string; codes: string[] }> {
  const dialog = page.getByTestId('label-dialog');
  await dialog.getByTestId('label-make-button').click();
  await expect(dialog.getByTestId('label-pdf-result')).toBeVisible();
  const download = page.waitForEvent('download');
  await dialog.getByTestId('label-pdf-save').click();
  const file = testInfo.outputPath(`${name}.pdf`);
  await (await download).saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-r', '300', '-png', '-f', '1', '-l', '1', file, testInfo.outputPath(name)]);
  const png = (await import('node:fs')).readdirSync(testInfo.outputPath('.')).find((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))!;
  const scanned = spawnSync('zbarimg', ['-q', testInfo.outputPath(png)], { encoding: 'utf8' }).stdout;
  return { text, codes: scanned.split('\n').filter(Boolean) };
}

test('labels: calibrate a layout, choose what folder labels show, print a box’s labels and a file’s label', async ({ page, dossier }, testInfo) => {
  initDemoArchive(dossier.archiveDir);
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
  const boxPath = (await box.getAttribute('data-path'))!;
  const archiveNos = await page.getByTestId('location-file-row').locator('td').first().allTextContents();
  expect(archiveNos.length).toBeGreaterThan(0);
  await page.getByTestId('location-labels-button').click();
  const dialog = page.getByTestId('label-dialog');
  await dialog.getByTestId('label-kind-select').selectOption('folder');
  await dialog.getByTestId('label-layout-select').selectOption({ label: `${ui.labels.layoutKinds.sheet} A4 3×7 · 63.5×38.1 mm` });
  await dialog.getByTestId('label-start-input').fill('4');
  await shot(page, testInfo, 'label-dialog');
  const boxFiles = await makeAndSave(page, testInfo, 'box-files');
  for (const no of archiveNos) {
    expect(boxFiles.text).toContain(no.trim());
    expect(boxFiles.codes).toContain(`CODE-128:${no.trim()}`);
  }
  // The folder label no longer shows the title (the template just saved).
  expect(boxFiles.text).not.toContain(ui.labelCaptions.title);
  await dialog.getByTestId('label-dialog-close').click();

  await page.getByTestId('location-box-labels-button').click();
  await expect(dialog.getByTestId('label-kind-select')).toHaveValue('box');
  await dialog.getByTestId('label-layout-select').selectOption({ label: `${ui.labels.layoutKinds.roll} 100×50 · 100×50 mm` });
  const boxLabel = await makeAndSave(page, testInfo, 'box-label');
  expect(boxLabel.text.replace(/\s+/g, '')).toContain(boxPath.replace(/\s+/g, ''));
  await dialog.getByTestId('label-dialog-close').click();

  // A file's page: its spine label on a roll.
  await page.getByTestId('location-file-row').first().getByRole('button').first().click();
  await page.getByTestId('file-labels-button').click();
  await dialog.getByTestId('label-layout-select').selectOption({ label: `${ui.labels.layoutKinds.roll} 60×40 · 60×40 mm` });
  await expect(dialog.getByTestId('label-start-input')).toHaveCount(0);
  const one = await makeAndSave(page, testInfo, 'file-label');
  expect(one.codes).toEqual([`CODE-128:${archiveNos[0]!.trim()}`]);
  await shot(page, testInfo, 'file-label-dialog');
});
