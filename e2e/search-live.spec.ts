/** Search as you type: nothing is asked while an IME is still composing; the settled text is searched at once. */
import { ADMIN, expect, test, initDemoArchive } from './fixtures.js';

test('the header search waits for the IME to finish, then shows results for the committed text', async ({ page, dossier }) => {
  initDemoArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await page.getByTestId('username-input').fill(ADMIN.username);
  await page.getByTestId('password-input').fill(ADMIN.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();

  const queries: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/search.query')) queries.push((JSON.parse(request.postData() ?? '{}') as { q: string }).q);
  });
  const box = page.getByTestId('global-search');
  await box.focus();
  const cdp = await page.context().newCDPSession(page);
  // Pinyin being composed: "youxian" shows in the box, but is not a query.
  await cdp.send('Input.imeSetComposition', { text: 'youxian', selectionStart: 7, selectionEnd: 7 });
  await expect(box).toHaveValue('youxian');
  await page.waitForTimeout(400);
  expect(queries).toEqual([]);
  await expect(page.getByTestId('search-results')).toBeHidden();
  // The IME commits 有限: searched at once.
  await cdp.send('Input.insertText', { text: '有限' });
  await expect(box).toHaveValue('有限');
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  expect(queries).toEqual(['有限']);
});
