import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpOutput } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier } from './dossier.js';

const LEDGER = path.join(__dirname, '../fixtures/ledgers/ledger-by-year.xlsx');

function archive() {
  const dir = tempDir();
  const common = ['--archive', path.join(dir, 'archive'), '--user', 'admin'];
  expect(dossier(['init', ...common]).code).toBe(0);
  return common;
}

describe('dossier import: sheets, unknown values and the exit code', { timeout: 120_000 }, () => {
  it('exits 1 when any row was refused, names sheets, lists each unknown value once with what to do', () => {
    const common = archive();
    const run = dossier(['import', 'clients', LEDGER, ...common]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Sheets read: 2023年, 2024年, 已终止客户');
    expect(run.stdout).toMatch(/2023年 Row 4 \[客户类别\]/);
    expect(run.stdout.match(/Unknown value "混凝土企业" in "客户类别": 3 rows/g)).toHaveLength(1);
    expect(run.stdout).toContain('--map-value 客户类别:混凝土企业=');
  });

  it('--map-value, --sheet and --add-unknown-values', () => {
    const common = archive();
    const dry = dossier(['import', 'clients', LEDGER, ...common, '--dry-run', '--json', '--sheet', '2023年', '--map-value', '客户类别:混凝土企业=商混站']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout) as OpOutput<'import.check'>;
    expect(report.sheets.filter((s) => s.read).map((s) => s.name)).toEqual(['2023年']);
    expect(report.badRows).toBe(0);
    const all = dossier(['import', 'clients', LEDGER, ...common, '--json', '--map-value', '客户类别:混凝土企业=商混站', '--add-unknown-values']);
    expect(all.code).toBe(0);
    expect((JSON.parse(all.stdout) as OpOutput<'import.run'>).created.clients).toBe(7);
    const bad = dossier(['import', 'clients', LEDGER, ...common, '--map-value', '混凝土企业']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--map-value takes SCHEME:VALUE=EXISTING');
  });
});
