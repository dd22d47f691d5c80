/**
 * English mode shows configured values by their English labels and reads plurals right;
 * Chinese mode shows no English word or code name on any screen or settings tab.
 */
import type { Page } from '@playwright/test';
import { ADMIN, expect, test, initDemoArchive, shot } from './fixtures.js';

const CJK = /[\u3400-\u9fff]/;

test('English mode: client categories by their English labels, on the list and the client page', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('lang-en').click();
  await page.getByTestId('nav-clients').click();
  const rows = page.getByTestId('client-row');
  await expect(rows.first()).toBeVisible();
  const categories = await rows.evaluateAll((els) => els.slice(0, 12).map((row) => row.querySelectorAll('td')[3]?.textContent ?? ''));
  expect(categories.filter((c) => c.trim()).length).toBeGreaterThan(0);
  for (const category of categories) expect(category, category).not.toMatch(CJK);
  await expect(page.getByTestId('client-total')).toHaveText(/^\d+ clients$/);

  await rows.first().click();
  const facts = page.getByTestId('client-facts');
  await expect(facts).toBeVisible();
  const category = facts.locator('dt', { hasText: 'Category' }).locator('xpath=following-sibling::dd[1]');
  await expect(category).not.toHaveText(CJK);
});

/**
 * Every ASCII word a user can read on the page (text, placeholders, tooltips, accessible names,
 * select options), except archive numbers and other codes with digits (BK-2024-0001, credit
 * codes), numbers, dates and times, and the few names that are the same in Chinese use.
 */
async function asciiWords(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    out.push(document.body.innerText);
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], option, [aria-description]')) {
      if (el.tagName !== 'OPTION' && !visible(el)) continue;
      for (const attr of ['placeholder', 'title', 'aria-label', 'aria-description']) {
        const value = el.getAttribute(attr);
        if (value) out.push(value);
      }
      if (el.tagName === 'OPTION') out.push(el.textContent ?? '');
    }
    for (const el of document.querySelectorAll('input')) if (['button', 'submit', 'reset'].includes(el.type)) out.push(el.value);
    return out;
  });
  const words = new Set<string>();
  for (const text of texts)
    // The archive-number pattern's placeholders ({year}, {seq:4}) are the syntax its field takes.
    for (const [word] of text.replace(/\{(year|seq)(:\d+)?\}/g, ' ').matchAll(/[A-Za-z][A-Za-z0-9_./-]*/g)) {
      // Codes carry digits (archive numbers, credit codes, barcodes); single letters are grades (A类) or
      // the anchor code's letters; an archive-number prefix (KH-) is data.
      if (/\d/.test(word) || word.length === 1 || /^[A-Z]{1,5}-$/.test(word)) continue;
      if (ALLOWED.has(word)) continue;
      words.add(word);
    }
  return [...words].sort();
}

/**
 * The product's name, the language switcher naming English in English, file formats and keys
 * (Ctrl+K, Alt+1) are written so in Chinese too; the signed-in user's name is data.
 */
const ALLOWED = new Set([
  'Dossier',
  'English',
  'PDF',
  'Excel',
  'CSV',
  'xlsx',
  'xls',
  'csv',
  'JPEG',
  'PNG',
  'TIFF',
  'Ctrl',
  'Alt',
  'Shift',
  'Enter',
  'Esc',
  'Tab',
  'MB',
  'KB',
  'GB',
  ADMIN.username,
]);

test('Chinese mode: no English word or code name on any screen or settings tab', async ({ page, dossier }, testInfo) => {
  test.setTimeout(240_000);
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  const found: Record<string, string[]> = {};
  const check = async (name: string) => {
    await page.waitForTimeout(600);
    await shot(page, testInfo, `zh-${name}`);
    const words = await asciiWords(page);
    if (words.length) found[name] = words;
  };
  await check('unlock');
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();
  const sections = await page
    .locator('[data-testid^="nav-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!).filter((id) => id !== 'nav-toggle' && !id.startsWith('nav-label') && !id.startsWith('nav-short')));
  expect(sections.length).toBeGreaterThan(6);
  for (const id of sections) {
    await page.getByTestId(id).click();
    if (id === 'nav-search') await page.getByTestId('search-input').fill('有限公司');
    await check(id);
  }
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await check('client');
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-page')).toBeVisible();
  await check('file');
  await page.getByTestId('nav-settings').click();
  const tabs = page.locator('[data-testid^="settings-tab-"]');
  await expect(tabs.first()).toBeVisible();
  for (const id of await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))) {
    await page.getByTestId(id).click();
    await check(id);
  }
  expect(found).toEqual({});
});
