import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { AuditVerification, ChainAnchor } from '../../shared/ops/auditChain.js';
import { tempDir } from '../helpers.js';
import { dossier, json, PASSWORD } from './dossier.js';

describe('dossier audit', { timeout: 180_000 }, () => {
  it('prints the anchor to write down, verifies against it as typed back, and reports a cut-off log with exit code 1', async () => {
    const archive = path.join(tempDir(), 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...common]).code).toBe(0);
    expect(dossier(['client', 'add', ...common, '--name', '杭州瑞丰环保科技有限公司']).code).toBe(0);

    const anchor = json<ChainAnchor>(['audit', 'anchor', ...common]);
    expect(anchor.code).toMatch(new RegExp(`^DA-${anchor.count}-[0-9A-HJKMNP-TV-Z]{11}$`));
    const printed = dossier(['audit', 'anchor', ...common, '--lang', 'zh-CN']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^DA-\d+-[0-9A-Z]{11}\n/);
    expect(printed.stdout).toContain('请把锚点码抄写下来');

    // Typed back in lower case with spaces instead of dashes.
    const typed = anchor.code.toLowerCase().replace(/-/g, ' ');
    const intact = dossier(['audit', ...common, '--verify', '--anchor', typed]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Audit chain intact/);
    expect(intact.stdout).toMatch(new RegExp(`Anchor typed in \\(entry ${anchor.count}\\): matches`));
    expect(intact.stdout).toMatch(/Current anchor: DA-/);

    const mistyped = dossier(['audit', ...common, '--verify', '--anchor', anchor.code.slice(0, -1) + (anchor.code.endsWith('0') ? '1' : '0')]);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toMatch(/probably mistyped/);

    // Someone with the key cuts off the last two entries.
    const session = await openArchive(archive, 'admin', PASSWORD);
    session.db.sqlite.exec('drop trigger audit_log_no_delete');
    session.db.sqlite.prepare('delete from audit_log where seq > ?').run(anchor.count - 2);
    session.close();

    const cut = dossier(['audit', ...common, '--verify', '--anchor', anchor.code]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/The audit chain has \d+ problems?/);
    expect(cut.stdout).toMatch(/cut off \(an anchor records them\)/);
    expect(cut.stdout).toMatch(new RegExp(`Anchor typed in \\(entry ${anchor.count}\\): the log was cut short`));
    expect(cut.stdout).toMatch(/Anchor remembered on this computer \(entry \d+, [^)]+\): the log was cut short/);

    // Every command signs in, so the chain grows again past the cut: then the entries at the anchors differ.
    const result = JSON.parse(dossier(['audit', ...common, '--verify', '--anchor', anchor.code, '--json']).stdout) as AuditVerification;
    expect(result.ok).toBe(false);
    expect(result.anchors.map((a) => a.source)).toEqual(['given', 'remembered']);
    expect(result.anchors.every((a) => a.result !== 'matches')).toBe(true);
    expect(result.breaks.every((b) => b.kind === 'truncated' || b.kind === 'rewritten')).toBe(true);

    const zh = dossier(['audit', ...common, '--verify', '--lang', 'zh-CN']);
    expect(zh.code).toBe(1);
    expect(zh.stdout).toMatch(/已被截断|此前的日志被改写/);
    expect(zh.stdout).toContain('本机记住的锚点');
    expect(zh.stdout).not.toMatch(/truncated|anchor|entries/i);
  });

  it('reports the signed authority beside the chain: its version, and rows found changed outside Dossier and put back', async () => {
    const archive = path.join(tempDir(), 'archive');
    const common = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...common]).code).toBe(0);
    const clean = dossier(['audit', ...common, '--verify']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/Signed authority: The signature over users and grants is valid and the records match it\. \(version \d+\)/);
    expect(clean.stdout).not.toMatch(/found changed outside/);

    expect(dossier(['user', 'add', ...common, '--username', 'reader', '--display-name', '王读者', '--role', 'reader'], { DOSSIER_NEW_PASSWORD: 'reader password' }).code).toBe(0);
    const session = await openArchive(archive, 'admin', PASSWORD);
    session.db.sqlite.prepare(`update users set role = 'admin' where username = 'reader'`).run();
    session.close();

    // The command's own sign-in finds the row changed and puts it back; verification says so.
    const seen = JSON.parse(dossier(['audit', ...common, '--verify', '--json']).stdout) as AuditVerification;
    expect(seen.authority).toMatchObject({ state: 'ok', differences: [], repaired: 1 });
    const zh = dossier(['audit', ...common, '--verify', '--lang', 'zh-CN']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/权限签名：用户与查阅授权的签名有效，数据与签名一致。（第 \d+ 版）/);
    expect(zh.stdout).toMatch(/此前发现 1 次权限在本系统之外被改动，已恢复/);
    // No English in Chinese mode (the anchor code aside).
    expect(zh.stdout.replace(/DA-[0-9A-Z-]+/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });
});
