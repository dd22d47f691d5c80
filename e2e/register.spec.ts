/**
 * The client register in a real browser: import a spreadsheet of Chinese clients,
 * find one by a two-character fragment, change a core field with a reason and see the
 * history, shelve a file and see where it is.
 */
import { en } from '../shared/i18n/en.js';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, signIn, test, shot } from './fixtures.js';

const ui = zhCN.ui;

/** A valid unified social credit code (GB 32100 check character) from its first 17 characters. */
function creditCode(first17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(first17[i]!) * weights[i]!;
  const check = 31 - (sum % 31);
  return first17 + chars[check === 31 ? 0 : check];
}

const CLIENTS_CSV = [
  '客户名称,统一社会信用代码,法定代表人,联系人,联系电话,客户经理',
  `杭州西湖建材有限公司,${creditCode('91330106MA27A0001')},陈建国,王丽,13800001111,销售部 张伟`,
  `宁波港城物流股份有限公司,${creditCode('91330201MA27A0002')},林海,周敏,13800002222,销售部 张伟`,
  '温州瓯江商贸有限公司,123,赵强,钱芳,13800003333,销售部 李娜',
  `绍兴鉴湖纺织有限公司,,孙立,吴静,13800004444,销售部 李娜`,
].join('\r\n');

test('a clerk imports clients from a spreadsheet, finds one by two characters and changes a core field with a reason', async ({ page, dossier }, testInfo) => {
  initArchive(dossier.archiveDir, '客户档案室');
  await page.goto(dossier.url);
  await signIn(page);

  // Import: dry run first, with the bad row reported by its row number.
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: '客户名单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${CLIENTS_CSV}`, 'utf8') });
  await page.getByTestId('dry-run-button').click();
  const badRow = page.getByTestId('import-report-row');
  await expect(badRow).toHaveCount(1);
  await expect(badRow.first()).toHaveAttribute('data-row', '4');
  await expect(badRow.first()).toContainText('123');
  await expect(page.getByTestId('mapping-row')).toHaveCount(6);
  await expect(page.getByTestId('import-summary')).toContainText('3 行正确');
  await shot(page, testInfo, '01-dry-run');

  // Nothing is written by the dry run.
  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-total')).toHaveText(ui.clients.total.replace('{{total}}', '0'));

  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: '客户名单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${CLIENTS_CSV}`, 'utf8') });
  await page.getByTestId('dry-run-button').click();
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-summary')).toContainText('导入完成：新建客户 3 户');
  await shot(page, testInfo, '02-imported');

  // The client list shows them; two Chinese characters find one.
  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-total')).toHaveText(ui.clients.total.replace('{{total}}', '3'));
  await page.getByTestId('client-search').fill('港城');
  await expect(page.getByTestId('client-row')).toHaveCount(1);
  await expect(page.getByTestId('client-row')).toContainText('宁波港城物流股份有限公司');
  await expect(page.getByTestId('client-total')).toHaveText(ui.clients.total.replace('{{total}}', '1'));

  // The global search finds it too (Ctrl+K), labelled as a client.
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('global-search')).toBeFocused();
  await page.keyboard.type('鉴湖');
  const hit = page.getByTestId('search-hit').first();
  await expect(hit).toContainText('绍兴鉴湖纺织有限公司');
  await expect(hit).toContainText(ui.search.kinds.client);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('client-name')).toHaveText('绍兴鉴湖纺织有限公司');

  // Back to the one found in the list.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-search').fill('港城');
  // The list answers the search within a moment; click only once it shows the match.
  await expect(page.getByTestId('client-row').first()).toContainText('宁波港城物流股份有限公司');
  await page.getByTestId('client-row').first().click();
  await expect(page.getByTestId('client-name')).toHaveText('宁波港城物流股份有限公司');
  await expect(page.getByTestId('contact-row')).toContainText(['周敏']);

  // A core field without a reason is refused, in Chinese.
  await page.getByTestId('client-edit-button').click();
  const form = page.getByTestId('client-edit-form');
  await form.getByTestId('edit-legalRepresentative').fill('林海涛');
  await form.getByTestId('client-edit-submit').click();
  await expect(form.getByTestId('error')).toHaveText(zhCN.errors['history.reasonRequired'].replace('{{field}}', ui.historyFields.legalRepresentative));
  await shot(page, testInfo, '03-reason-required');

  // With a reason it is saved, and the history shows old → new, who and why.
  await form.getByTestId('reason-input').fill('工商变更登记，法定代表人更换');
  await form.getByTestId('client-edit-submit').click();
  await expect(form).toBeHidden();
  const row = page.getByTestId('history-row').filter({ hasText: ui.historyFields.legalRepresentative });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('林海');
  await expect(row).toContainText('林海涛');
  await expect(row).toContainText('工商变更登记，法定代表人更换');
  await expect(row).toContainText(ADMIN.displayName);
  await expect(page.getByTestId('client-facts')).toContainText('林海涛');

  // A new daily contact keeps the old one as a former contact.
  await page.getByTestId('client-edit-button').click();
  await form.getByTestId('edit-daily-name').fill('郑洁');
  await form.getByTestId('edit-daily-phone').fill('13900005555');
  await form.getByTestId('client-edit-submit').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('contact-row').filter({ hasText: '郑洁' })).toHaveAttribute('data-current', 'true');
  await expect(page.getByTestId('contact-row').filter({ hasText: '周敏' })).toHaveAttribute('data-current', 'false');
  await shot(page, testInfo, '04-history');

  // Verified today; then terminated (注销) with a reason: listed apart.
  await page.getByTestId('verify-button').click();
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await expect(page.getByTestId('client-facts')).toContainText(today);
  await page.getByTestId('terminate-button').click();
  await page.getByTestId('kind-deregistered').check();
  await page.getByTestId('status-form').getByTestId('reason-input').fill('企业已注销');
  await page.getByTestId('status-submit').click();
  await expect(page.getByTestId('client-status')).toHaveText(zhCN.enums.clientStatus.terminated);
  await expect(page.getByTestId('terminated-note')).toContainText(zhCN.enums.terminationKind.deregistered);
  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-total')).toHaveText(ui.clients.total.replace('{{total}}', '2'));
  await page.getByTestId('status-filter').selectOption('terminated');
  await expect(page.getByTestId('client-row')).toHaveCount(1);
  await expect(page.getByTestId('client-row')).toContainText('宁波港城物流股份有限公司');

  // The list exports as a spreadsheet download.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

  // The client page in English.
  await page.getByTestId('client-row').first().click();
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('client-edit-button')).toHaveText(en.ui.clientPage.edit);
  await expect(page.getByTestId('history-row').filter({ hasText: en.ui.historyFields.legalRepresentative })).toHaveCount(1);
});

