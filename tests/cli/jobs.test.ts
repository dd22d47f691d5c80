import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BIN, dossier, json, PASSWORD } from './dossier.js';

function archive() {
  const dir = tempDir();
  const common = ['--archive', path.join(dir, 'archive'), '--user', 'admin'];
  expect(dossier(['init', ...common]).code).toBe(0);
  return { dir, common };
}

function mkfifo(file: string): string {
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

function csv(dir: string, rows: number): string {
  const lines = ['客户名称,联系人,联系电话'];
  for (let i = 1; i <= rows; i++) lines.push(`陕西测试建材有限公司${i}号,联系人${i},1390000${String(i).padStart(4, '0')}`);
  const file = path.join(dir, `clients-${rows}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Runs the command under `script`, so its stdout and stderr are a terminal; everything it printed. */
function inTerminal(args: string[]): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, DOSSIER_PASSWORD: PASSWORD, DOSSIER_LANG: 'en' } });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('dossier import and export as jobs', { timeout: 120_000 }, () => {
  it('show a progress bar on a terminal only, and never with --json', () => {
    const { dir, common } = archive();
    const file = csv(dir, 20);
    const shown = inTerminal(['import', 'clients', file, ...common, '--dry-run']);
    expect(shown).toContain('\r\u001b[2K[');
    expect(shown).toMatch(/\[[#·-]{24}\] \w+/);
    expect(shown).toContain('20 data rows: 20 good');
    expect(inTerminal(['import', 'clients', file, ...common, '--dry-run', '--json'])).not.toContain('\x1b[2K');
    const piped = dossier(['import', 'clients', file, ...common]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    const out = path.join(dir, 'clients.xlsx');
    expect(inTerminal(['export', 'clients', '--out', out, ...common])).toMatch(/\[[#·-]+\] \w+[\s\S]*Exported 20 rows/);
  });

  it('Ctrl+C cancels a running import: exit 130, nothing written, no upload left', async () => {
    const { dir, common } = archive();
    const file = csv(dir, 60_000);
    const tmp = path.join(dir, 'archive', 'tmp');
    const child = spawn(process.execPath, [BIN, 'import', 'clients', file, ...common], {
      env: { ...process.env, DOSSIER_PASSWORD: PASSWORD, DOSSIER_LANG: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The file has been taken in (an encrypted upload waits in tmp/): the job is under way.
    while (!(existsSync(tmp) && readdirSync(tmp).length > 0)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr.trim()).toBe('Cancelled; nothing was written.');
    expect(readdirSync(tmp)).toEqual([]);
    expect(json<{ total: number }>(['client', 'list', ...common]).total).toBe(0);
    expect(json<{ action: string }[]>(['audit', ...common]).map((e) => e.action)).not.toContain('clients.create');
  });

  it('refuse a FIFO or a device at once instead of hanging, and a file over the limit by its size', () => {
    const { dir, common } = archive();
    const fifo = mkfifo(path.join(dir, 'clients.csv'));
    const started = Date.now();
    const fromFifo = spawnSync(process.execPath, [BIN, 'import', 'clients', fifo, ...common], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, DOSSIER_PASSWORD: PASSWORD, DOSSIER_LANG: 'en' },
    });
    expect(fromFifo.status).toBe(2);
    expect(fromFifo.stderr).toContain('Not a regular file');
    const zero = dossier(['import', 'clients', '/dev/zero', ...common]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('Not a regular file: /dev/zero');
    const toFifo = spawnSync(process.execPath, [BIN, 'export', 'clients', '--out', fifo, '--force', ...common], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, DOSSIER_PASSWORD: PASSWORD, DOSSIER_LANG: 'en' },
    });
    expect(toFifo.status).toBe(2);
    expect(toFifo.stderr).toContain('Not a regular file');
    expect(Date.now() - started).toBeLessThan(20_000);
    // A sparse file: 300 MB long, refused by its size without reading it.
    const big = path.join(dir, 'big.csv');
    expect(spawnSync('truncate', ['-s', '300M', big]).status).toBe(0);
    const tooLarge = dossier(['import', 'clients', big, ...common]);
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stderr).toContain('too large');
  });

  it('an export that cannot be written leaves no file and is audited as failed', () => {
    const { dir, common } = archive();
    const out = path.join(dir, 'no-such-folder', 'clients.csv');
    const failed = dossier(['export', 'clients', '--out', out, ...common]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('Cannot write the file');
    expect(existsSync(path.dirname(out))).toBe(false);
    const actions = json<{ action: string }[]>(['audit', ...common]).map((e) => e.action);
    expect(actions.slice(1, 3)).toEqual(['export.failed', 'export.create']);
    // Written after the operation, the failure is signed like every entry.
    expect(dossier(['audit', ...common, '--verify']).code).toBe(0);
    // Written beside and renamed: nothing else is left in the folder.
    const good = path.join(dir, 'clients.csv');
    expect(dossier(['export', 'clients', '--out', good, ...common]).code).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
