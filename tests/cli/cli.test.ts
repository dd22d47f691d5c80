import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord, Loan, OpOutput } from '../../shared/contract.js';
import { tempDir, validCreditCode } from '../helpers.js';

const BIN = path.resolve(__dirname, '../../bin/dossier.mjs');

function dossier(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOSSIER_PASSWORD: 'cli password 1', DOSSIER_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T = unknown>(args: string[]): T {
  const result = dossier([...args, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe('the dossier command line', { timeout: 180_000 }, () => {
  it('creates an archive, registers a client, opens a file, lends and returns it', () => {
    const archive = path.join(tempDir(), 'archive');
    const common = ['--archive', archive, '--user', 'clerk'];
    expect(dossier(['init', ...common, '--display-name', '李档案']).code).toBe(0);
    const code = validCreditCode('91320105MA1XYW123');
    const client = json<Client>(['client', 'add', ...common, '--name', '南京瑞丰商混有限公司', '--credit-code', code, '--category', '搅拌站']);
    expect(client).toMatchObject({ name: '南京瑞丰商混有限公司', creditCode: code, category: '搅拌站' });
    expect(typeof client.id).toBe('string');

    const listed = json<OpOutput<'clients.list'>>(['client', 'list', ...common, '--search', '瑞丰']);
    expect(listed.rows.map((r: { id: string }) => r.id)).toEqual([client.id]);

    const file = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '客户基本资料', '--confidentiality', '秘密']);
    expect(file.archiveNo).toMatch(/^KH-\d{4}-0001$/);
    expect(file.confidentiality).toBe('restricted');
    // The credit code identifies the client too.
    expect(json<FileRecord>(['file', 'add', ...common, '--client', code, '--title', '合同']).archiveNo).toMatch(/-0002$/);

    json(['department', 'add', ...common, '--name', '销售部']);
    json(['person', 'add', ...common, '--name', '王芳', '--department', '销售部', '--staff-no', 'S002']);
    const loan = json<Loan>(['lend', ...common, '--file', file.archiveNo, '--borrower', 'S002', '--paper-approval', 'signed by 赵经理 on 2026-01-05']);
    expect(loan).toMatchObject({ archiveNo: file.archiveNo, borrower: '销售部 王芳', returnedAt: null });
    const twice = dossier(['lend', ...common, '--file', file.archiveNo, '--borrower', 's002', '--paper-approval', '赵经理 2026-01-05']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`File ${file.archiveNo} is already on loan (to 销售部 王芳`);

    expect(json(['ledger', ...common, '--open'])).toHaveLength(1);
    const table = dossier(['ledger', ...common, '--open', '--lang', 'zh-CN']);
    expect(table.stdout).toContain('借出中');
    expect(json<Loan>(['return', ...common, '--file', file.archiveNo]).returnedAt).not.toBeNull();
    expect(json(['ledger', ...common, '--open'])).toHaveLength(0);

    const audit = json<{ action: string }[]>(['audit', ...common]);
    const actions = audit.map((e) => e.action);
    for (const action of ['archive.create', 'clients.create', 'files.create', 'loans.lend', 'loans.return']) expect(actions).toContain(action);
    expect(dossier(['audit', ...common, '--verify']).stdout).toMatch(/Audit chain intact/);

    // Nothing readable in the archive folder.
    for (const name of readdirSync(archive)) {
      if (name === 'blobs') continue;
      expect(readFileSync(path.join(archive, name)).includes(Buffer.from('南京瑞丰商混'))).toBe(false);
    }
  });

  it('explains errors in the chosen language and exits non-zero', () => {
    const archive = path.join(tempDir(), 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    const missing = dossier(['client', 'list', ...common]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no archive here');
    dossier(['init', ...common]);
    const wrong = dossier(['client', 'list', ...common], { DOSSIER_PASSWORD: 'not it at all' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe('Wrong user name or password.');
    const badCode = dossier(['client', 'add', ...common, '--name', '某公司', '--credit-code', '91320105MA1XYZ1230', '--lang', 'zh-CN']);
    expect(badCode.code).toBe(1);
    expect(badCode.stderr).toMatch(/统一社会信用代码.*无效/);
    const unknownFile = dossier(['return', ...common, '--file', 'KH-0000-0000']);
    expect(unknownFile.stderr).toContain('No file with archive number KH-0000-0000');
    expect(dossier(['lend', ...common, '--borrower', 'x']).stderr).toContain('Missing option --file');
    expect(dossier(['lend', ...common, '--file', 'x', '--borrower', 'y', '--bogus']).code).toBe(2);
    expect(dossier(['frobnicate']).code).toBe(2);
    const noPassword = dossier(['client', 'list', ...common], { DOSSIER_PASSWORD: '' });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('DOSSIER_PASSWORD');
  });
});
