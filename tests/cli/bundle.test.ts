import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshBundle } from '../../bin/bundle.mjs';
import type { OpOutput } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier, json } from './dossier.js';

const ROOT = path.resolve(__dirname, '../..');

/** A project folder with a built bundle whose manifest lists two sources. */
function fakeProject() {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'cli'));
  mkdirSync(path.join(dir, 'dist-cli', 'lazy'), { recursive: true });
  for (const file of ['cli/main.ts', 'cli/table.ts', 'dist-cli/cli.mjs', 'dist-cli/lazy/exceljs.cjs']) writeFileSync(path.join(dir, file), '');
  const past = new Date(Date.now() - 60_000);
  for (const file of ['cli/main.ts', 'cli/table.ts']) utimesSync(path.join(dir, file), past, past);
  const manifest = { startedAt: Date.now() - 30_000, outputs: { cli: 'dist-cli/cli.mjs' }, requires: ['dist-cli/lazy/exceljs.cjs'], inputs: ['cli/main.ts', 'cli/table.ts'] };
  writeFileSync(path.join(dir, 'dist-cli', 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('the built command line', () => {
  it('is used only while no source it was built from has changed', () => {
    const dir = fakeProject();
    expect(freshBundle('cli', dir)).toBe(path.join(dir, 'dist-cli', 'cli.mjs'));
    expect(freshBundle('server', dir)).toBeNull();

    const edited = fakeProject();
    writeFileSync(path.join(edited, 'cli', 'table.ts'), 'changed');
    expect(freshBundle('cli', edited)).toBeNull();

    const deleted = fakeProject();
    rmSync(path.join(deleted, 'cli', 'main.ts'));
    expect(freshBundle('cli', deleted)).toBeNull();

    const incomplete = fakeProject();
    rmSync(path.join(incomplete, 'dist-cli', 'lazy', 'exceljs.cjs'));
    expect(freshBundle('cli', incomplete)).toBeNull();

    const unbuilt = fakeProject();
    rmSync(path.join(unbuilt, 'dist-cli', 'manifest.json'));
    expect(freshBundle('cli', unbuilt)).toBeNull();
  });

  describe('from the bundle', { timeout: 180_000 }, () => {
    beforeAll(() => {
      const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs'), '--if-stale', '--quiet'], { encoding: 'utf8' });
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
    });

    it('runs commands that load the spreadsheet, encoding and dictionary packages on first use', () => {
      const env = { DOSSIER_CLI_FROM: 'bundle' };
      const dir = tempDir();
      const common = ['--archive', path.join(dir, 'archive'), '--user', 'admin'];
      expect(dossier(['init', ...common], env).code).toBe(0);
      // Traditional characters are folded to Simplified by the search index (opencc-js).
      json(['client', 'add', ...common, '--name', '南京瑞豐商混有限公司'], env);
      expect(json<OpOutput<'search.query'>>(['search', '瑞丰', ...common], env).hits).toHaveLength(1);

      const xlsx = path.join(dir, 'clients.xlsx');
      expect(json(['export', 'clients', ...common, '--out', xlsx], env)).toMatchObject({ rows: 1 });
      expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
      const csv = path.join(dir, 'clients.csv');
      json(['export', 'clients', ...common, '--out', csv, '--encoding', 'gbk'], env);
      // 瑞 in GBK is C8 F0.
      expect(readFileSync(csv).includes(Buffer.from([0xc8, 0xf0]))).toBe(true);

      // Every export list has its command, the handover register included.
      expect(json(['export', 'handovers', ...common, '--out', path.join(dir, 'handovers.xlsx')], env)).toMatchObject({ rows: 0 });

      const ledger = path.join(dir, 'ledger.csv');
      writeFileSync(ledger, '客户名称,客户类别\n杭州宏远建工集团,战略合作伙伴客户\n');
      const report = json<OpOutput<'import.run'>>(['import', 'clients', ledger, ...common], env);
      expect(report.created).toMatchObject({ clients: 1 });
      expect(json<OpOutput<'clients.list'>>(['client', 'list', ...common], env).total).toBe(2);
    });

    it('survives a damaged code cache and writes a good one again', () => {
      const env = { DOSSIER_CLI_FROM: 'bundle' };
      expect(dossier(['ops'], env).code).toBe(0);
      const cacheDir = path.join(ROOT, 'dist-cli');
      const caches = readdirSync(cacheDir).filter((name) => name.endsWith('.v8cache'));
      expect(caches.length).toBeGreaterThan(0);
      for (const name of caches) writeFileSync(path.join(cacheDir, name), 'not a code cache');
      const again = dossier(['ops', '--lang', 'zh-CN'], env);
      expect(again.stderr).toBe('');
      expect(again.stdout).toContain('所需权限');
      for (const name of caches) expect(readFileSync(path.join(cacheDir, name), 'utf8')).not.toBe('not a code cache');
    });

    it('prints the same operation list as the sources', () => {
      const bundled = dossier(['ops', '--json'], { DOSSIER_CLI_FROM: 'bundle' });
      const source = dossier(['ops', '--json'], { DOSSIER_CLI_FROM: 'source' });
      expect(bundled.code).toBe(0);
      expect(bundled.stdout).toBe(source.stdout);
    });
  });
});
