/**
 * Checks what the reader and clerk roles see (no audit nav, no lend/return for readers).
 * Needs `npx tsx renderer/dev/harness.ts --fresh --demo`; run `npx tsx renderer/dev/roles.ts`.
 */
import { chromium } from 'playwright-core';
await fetch('http://127.0.0.1:5180/api/session.lock', { method: 'POST', headers: { Authorization: 'Bearer dev-token' }, body: '{}' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const problems: string[] = [];
for (const user of ['reader', 'clerk']) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${user}: ${m.text()}`);
  });
  await page.goto('http://127.0.0.1:5180/#token=dev-token');
  await page.getByTestId('unlock-form').waitFor();
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  console.log(user, 'initial focus', focused);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill('password123');
  await page.keyboard.press('Enter');
  await page.getByTestId('nav-circulation').waitFor();
  console.log(user, 'audit nav', await page.getByTestId('nav-audit').count());
  await page.getByTestId('nav-loans').click();
  await page.getByTestId('loan-row').first().waitFor();
  console.log(user, 'return buttons', await page.getByTestId('return-button').count());
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().waitFor();
  console.log(user, 'new client', await page.getByTestId('new-client-button').count());
  await page.getByTestId('client-search').fill('zzzzzz');
  await page.getByTestId('empty').waitFor();
  await page.screenshot({ path: `/tmp/dossier-shots/role-${user}-empty.png` });
  await page.getByTestId('client-search').fill('');
  await page.getByTestId('client-row').nth(3).click();
  await page.getByTestId('client-name').waitFor();
  console.log(user, 'lend buttons', await page.getByTestId('lend-button').count(), 'new file', await page.getByTestId('new-file-button').count());
  await page.getByTestId('nav-circulation').click();
  await page.getByTestId('scan-input').fill('KH-2026-0045');
  await page.keyboard.press('Enter');
  await page.getByTestId('file-card').waitFor();
  await page.screenshot({ path: `/tmp/dossier-shots/role-${user}-desk.png` });
  await page.getByTestId('lock-button').click();
  await page.getByTestId('unlock-form').waitFor();
  await page.close();
}
console.log(problems.join('\n') || 'no console errors');
await browser.close();
