/** `dossier print audit` as an auditor runs it: the real command, the PDF read back with pdftotext, its anchor code typed back to `audit --verify`. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier, json } from './dossier.js';

const text = (pdf: string) => spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
const flat = (s: string) => s.replace(/\s+/g, '');

describe('dossier print audit', { timeout: 180_000 }, () => {
  it('prints the filtered log with the anchor at print time; the code verifies; a clerk is refused', () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...common, '--display-name', '管理员', '--archive-name', '瑞丰档案室']).code).toBe(0);
    const client = json<Client>(['client', 'add', ...common, '--name', '南京瑞丰商混有限公司', '--contact-person', '周强']);
    expect(
      dossier(['user', 'add', ...common, '--username', 'wangfang', '--display-name', '审计员王芳', '--role', 'auditor'], { DOSSIER_NEW_PASSWORD: 'auditor password 1' }).code,
    ).toBe(0);
    expect(dossier(['user', 'add', ...common, '--username', 'lina', '--display-name', '李娜', '--role', 'clerk'], { DOSSIER_NEW_PASSWORD: 'clerk password 1' }).code).toBe(0);

    const auditor = ['--archive', archive, '--user', 'wangfang'];
    const env = { DOSSIER_PASSWORD: 'auditor password 1' };
    const out = path.join(dir, 'audit.pdf');
    const printed = json<{ file: string; pages: number; rows: number }>(['print', 'audit', ...auditor, '--by', 'admin', '--action', 'clients', '--out', out], env);
    expect(printed).toMatchObject({ file: out, pages: 1, rows: 1 });
    const pdf = flat(text(out));
    for (const s of ['审计日志报告', '瑞丰档案室', '打印人：审计员王芳', '操作人：管理员', '操作：客户（全部）', `新建客户「${client.name}」`, '共1条', '第1页共1页'])
      expect(pdf).toContain(s);
    expect(pdf).not.toContain('新建用户');
    const code = /锚点码：(DA-\d+-[0-9A-Z]{11})/.exec(pdf)![1]!;

    // The print is audited and names the anchor; typed back, the code matches the chain.
    const log = json<{ action: string; username: string; details: { anchor?: string } }[]>(['audit', ...auditor], env);
    expect(log.find((e) => e.action === 'print.audit')).toMatchObject({ username: 'wangfang', details: { anchor: code } });
    const verified = dossier(['audit', ...auditor, '--verify', '--anchor', code], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Anchor typed in \(entry \d+\): matches/);

    // Bad options are usage errors, nothing written; a clerk may not print the log.
    const none = path.join(dir, 'none.pdf');
    for (const args of [
      ['--by', 'nobody'],
      ['--action', 'files.explode'],
      ['--from', '2026-13-01'],
    ]) {
      const run = dossier(['print', 'audit', ...auditor, ...args, '--out', none], env);
      expect(run.code).toBe(2);
      expect(existsSync(none)).toBe(false);
    }
    expect(dossier(['print', 'audit', ...auditor, '--by', 'nobody', '--out', none, '--lang', 'zh-CN'], env).stderr).toContain('没有名为“nobody”的用户');
    const clerk = dossier(['print', 'audit', '--archive', archive, '--user', 'lina', '--out', none, '--json'], { DOSSIER_PASSWORD: 'clerk password 1' });
    expect(clerk.code).toBe(1);
    expect(JSON.parse(clerk.stderr).error.code).toBe('auth.forbidden');
    expect(existsSync(none)).toBe(false);
  });
});