test('a clerk sets up a shelf, moves a file onto it and sees where it is', async ({ page, dossier }, testInfo) => {
  initArchive(dossier.archiveDir, '客户档案室');
  await page.goto(dossier.url);
  await signIn(page);

  // Storage: room → cabinet → shelf with a capacity.
  await page.getByTestId('nav-locations').click();
  await page.getByTestId('add-room-button').click();
  await page.getByTestId('location-code-input').fill('1');
  await page.getByTestId('location-name-input').fill('一号库房');
  await page.getByTestId('location-submit').click();
  const room = page.getByTestId('location-node').filter({ hasText: '一号库房' });
  await room.click();
  await room.getByTestId('add-child-button').click();
  await page.getByTestId('location-code-input').fill('A');
  await page.getByTestId('location-name-input').fill('A柜');
  await page.getByTestId('location-submit').click();
  const cabinet = page.locator('[data-testid="location-node"][data-kind="cabinet"]');
  await cabinet.click();
  await cabinet.getByTestId('add-child-button').click();
  await page.getByTestId('location-code-input').fill('3');
  await page.getByTestId('location-name-input').fill('3架');
  await page.getByTestId('location-capacity-input').fill('40');
  await page.getByTestId('location-submit').click();
  const shelf = page.locator('[data-testid="location-node"][data-kind="shelf"]');
  await expect(shelf).toHaveAttribute('data-path', '一号库房 / A柜 / 3架');
  await expect(shelf.getByTestId('fill-text')).toHaveText('0 / 40');

  // A client with a file.
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('new-client-button').click();
  await page.getByTestId('client-name-input').fill('苏州工业园区恒信科技有限公司');
  await page.getByTestId('client-submit').click();
  await page.getByTestId('client-row').filter({ hasText: '恒信' }).click();
  await page.getByTestId('new-file-button').click();
  await page.getByTestId('file-title-input').fill('客户基本资料');
  await page.getByTestId('file-submit').click();
  await page.getByTestId('file-row').first().getByTestId('open-file').click();

  // The file page: not shelved yet; move it.
  await expect(page.getByTestId('file-page')).toBeVisible();
  await expect(page.getByTestId('file-location')).toContainText(ui.filePage.notShelved);
  await expect(page.getByTestId('completeness-badge')).toHaveText(ui.badges.incomplete);
  await page.getByTestId('location-select').selectOption({ label: '一号库房 / A柜 / 3架 (0/40)' });
  await page.getByTestId('move-button').click();
  await expect(page.getByTestId('file-location')).toContainText('一号库房 / A柜 / 3架');
  await expect(page.getByTestId('history-row').filter({ hasText: ui.historyFields.location })).toContainText('一号库房 / A柜 / 3架');

  // Contents list: add an item of the checklist.
  await page.getByTestId('add-item-button').click();
  await page.getByTestId('item-title-input').fill('营业执照副本');
  await page.getByTestId('item-docno-input').fill('苏工商〔2026〕18号');
  await page.getByTestId('item-pages-input').fill('2');
  await page.getByTestId('item-submit').click();
  await expect(page.getByTestId('item-row')).toHaveCount(1);
  await expect(page.getByTestId('item-row').first()).toContainText('1-2');
  await shot(page, testInfo, '05-file-page');

  // The shelf now holds it.
  await page.getByTestId('nav-locations').click();
  await expect(shelf.getByTestId('fill-text')).toHaveText('1 / 40');
  await shelf.click();
  await expect(page.getByTestId('location-file-row')).toContainText(['客户基本资料']);
  await shot(page, testInfo, '06-locations');

  // The global search finds the item inside the file; it opens the file page.
  await page.getByTestId('global-search').fill('营业执照');
  const itemHit = page.getByTestId('search-hit').filter({ hasText: '营业执照副本' });
  await expect(itemHit).toHaveAttribute('data-kind', 'item');
  await expect(itemHit).toContainText(ui.search.kinds.item);
  await itemHit.click();
  await expect(page.getByTestId('file-page')).toBeVisible();
  await expect(page.getByTestId('file-location')).toContainText('一号库房 / A柜 / 3架');
});
