/**
 * A large PDF in the viewer is read by byte ranges: pdf.js asks the scan route (Range, 206)
 * for the parts it draws, so an 8 MB scan whose page needs a few KB never crosses whole.
 * Browser mode here; Electron's app:// route answers the same ranges (tests/electron/scanStreams.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, expect, initArchive, openFilePage, shot, signIn, test } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function dossier(archiveDir: string, args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'dossier.mjs'), ...args, '--archive', archiveDir, '--user', ADMIN.username, '--json'], {
    env: { ...process.env, DOSSIER_PASSWORD: ADMIN.password },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dossier ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

/** One page with a blue box (no fonts), and `junkBytes` of random bytes in an object no page uses. */
function bigPdf(junkBytes: number): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  const add = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    at += buf.length;
  };
  const obj = (n: number, ...body: (Buffer | string)[]) => {
    offsets[n] = at;
    add(`${n} 0 obj\n`);
    body.forEach(add);
    add('\nendobj\n');
  };
  add('%PDF-1.4\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>');
  const draw = '0.1 0.3 0.8 rg 72 500 451 270 re f';
  obj(4, `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
  const junk = randomBytes(junkBytes);
  obj(5, `<< /Length ${junk.length} >>\nstream\n`, junk, '\nendstream');
  const xref = at;
  add(
    `xref\n0 6\n0000000000 65535 f \n${offsets
      .slice(1)
      .map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)
      .join('')}`,
  );
  add(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

test('a large PDF opens in the viewer by byte ranges, never fetched whole', async ({ page, dossier: server }, testInfo) => {
  test.setTimeout(180_000);
  initArchive(server.archiveDir, '客户档案室');
  const call = (operation: string, input: unknown) =>
    JSON.parse(dossier(server.archiveDir, ['call', operation, '--input', JSON.stringify(input)])) as { id: string; archiveNo: string };
  const client = call('clients.create', { name: '上海浦江物流股份有限公司' });
  const file = call('files.create', { clientId: client.id, title: '客户基本资料' });
  const pdf = bigPdf(8 * 1024 * 1024);
  const pdfPath = testInfo.outputPath('工程图纸.pdf');
  writeFileSync(pdfPath, pdf);
  dossier(server.archiveDir, ['scan', 'add', '--file', file.archiveNo, pdfPath]);

  const reads: { range: string | null; status: number; bytes: number }[] = [];
  page.on('response', async (response) => {
    if (!response.url().includes('/api/scans/')) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    reads.push({ range: response.request().headers()['range'] ?? null, status: response.status(), bytes: body.length });
  });

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(server.url);
  await signIn(page);
  await openFilePage(page, file.archiveNo);
  const card = page.getByTestId('scan-card').filter({ hasText: '工程图纸.pdf' });
  await card.focus();
  await page.keyboard.press('Enter');
  const viewer = page.getByTestId('scan-viewer');
  await expect(viewer.getByTestId('viewer-page')).toBeVisible({ timeout: 60_000 });
  await expect(viewer.getByTestId('viewer-page-of')).toHaveText('第 1 页，共 1 页');
  await expect.poll(() => reads.length).toBeGreaterThan(0);
  await shot(page, testInfo, 'viewer-large-pdf');

  // Every read was a range answered with 206, and all of them together are a small part of the scan.
  expect(
    reads.every((r) => r.range !== null && r.status === 206),
    JSON.stringify(reads),
  ).toBe(true);
  const total = reads.reduce((sum, r) => sum + r.bytes, 0);
  expect(total).toBeLessThan(pdf.length / 8);
});
