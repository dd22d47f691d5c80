/**
 * Every screen works at 1024x700: nothing runs off the right edge of the window (wide tables
 * scroll inside their own box), no column is squeezed to a character per line, and the
 * sidebar collapses. Screenshots of each screen are attached (test-results/).
 */
import type { Page, TestInfo } from '@playwright/test';
import { ADMIN, expect, test, initDemoArchive, shot } from './fixtures.js';

test.use({ viewport: { width: 1024, height: 700 } });

interface Layout {
  /** How far the page is wider than the window. */
  pageOverflow: number;
  /** Elements sticking out past the window's right edge, not inside a scrolling box. */
  offRight: string[];
  /** Table cells with text narrower than two characters. */
  squeezed: string[];
  /** How far the content area scrolls sideways (hiding its heading): wide tables scroll in their own box instead. */
  mainOverflow: number;
}

async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollsX = (el: Element | null): boolean => {
      for (let box = el?.parentElement ?? null; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') return true;
      }
      return false;
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${el.className}`;
    const offRight: string[] = [];
    for (const el of document.querySelectorAll('main *, header *, nav *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && !scrollsX(el)) offRight.push(describe(el));
    }
    const squeezed: string[] = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
      const text = (cell.textContent ?? '').trim();
      const r = cell.getBoundingClientRect();
      if (text.length < 4 || r.width === 0) continue;
      const lineHeight = parseFloat(getComputedStyle(cell).lineHeight) || 20;
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = range.getBoundingClientRect().height / lineHeight;
      // Wrapped into a column of a character or two per line, or a code cut off by an ellipsis.
      const column = lines > 2.5 && text.length / lines < 3.5;
      const cutCode = cell.classList.contains('mono') && cell.scrollWidth > cell.clientWidth + 1;
      if (column || cutCode) squeezed.push(`${describe(cell)} "${text.slice(0, 12)}" ${Math.round(r.width)}px`);
    }
    const main = document.querySelector('main');
    const mainOverflow = main ? Math.max(0, main.scrollWidth - main.clientWidth) : 0;
    return { pageOverflow: document.documentElement.scrollWidth - width, offRight: offRight.slice(0, 8), squeezed: squeezed.slice(0, 8), mainOverflow };
  });
}

async function expectFits(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await shot(page, testInfo, name);
  const result = await layout(page);
  expect.soft(result, name).toEqual({ pageOverflow: 0, offRight: [], squeezed: [], mainOverflow: 0 });
}

test('every screen works at 1024x700', async ({ page, dossier }, testInfo) => {
  test.setTimeout(120_000);
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await expectFits(page, testInfo, '00-unlock');
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();

  await page.getByTestId('nav-loans').click();
  await expect(page.getByTestId('loan-row').first()).toBeVisible();
  const onLoan = (await page.getByTestId('loan-row').first().getAttribute('data-archive-no'))!;
  await expectFits(page, testInfo, '02-loans');

  await page.getByTestId('nav-circulation').click();
  await page.getByTestId('scan-input').fill(onLoan);
  await page.getByTestId('scan-input').press('Enter');
  await expect(page.getByTestId('file-card')).toBeVisible();
  await expectFits(page, testInfo, '01-circulation');

  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill('有限公司');
  await page.getByTestId('search-input').press('Enter');
  await page.waitForTimeout(600);
  await expectFits(page, testInfo, '03-search');

  await page.getByTestId('nav-clients').click();
  await expect(page.getByTestId('client-row').first()).toBeVisible();
  await expectFits(page, testInfo, '04-clients');
  await page.getByTestId('client-row').first().click();
  await expectFits(page, testInfo, '05-client');
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-page')).toBeVisible();
  await expectFits(page, testInfo, '06-file');

  await page.getByTestId('nav-handovers').click();
  await page.waitForTimeout(400);
  await expectFits(page, testInfo, '07-handovers');

  await page.getByTestId('nav-locations').click();
  await page.waitForTimeout(400);
  const node = page.getByTestId('location-node').last();
  if (await node.count()) await node.click();
  await page.waitForTimeout(300);
  await expectFits(page, testInfo, '08-locations');

  await page.getByTestId('nav-import').click();
  await expectFits(page, testInfo, '09-import');
  await page.getByTestId('nav-audit').click();
  await page.waitForTimeout(400);
  await expectFits(page, testInfo, '10-audit');
  await page.getByTestId('nav-settings').click();
  await page.waitForTimeout(400);
  await expectFits(page, testInfo, '11-settings');

  // The sidebar collapses to give the content the width, and comes back.
  await page.getByTestId('nav-toggle').click();
  await expect(page.getByTestId('nav-clients')).toHaveAttribute('aria-label', /.+/);
  await page.getByTestId('nav-clients').click();
  await expectFits(page, testInfo, '12-clients-nav-collapsed');
  await page.getByTestId('nav-toggle').click();
});

test('every screen works at 1024x700 in English too, every settings tab included', async ({ page, dossier }, testInfo) => {
  test.setTimeout(180_000);
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expectFits(page, testInfo, 'en-01-circulation');
  for (const section of ['search', 'clients', 'loans', 'handovers', 'locations', 'import', 'audit']) {
    await page.getByTestId(`nav-${section}`).click();
    if (section === 'search') await page.getByTestId('search-input').fill('有限公司');
    await page.waitForTimeout(700);
    await expectFits(page, testInfo, `en-${section}`);
  }
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-row').first().click();
  await expectFits(page, testInfo, 'en-client');
  await page.getByTestId('open-file').first().click();
  await expect(page.getByTestId('file-page')).toBeVisible();
  await expectFits(page, testInfo, 'en-file');
  await page.getByTestId('nav-settings').click();
  const tabs = page.locator('[data-testid^="settings-tab-"]');
  await expect(tabs.first()).toBeVisible();
  for (const id of await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))) {
    await page.getByTestId(id).click();
    await page.waitForTimeout(500);
    await expectFits(page, testInfo, `en-${id}`);
  }
});
