/**
 * Labels for a selection of files: on the client's page the clerk ticks files (Space on a
 * focused checkbox, Shift+click for a range), prints the labels of exactly those through the
 * label dialog and preview, and the saved PDF holds those archive numbers and no other, each
 * scanning back; search results and a location's files offer the same selection.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, shot, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = zhCN.ui;

function cli(archiveDir: string, args: string[]): Record<string, unknown> {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args, '--archive', archiveDir, '--user', ADMIN.username, '--json'], {
    env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dossier ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

test('labels for the files ticked in a list: Space, Shift+click, the bar, the PDF of exactly those', async ({ page, dossier }, testInfo) => {
  test.setTimeout(180_000);
  initArchive(dossier.archiveDir, '客户档案室');
  const client = cli(dossier.archiveDir, ['client', 'add', '--name', '杭州瑞丰环保科技有限公司']);
  const files = ['客户基本资料', '合同及订单档案', '权证档案', '回访记录', '保证金记录'].map((title) =>
    String(cli(dossier.archiveDir, ['file', 'add', '--client', String(client.id), '--title', title]).archiveNo),
  );

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(dossier.url);
  await signIn(page, ADMIN);
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').filter({ hasText: '杭州瑞丰环保科技有限公司' }).click();
  const rows = page.getByTestId('file-row');
  await expect(rows).toHaveCount(5);
  const bar = page.getByTestId('selection-bar');
  await expect(bar).toContainText(ui.selection.hint);

  // Keyboard: the first file's checkbox, Space ticks it.
  const box = (i: number) => rows.nth(i).getByTestId('select-row');
  await box(0).focus();
  await page.keyboard.press('Space');
  await expect(box(0)).toBeChecked();
  // Shift+click: the range from the last one ticked (files 1 to 3), then file 5 alone; then file 1 off again.
  await box(2).click({ modifiers: ['Shift'] });
  await box(4).click();
  await box(0).click();
  for (const [i, on] of [false, true, true, false, true].entries()) await (on ? expect(box(i)).toBeChecked() : expect(box(i)).not.toBeChecked());
  await expect(bar).toHaveAttribute('data-count', '3');
  await expect(bar).toContainText(ui.selection.count_other.replace('{{count}}', '3'));
  await shot(page, testInfo, 'client-files-selected');

  // Print labels for the selected: the dialog names them, the preview shows the PDF.
  await bar.getByTestId('selection-labels-button').click();
  const dialog = page.getByTestId('label-dialog');
  await expect(dialog).toContainText(ui.labels.files_other.replace('{{count}}', '3'));
  await dialog.getByTestId('label-layout-select').selectOption({ label: `${ui.labels.layoutKinds.sheet} A4 3×7 · 63.5×38.1 毫米` });
  await dialog.getByTestId('label-make-button').click();
  await expect(page.getByTestId('print-page').first()).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo, 'selected-labels-preview');
  // Print: the sheets handed to the dialog are drawn at 300 dpi (an A4 page 2,480 dots wide), not the 150 dpi of the preview.
  await page.evaluate(() => {
    window.print = () => {
      const sheets = [...document.querySelectorAll<HTMLImageElement>('.print-sheets img')];
      document.body.dataset.printed = sheets.map((img) => img.naturalWidth).join(',');
    };
  });
  await page.getByTestId('print-print').click();
  await expect.poll(async () => Number(await page.evaluate(() => document.body.dataset.printed ?? '0'))).toBeGreaterThanOrEqual(2480);
  const download = page.waitForEvent('download');
  await page.getByTestId('print-save').click();
  const file = testInfo.outputPath('selected.pdf');
  await (await download).saveAs(file);
  const chosen = [files[1]!, files[2]!, files[4]!];
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const no of files) expect(text.includes(no), no).toBe(chosen.includes(no));
  execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', file, testInfo.outputPath('selected')]);
  const png = readdirSync(testInfo.outputPath('.')).find((f) => f === 'selected.png')!;
  const codes = spawnSync('zbarimg', ['-q', testInfo.outputPath(png)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
  for (const no of chosen) expect(codes).toContain(`CODE-128:${no}`);
  await page.getByTestId('print-close').click();
  await dialog.getByTestId('label-dialog-close').click();

  // The header box: all, then none.
  await page.getByTestId('select-all').click();
  await expect(bar).toHaveAttribute('data-count', '5');
  await bar.getByTestId('selection-clear').click();
  await expect(bar).toHaveAttribute('data-count', '0');
  // Keyboard only: Space on file 2, Shift+Space on file 4 takes 2 to 4.
  await box(1).focus();
  await page.keyboard.press('Space');
  await box(3).focus();
  await page.keyboard.press('Shift+Space');
  for (const [i, on] of [false, true, true, true, false].entries()) await (on ? expect(box(i)).toBeChecked() : expect(box(i)).not.toBeChecked());
  await bar.getByTestId('selection-clear').click();

  // Search results: files found can be ticked the same way (clients found cannot).
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('档案');
  // 合同及订单档案, 权证档案 and the client's hits; only the files have a checkbox.
  const results = page.locator('[data-testid="search-result"][data-kind="file"]');
  await expect(results).toHaveCount(2);
  await expect(page.locator('[data-testid="search-result"]:not([data-kind="file"]) [data-testid="select-row"]')).toHaveCount(0);
  await results.nth(0).getByTestId('select-row').click();
  await results.nth(1).getByTestId('select-row').click();
  // Ticking never opens the file.
  await expect(page.getByTestId('search-page')).toBeVisible();
  const searchBar = page.getByTestId('selection-bar');
  await expect(searchBar).toHaveAttribute('data-count', '2');
  await shot(page, testInfo, 'search-selected');
  await searchBar.getByTestId('selection-labels-button').click();
  await expect(page.getByTestId('label-dialog')).toContainText(ui.labels.files_other.replace('{{count}}', '2'));
});
