/**
 * The audit chain on the audit screen: the anchor code to write down, verification against a
 * code typed back loosely, a mistyped code refused, and a log cut short behind the engine's
 * back listed entry by entry against the anchor this computer remembers.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zhCN } from '../shared/i18n/zh-CN.js';
import { ADMIN, expect, initArchive, signIn, test, fullPageShot as shot } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = zhCN.ui.chain;

/** What someone with the administrator's password and raw SQL does while Dossier is closed: cut off the last entries. */
function cutOffTail(archiveDir: string, keep: number): void {
  const code = `import { openArchive } from './db/archive.ts';
const s = await openArchive(${JSON.stringify(archiveDir)}, ${JSON.stringify(ADMIN.username)}, ${JSON.stringify(ADMIN.password)});
s.db.sqlite.exec('drop trigger audit_log_no_delete');
s.db.sqlite.prepare('delete from audit_log where seq > ?').run(${keep});
s.close();`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
}

test('the audit screen shows the anchor, verifies against a typed code and lists every break', async ({ page, dossier }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  initArchive(dossier.archiveDir);
  await page.goto(dossier.url);
  await signIn(page);
  await page.getByTestId('nav-audit').click();
  const panel = page.getByTestId('chain-check');
  const code = page.getByTestId('anchor-code');
  await expect(code).toHaveText(/^DA-\d+-[0-9A-Z]{11}$/);
  const written = (await code.textContent())!;

  // Typed back as an auditor might: lower case, spaces for dashes.
  const input = panel.getByTestId('anchor-input');
  await input.fill(written.toLowerCase().replace(/-/g, ' '));
  await input.press('Enter');
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('anchor-check').filter({ hasText: ui.anchorSource.given.split('（')[0]! })).toHaveAttribute('data-result', 'matches');
  await expect(page.getByTestId('anchor-check').and(page.locator('[data-source="remembered"]'))).toHaveAttribute('data-result', 'matches');
  await shot(page, testInfo, '01-intact');

  // One character wrong: refused as mistyped, in Chinese.
  const last = written.endsWith('0') ? '1' : '0';
  await input.fill(written.slice(0, -1) + last);
  await page.getByTestId('verify-button').click();
  await expect(panel).toContainText('校验不符');

  // Locked, the tail cut off behind the engine's back, signed in again.
  await page.getByTestId('lock-button').click();
  const count = Number(/^DA-(\d+)-/.exec(written)![1]);
  cutOffTail(dossier.archiveDir, count - 1);
  await signIn(page);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('anchor-input').fill(written);
  await page.getByTestId('verify-button').click();
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toHaveAttribute('role', 'alert');
  const breaks = page.getByTestId('chain-break');
  await expect(breaks.first()).toBeVisible();
  const kinds = await breaks.evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
  expect(kinds.every((k) => k === 'truncated' || k === 'rewritten')).toBe(true);
  await expect(page.locator('[data-testid="anchor-check"][data-source="given"]')).not.toHaveAttribute('data-result', 'matches');
  await expect(page.locator('[data-testid="anchor-check"][data-source="remembered"]')).not.toHaveAttribute('data-result', 'matches');
  // Chinese mode: no English or code names in the panel.
  await expect(panel).not.toContainText(/truncated|rewritten|anchor|entries/i);
  await shot(page, testInfo, '02-cut-off');

  // The same result in English, with English plurals.
  await page.getByTestId('lang-en').click();
  await expect(panel).toContainText('Audit chain verification');
  await page.getByTestId('verify-button').click();
  await expect(result).toContainText(/The audit chain has \d+ problems?/);
  await expect(result).toContainText(/cut off|rewritten/);
  await shot(page, testInfo, '03-english');
});
