/**
 * An office's ledger as it really is: one sheet per year, a category the archive does not
 * know. The clerk sees every sheet, leaves one out, maps the unknown value to one of the
 * seeds' categories, and the clients arrive with it.
 */
import ExcelJS from 'exceljs';
import { expect, initArchive, signIn, test } from './fixtures.js';

async function ledger(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheets: [string, [string, string][]][] = [
    [
      '2024年',
      [
        ['咸阳秦都混凝土有限公司', '混凝土企业'],
        ['宝鸡渭滨建材有限公司', '重点工程'],
      ],
    ],
    ['2025年', [['汉中汉台商混有限公司', '混凝土企业']]],
    ['已注销', [['铜川王益物流有限公司', '其他客户']]],
  ];
  for (const [name, rows] of sheets) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(['客户名称', '客户类别']);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test('every sheet is listed, one is left out, and an unknown category is mapped to one the archive has', async ({ page, dossier }) => {
  initArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);

  await page.getByTestId('nav-import').click();
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: '客户台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await ledger() });
  await page.getByTestId('dry-run-button').click();
  await expect(page.getByTestId('import-sheet')).toHaveCount(3);
  await expect(page.getByTestId('import-summary')).toContainText('共 4 行');
  // The unknown value is listed once, with its two rows.
  const unknown = page.getByTestId('unknown-value');
  await expect(unknown).toHaveCount(1);
  await expect(unknown).toContainText('混凝土企业');
  await expect(unknown).toContainText('2 行');

  await unknown.getByTestId('unknown-choice').selectOption('map');
  await unknown.getByTestId('unknown-map-to').selectOption('商混站');
  await page.locator('[data-testid="import-sheet"][data-sheet="已注销"] input').uncheck();
  await page.getByRole('button', { name: '重新检查' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('共 3 行：3 行正确');
  await expect(page.getByTestId('import-sheets-read')).toContainText('读取的工作表：2024年、2025年');
  await expect(page.getByTestId('unknown-value')).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('checked.png'), fullPage: true });

  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-summary')).toContainText('导入完成：新建客户 3 户');

  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-row')).toHaveCount(3);
  await expect(page.getByTestId('client-row').filter({ hasText: '咸阳秦都混凝土有限公司' })).toContainText('商混站');
  await expect(page.getByTestId('client-row').filter({ hasText: '铜川王益物流有限公司' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('imported.png'), fullPage: true });
});
