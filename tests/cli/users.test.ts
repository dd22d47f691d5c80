/** `dossier user edit|disable|enable|remove|reset-password` and `dossier grant|grants|grant revoke`, as an administrator types them. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client, FileRecord, OpOutput } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier, json, jsonError } from './dossier.js';

describe('managing users and grants on the command line', { timeout: 480_000 }, () => {
  it('edits, disables, enables, resets and removes a user; grants one secret file to a reader until a date', () => {
    const archive = path.join(tempDir(), 'archive');
    const admin = ['--archive', archive, '--user', 'admin'];
    expect(dossier(['init', ...admin, '--display-name', '管理员']).code).toBe(0);
    const newUser = { DOSSIER_NEW_PASSWORD: 'clerk password 1' };
    json(['user', 'add', ...admin, '--username', 'wangfang', '--display-name', '王芳', '--role', 'clerk'], newUser);

    const edited = json<OpOutput<'users.update'>>(['user', 'edit', ...admin, '--username', 'WangFang', '--role', 'auditor', '--clearance', '机密']);
    expect(edited).toMatchObject({ username: 'wangfang', role: 'auditor', clearance: 'confidential' });
    // What changed, in words: the role's and the level's titles, never their codes.
    const editedZh = dossier(['user', 'edit', ...admin, '--username', 'wangfang', '--role', 'auditor', '--clearance', 'restricted'], { DOSSIER_LANG: 'zh-CN' });
    expect(editedZh.stdout).toContain('已更新用户 wangfang：角色 审计员，密级 秘密');
    expect(editedZh.stdout).not.toMatch(/auditor|restricted|=/);
    const nothing = dossier(['user', 'edit', ...admin, '--username', 'wangfang']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('--display-name');

    const asClerk = ['--archive', archive, '--user', 'wangfang'];
    expect(json(['user', 'disable', ...admin, '--username', 'wangfang', '--reason', '离职交接'])).toMatchObject({ active: false });
    const refused = dossier(['audit', ...asClerk, '--json'], { DOSSIER_PASSWORD: 'clerk password 1' });
    expect(refused.code).toBe(1);
    expect(jsonError(refused).code).toBe('auth.userDisabled');
    const zh = dossier(['audit', ...asClerk], { DOSSIER_PASSWORD: 'clerk password 1', DOSSIER_LANG: 'zh-CN' });
    expect(zh.stderr).toContain('该用户已被停用');

    json(['user', 'enable', ...admin, '--username', 'wangfang']);
    json(['user', 'reset-password', ...admin, '--username', 'wangfang'], { DOSSIER_NEW_PASSWORD: 'a new password 2' });
    expect(jsonError(dossier(['audit', ...asClerk, '--json'], { DOSSIER_PASSWORD: 'clerk password 1' })).code).toBe('auth.wrongPassword');
    expect(dossier(['audit', ...asClerk, '--json'], { DOSSIER_PASSWORD: 'a new password 2' }).code).toBe(0);

    const lastAdmin = dossier(['user', 'disable', ...admin, '--username', 'admin', '--json']);
    expect(jsonError(lastAdmin).code).toBe('user.self');

    // A grant: a 普通 reader sees one 绝密 file, and the grant is listed.
    const readerAdded = dossier(['user', 'add', ...admin, '--username', 'reader', '--display-name', '读者小李', '--role', 'reader'], {
      DOSSIER_NEW_PASSWORD: 'reader password 1',
      DOSSIER_LANG: 'zh-CN',
    });
    expect(readerAdded.code).toBe(0);
    expect(readerAdded.stdout).toContain('已添加用户：reader（读者小李，角色 查阅人）');
    const client = json<Client>(['client', 'add', ...admin, '--name', '西安秦岭建材有限公司']);
    const secret = json<FileRecord>(['file', 'add', ...admin, '--client', client.id, '--title', '并购谈判底稿', '--confidentiality', '绝密']);
    const asReader = ['--archive', archive, '--user', 'reader'];
    const readerEnv = { DOSSIER_PASSWORD: 'reader password 1' };
    const before = json<OpOutput<'search.query'>>(['search', '并购谈判', ...asReader], readerEnv);
    expect(before.hits).toEqual([]);
    const granted = dossier(['grant', ...admin, '--username', 'reader', '--file', secret.archiveNo, '--until', '2099-12-31', '--reason', '合同核对'], { DOSSIER_LANG: 'zh-CN' });
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain(`已允许 reader 查看档案 ${secret.archiveNo}（绝密）`);
    const after = json<OpOutput<'search.query'>>(['search', '并购谈判', ...asReader], readerEnv);
    expect(after.hits.map((h) => h.archiveNo)).toEqual([secret.archiveNo]);
    const grants = json<OpOutput<'grants.list'>>(['grants', ...admin, '--file', secret.archiveNo]);
    expect(grants.map((g) => [g.username, g.until, g.active])).toEqual([['reader', '2099-12-31', true]]);
    json(['grant', 'revoke', ...admin, '--id', grants[0]!.id]);
    expect(json<OpOutput<'search.query'>>(['search', '并购谈判', ...asReader], readerEnv).hits).toEqual([]);

    // As the issue writes it: --user names the grantee, --admin the administrator signing in.
    const issueForm = json<OpOutput<'grants.create'>>(['grant', '--archive', archive, '--admin', 'admin', '--user', 'reader', '--file', secret.archiveNo, '--until', '2099-06-30']);
    expect(issueForm).toMatchObject({ username: 'reader', archiveNo: secret.archiveNo, until: '2099-06-30' });
    expect(json<OpOutput<'search.query'>>(['search', '并购谈判', ...asReader], readerEnv).hits.map((h) => h.archiveNo)).toEqual([secret.archiveNo]);
    json(['grant', 'revoke', ...admin, '--id', issueForm.id]);
    const who = dossier(['grant', '--archive', archive, '--user', 'reader', '--file', secret.archiveNo, '--until', '2099-06-30']);
    expect(who.code).toBe(2);
    expect(who.stderr).toContain('--admin ADMIN');

    const removed = json<{ ok: boolean; username: string }>(['user', 'remove', ...admin, '--username', 'wangfang']);
    expect(removed).toEqual({ ok: true, username: 'wangfang' });
    expect(jsonError(dossier(['audit', ...asClerk, '--json'], { DOSSIER_PASSWORD: 'a new password 2' })).code).toBe('auth.wrongPassword');
    const users = json<OpOutput<'users.list'>>(['user', 'list', ...admin]);
    expect(users.map((u) => u.username)).toEqual(['admin', 'reader']);
    // The list names roles and clearances by their titles in either language.
    const listEn = dossier(['user', 'list', ...admin]).stdout;
    expect(listEn).toMatch(/admin\s+管理员\s+Administrator\s+Top secret/);
    expect(listEn).toMatch(/reader\s+读者小李\s+Reader\s+Normal/);
    expect(listEn).not.toMatch(/top_secret|\bnormal\b/);
    const listZh = dossier(['user', 'list', ...admin], { DOSSIER_LANG: 'zh-CN' }).stdout;
    expect(listZh).toMatch(/admin\s+管理员\s+系统管理员\s+绝密/);
    expect(listZh).toMatch(/reader\s+读者小李\s+查阅人\s+普通/);
  });
});
