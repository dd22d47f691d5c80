/**
 * Walks every screen in a real Chromium against the dev harness and saves screenshots,
 * Chinese then English. Needs a fresh harness (`npx tsx renderer/dev/harness.ts --fresh`).
 *
 *   npx tsx renderer/dev/screenshots.ts [--url http://127.0.0.1:5180/#token=dev-token] [--out /tmp/dossier-shots]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:5180/#token=dev-token' },
    out: { type: 'string', default: '/tmp/dossier-shots' },
    height: { type: 'string', default: '820' },
  },
});
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: Number(values.height) } });
const problems: string[] = [];
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

let n = 0;
async function shot(name: string, p: Page = page) {
  n += 1;
  const file = path.join(out, `${String(n).padStart(2, '0')}-${name}.png`);
  await p.waitForTimeout(120);
  await p.screenshot({ path: file, fullPage: false });
  console.log(file);
}

await page.goto(values.url);
await page.getByTestId('setup-form').waitFor();
if (page.url().includes('token=')) problems.push('token still in the URL');
await shot('setup-zh');
await page.getByLabel('姓名').fill('王档案');
await page.getByLabel('密码', { exact: true }).fill('short');
await page.getByLabel('确认密码').fill('shorter');
await shot('setup-problems-zh');
await page.getByTestId('lang-en').click();
await shot('setup-problems-en');
await page.getByTestId('lang-zh-CN').click();
await page.getByLabel('密码', { exact: true }).fill('password123');
await page.getByLabel('确认密码').fill('password123');
await page.getByTestId('demo-checkbox').check();
await page.getByTestId('setup-submit').click();
await page.getByTestId('nav-circulation').waitFor({ timeout: 60_000 });
await shot('circulation-zh');

// Unknown archive number.
await page.getByTestId('scan-input').fill('KH-1999-9999');
await page.keyboard.press('Enter');
await page.getByTestId('error').waitFor();
await shot('circulation-unknown-zh');

// Find an on-loan and an in-stock file through the screens.
await page.getByTestId('nav-loans').click();
await page.getByTestId('loan-row').first().waitFor();
await shot('loans-zh');
const onLoanNo = (await page.getByTestId('loan-row').first().getAttribute('data-archive-no'))!;

await page.getByTestId('nav-clients').click();
await page.getByTestId('client-row').first().waitFor();
await shot('clients-zh');
await page.getByTestId('client-search').fill('上海');
await page.waitForTimeout(400);
await shot('clients-search-zh');
await page.getByTestId('client-search').fill('');
await page.getByTestId('new-client-button').click();
await page.getByTestId('client-form').waitFor();
await page.getByLabel('客户名称').fill('杭州测试科技有限公司');
await page.getByLabel('统一社会信用代码').fill('91330106MA27XXXXX1');
await page.getByTestId('client-submit').click();
await page.getByTestId('client-form').getByTestId('error').waitFor();
await shot('client-form-error-zh');
await page.getByLabel('统一社会信用代码').fill('');
await page.getByLabel('联系人').fill('陈静');
await page.getByTestId('client-submit').click();
await page.getByTestId('message').waitFor();
await page.getByTestId('client-search').fill('杭州测试');
await page.waitForTimeout(400);
await page.getByTestId('client-row').first().click();
await page.getByTestId('client-name').waitFor();
await page.getByTestId('new-file-button').click();
await page.getByTestId('file-form').waitFor();
await page.getByLabel('题名').fill('客户基本资料');
await page.getByLabel('密级').selectOption('confidential');
await page.getByLabel('保管期限').selectOption('permanent');
await shot('file-form-zh');
await page.getByTestId('file-submit').click();
await page.getByTestId('message').waitFor();
await shot('client-detail-new-file-zh');
const inStockNo = (await page.getByTestId('file-row').first().getAttribute('data-archive-no'))!;
await page.getByTestId('lend-button').first().click();
await page.getByTestId('lend-form').waitFor();
await page.keyboard.type('销售部 李明');
await shot('lend-dialog-zh');
await page.keyboard.press('Enter');
await page.getByTestId('return-button').first().waitFor();
await shot('client-detail-lent-zh');
await page.getByTestId('return-button').first().click();
await page.getByTestId('lend-button').first().waitFor();

// Desk: lend then return by keyboard only.
await page.getByTestId('nav-circulation').click();
await page.getByTestId('scan-input').fill(inStockNo);
await page.keyboard.press('Enter');
await page.getByTestId('lend-form').waitFor();
await page.keyboard.type('财务部 王芳');
await page.getByLabel('借阅用途').fill('审计查阅');
await page.getByLabel('借阅人').focus();
await shot('circulation-lend-zh');
await page.keyboard.press('Enter');
await page.getByTestId('message').waitFor();
const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
if (focused !== 'scan-input') problems.push(`after lend focus is on ${focused}`);
await page.keyboard.type(onLoanNo);
await page.keyboard.press('Enter');
await page.getByTestId('return-button').waitFor();
await shot('circulation-onloan-zh');
const focused2 = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
if (focused2 !== 'return-button') problems.push(`on-loan focus is on ${focused2}`);
await page.keyboard.press('Enter');
await page.getByTestId('message').waitFor();
await shot('circulation-returned-zh');

await page.getByTestId('nav-audit').click();
await page.getByTestId('audit-row').first().waitFor();
await page.getByTestId('verify-button').click();
await page.getByTestId('verify-result').waitFor();
await shot('audit-zh');

// English.
await page.getByTestId('lang-en').click();
await shot('audit-en');
await page.getByTestId('nav-loans').click();
await page.getByTestId('loan-row').first().waitFor();
await shot('loans-en');
await page.getByTestId('nav-clients').click();
await page.getByTestId('client-row').first().waitFor();
await shot('clients-en');
await page.getByTestId('client-row').nth(2).click();
await page.getByTestId('client-name').waitFor();
await shot('client-detail-en');
await page.getByTestId('nav-circulation').click();
await page.getByTestId('scan-input').fill(inStockNo);
await page.keyboard.press('Enter');
await page.getByTestId('return-button').waitFor();
await shot('circulation-onloan-en');
await page.getByTestId('lock-button').click();
await page.getByTestId('unlock-form').waitFor();
await page.getByLabel('User name').fill('admin');
await page.getByLabel('Password').fill('wrong-password');
await page.keyboard.press('Enter');
await page.getByTestId('error').waitFor();
await shot('unlock-error-en');

// Language is remembered; reload keeps the token (sessionStorage).
await page.reload();
await page.getByTestId('unlock-form').waitFor();
await page.getByTestId('lang-zh-CN').click();
await shot('unlock-zh');
await page.getByLabel('用户名').fill('admin');
await page.getByLabel('密码').fill('password123');
await page.keyboard.press('Enter');
await page.getByTestId('nav-circulation').waitFor();

console.log(problems.length ? `PROBLEMS:\n${problems.join('\n')}` : 'no console problems');
await browser.close();
