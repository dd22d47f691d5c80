/**
 * Screenshots of the register screens against a demo harness, Chinese then English:
 *   npm run build:renderer && npx tsx renderer/dev/harness.ts --fresh --demo
 *   npx tsx renderer/dev/screenshots-register.ts [--url …] [--out /tmp/dossier-shots-register]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:5180/#token=dev-token' },
    out: { type: 'string', default: '/tmp/dossier-shots-register' },
    only: { type: 'string' },
    height: { type: 'string', default: '820' },
    langs: { type: 'string', default: 'zh,en' },
  },
});
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: Number(values.height) } });
const problems: string[] = [];
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('dialog', (d) => void d.accept());

async function shot(name: string, fullPage = false) {
  await page.waitForTimeout(250);
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(file);
}

await page.goto(values.url);
await page.getByTestId('username-input').or(page.getByTestId('nav-clients')).waitFor();
if (await page.getByTestId('username-input').isVisible()) {
  await page.getByTestId('username-input').fill('admin');
  await page.getByTestId('password-input').fill('password123');
  await page.getByTestId('password-input').press('Enter');
}
await page.getByTestId('nav-clients').waitFor();

for (const lang of values.langs.split(',') as ('zh' | 'en')[]) {
  await page.getByTestId(lang === 'zh' ? 'lang-zh-CN' : 'lang-en').click();
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().waitFor();
  await shot(`${lang}-01-clients`);
  await page.getByTestId('client-scroll').evaluate((el) => (el.scrollTop = 3000));
  await shot(`${lang}-02-clients-scrolled`);
  await page.getByTestId('status-filter').selectOption('terminated');
  await shot(`${lang}-03-clients-terminated`);
  await page.getByTestId('status-filter').selectOption('current');

  await page.getByTestId('global-search').fill('合同');
  await page.getByTestId('search-hit').first().waitFor();
  await shot(`${lang}-04-search`);
  await page.getByTestId('global-search').fill('');
  await page.keyboard.press('Escape');

  await page.getByTestId('client-row').first().click();
  await page.getByTestId('client-name').waitFor();
  await shot(`${lang}-05-client`, true);
  await page.getByTestId('client-edit-button').click();
  await page.getByTestId('client-edit-form').waitFor();
  await page.getByTestId('edit-legalRepresentative').fill('测试法人');
  await shot(`${lang}-06-client-edit`);
  await page.keyboard.press('Escape');
  await page.getByTestId('terminate-button').click();
  await page.getByTestId('status-form').waitFor();
  await shot(`${lang}-06b-client-terminate`);
  await page.keyboard.press('Escape');
  await page.getByTestId('client-edit-button').click();
  await page.getByTestId('client-edit-form').waitFor();
  await page.getByTestId('edit-legalRepresentative').fill('测试法人');
  await page.getByTestId('client-edit-submit').click();
  await page.getByTestId('client-edit-form').getByTestId('error').waitFor();
  await shot(`${lang}-07-client-edit-error`);
  await page.keyboard.press('Escape');

  await page.getByTestId('open-file').first().click();
  await page.getByTestId('file-page').waitFor();
  await page.getByTestId('file-location').waitFor();
  await shot(`${lang}-08-file`, true);
  await page.getByTestId('add-item-button').click();
  await page.getByTestId('item-form').waitFor();
  await page.getByTestId('item-title-input').fill(lang === 'zh' ? '营业执照副本' : '开票资料');
  await page.getByTestId('item-docno-input').fill('沪工商〔2026〕18号');
  await page.getByTestId('item-party-input').fill('上海市市场监督管理局');
  await page.getByTestId('item-date-input').fill('2026-03-02');
  await page.getByTestId('item-pages-input').fill('3');
  await shot(`${lang}-09-item-form`);
  await page.getByTestId('item-submit').click();
  await page.getByTestId('item-form').waitFor({ state: 'hidden' });
  await page.getByTestId('item-seal').first().click();
  await page.waitForTimeout(400);
  await page
    .locator('main.app-main')
    .evaluate((el) => (el.scrollTop = 300))
    .catch(() => undefined);
  await shot(`${lang}-09b-file-items`);

  await page.getByTestId('nav-handovers').click();
  await page.waitForTimeout(500);
  await shot(`${lang}-10-handovers`, true);
  await page.getByTestId('new-handovers-button').click();
  await page.getByTestId('handovers-form').waitFor();
  await page.waitForTimeout(300);
  await shot(`${lang}-11-handovers-form`);
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-locations').click();
  await page.getByTestId('location-node').first().waitFor();
  await page.getByTestId('location-node').nth(3).click();
  await shot(`${lang}-12-locations`, true);

  await page.getByTestId('location-node').nth(3).getByTestId('edit-location-button').click();
  await page.getByTestId('location-form').waitFor();
  await shot(`${lang}-12b-location-form`);
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-import').click();
  await shot(`${lang}-13-import`);

  await page.getByTestId('nav-loans').click();
  await page.getByTestId('loan-row').first().waitFor();
  await shot(`${lang}-14-loans`);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-row').first().waitFor();
  await shot(`${lang}-15-audit`);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('user-row').first().waitFor();
  await shot(`${lang}-16-settings-users`);
  await page.getByTestId('new-user-button').click();
  await page.getByTestId('user-form').waitFor();
  await page.getByTestId('user-password-input').fill('short');
  await shot(`${lang}-17-settings-user-form`);
  await page.keyboard.press('Escape');
  await page.getByTestId('settings-tab-classifications').click();
  await page.getByTestId('scheme-row').first().waitFor();
  await shot(`${lang}-18-settings-classifications`, true);
  await page.getByTestId('new-value-button').first().click();
  await page.getByTestId('value-form').waitFor();
  await page.getByTestId('classification-label-en-input').fill('Key account');
  await shot(`${lang}-18b-settings-value-form`);
  await page.keyboard.press('Escape');
  await page.getByTestId('settings-tab-filetypes').click();
  await page.getByTestId('filetype-row').first().waitFor();
  await shot(`${lang}-19-settings-filetypes`);
  await page.getByTestId('edit-filetype-button').first().click();
  await page.getByTestId('filetype-form').waitFor();
  await shot(`${lang}-20-settings-filetype-form`);
  await page.keyboard.press('Escape');
  await page.getByTestId('settings-tab-handovers').click();
  await page.getByTestId('eventkind-row').first().waitFor();
  await shot(`${lang}-21-settings-handovers`, true);
  await page.getByTestId('edit-eventkind-button').first().click();
  await page.getByTestId('eventkind-form').waitFor();
  await shot(`${lang}-21b-settings-eventkind-form`);
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-circulation').click();
  await page.getByTestId('scan-input').fill('KH-1999-9999');
  await page.keyboard.press('Enter');
  await page.getByTestId('error').waitFor();
  await shot(`${lang}-22-circulation-unknown`);
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('合同');
  await page.getByTestId('search-result').first().waitFor();
  await shot(`${lang}-23-search-page`);
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('reassign-button').click();
  await page.getByTestId('reassign-form').waitFor();
  await page.getByTestId('reassign-from').selectOption({ index: 1 });
  await page.getByTestId('reassign-preview').waitFor();
  await shot(`${lang}-25-reassign`);
  await page.keyboard.press('Escape');
  await page.getByTestId('new-client-button').click();
  await page.getByTestId('client-form').waitFor();
  await shot(`${lang}-26-client-form`);
  await page.keyboard.press('Escape');
  await page.getByTestId('verification-open').click();
  await page.getByTestId('verification-list').waitFor();
  await page.waitForTimeout(300);
  await shot(`${lang}-24-verification`);
}
console.log(problems.length ? problems.join('\n') : 'no console problems');
await browser.close();
