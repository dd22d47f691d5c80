import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
import { expect, test as base } from '@playwright/test';
import type { Page, TestInfo } from '@playwright/test';
import { zhCN } from '../shared/i18n/zh-CN.js';

export const ADMIN = { username: 'admin', displayName: '王档案', password: 'e2e-password-1' };

// Audit anchors are remembered outside the archive (the user's Dossier folder): e2e runs keep theirs in /tmp.
process.env.DOSSIER_ANCHOR_DIR ??= path.join(os.tmpdir(), 'dossier-e2e-anchors');

export interface DossierServer {
  url: string;
  archiveDir: string;
}

/** Starts browser mode the way a user does, on a fresh folder, and reads the printed URL. */
export async function startServer(archiveDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--archive', archiveDir, '--no-build'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /open:\s+(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return { url, child };
}

export const test = base.extend<{ dossier: DossierServer }>({
  dossier: async ({}, use) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'dossier-e2e-'));
    const archiveDir = path.join(tmp, 'archive');
    const { url, child } = await startServer(archiveDir);
    await use({ url, archiveDir });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(tmp, { recursive: true, force: true });
  },
});

export { expect };

/** Creates the archive the way an administrator does, with the command line (`archiveName` absent: its default). */
export function initArchive(archiveDir: string, archiveName?: string): void {
  const args = ['init', '--archive', archiveDir, '--user', ADMIN.username, '--display-name', ADMIN.displayName, ...(archiveName ? ['--archive-name', archiveName] : [])];
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args], { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dossier init failed: ${result.stderr}`);
}

/** Signs in on the unlock screen with the keyboard and waits for the user's name in the header. */
export async function signIn(page: Page, user: { username: string; password: string; displayName: string } = ADMIN): Promise<void> {
  await page.getByTestId('username-input').fill(user.username);
  await page.getByTestId('password-input').fill(user.password);
  await page.getByTestId('password-input').press('Enter');
  await expect(page.getByTestId('current-user')).toContainText(user.displayName);
}

/** Creates the demo archive (clients, files, loans, handovers) with the command line, as `dossier init --demo` does. */
export function initDemoArchive(archiveDir: string, archiveName = '客户档案室'): void {
  const args = ['init', '--archive', archiveDir, '--user', ADMIN.username, '--display-name', ADMIN.displayName, '--archive-name', archiveName, '--demo'];
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args], { env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dossier init failed: ${result.stderr}`);
}

/** Creates the demo archive through the setup screen as a newcomer does (password demo-password-1); the recovery key sheet is confirmed. */
export async function setUpDemo(page: Page, url: string): Promise<void> {
  const ui = zhCN.ui;
  await page.goto(url);
  const setup = page.getByTestId('setup-form');
  await setup.getByLabel(ui.setup.username).fill('admin');
  await setup.getByLabel(ui.setup.displayName).fill('王档案');
  await setup.getByLabel(ui.setup.password, { exact: true }).fill('demo-password-1');
  await setup.getByLabel(ui.setup.passwordRepeat).fill('demo-password-1');
  await page.getByTestId('demo-checkbox').check();
  await page.getByTestId('setup-submit').click();
  // The recovery key is shown once before the archive opens.
  await page.getByTestId('recovery-confirm').check();
  await page.getByTestId('recovery-done').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Opens a file's page from the header search (Ctrl+K, its archive number, the file hit). */
export async function openFilePage(page: Page, archiveNo: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.keyboard.type(archiveNo);
  await page.locator('[data-testid="search-hit"][data-kind="file"]').first().click();
  await expect(page.getByTestId('file-archive-no')).toHaveText(archiveNo);
}

async function screenshot(page: Page, testInfo: TestInfo, name: string, fullPage: boolean): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** A screenshot of the window, attached to the report (we look at these). */
export const shot = (page: Page, testInfo: TestInfo, name: string): Promise<void> => screenshot(page, testInfo, name, false);
/** The same, of the whole scrolled page. */
export const fullPageShot = (page: Page, testInfo: TestInfo, name: string): Promise<void> => screenshot(page, testInfo, name, true);

/** The engine's answer to one call, as the page's own transport would get it. */
export async function call<T>(page: Page, operation: string, input: unknown = {}): Promise<T> {
  return page.evaluate(
    async ([op, body]) => {
      const token = sessionStorage.getItem('dossier.token');
      const response = await fetch(`/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const envelope = (await response.json()) as { ok: boolean; value: unknown };
      if (!envelope.ok) throw new Error(JSON.stringify(envelope));
      return envelope.value;
    },
    [operation, input] as const,
  ) as Promise<T>;
}
