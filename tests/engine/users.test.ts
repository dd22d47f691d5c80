/** Administrators manage users: edit, disable, enable, remove (slot destroyed), reset passwords; the last administrator stays. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createArchive, openArchive } from '../../db/archive.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { ADMIN, expectDossierError, newArchive, TEST_KDF, tempDir, personFor, SIGNED } from '../helpers.js';

const opts = { kdfCost: TEST_KDF };

async function withClerk() {
  const { dir, session } = await newArchive();
  await session.call('users.create', { username: 'wangfang', displayName: '王芳', password: 'clerk password', role: 'clerk', clearance: 'restricted' });
  return { dir, admin: session };
}

const slotNames = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'archive.json'), 'utf8')) as { slots: { username: string }[] }).slots.map((s) => s.username);
const lastAudit = (admin: Awaited<ReturnType<typeof withClerk>>['admin']) =>
  admin.db.sqlite.prepare('select action, target_label as label, details from audit_log order by seq desc limit 1').get() as { action: string; label: string; details: string };

describe('users.update', () => {
  it('changes display name, role and clearance, audited with before and after', async () => {
    const { admin } = await withClerk();
    const user = await admin.call('users.update', { username: 'WangFang', displayName: '王芳芳', role: 'approver', clearance: 'confidential' });
    expect(user).toMatchObject({ username: 'wangfang', displayName: '王芳芳', role: 'approver', clearance: 'confidential', active: true });
    const row = lastAudit(admin);
    expect(row.action).toBe('users.update');
    expect(JSON.parse(row.details)).toEqual({
      changes: [
        { field: 'displayName', from: '王芳', to: '王芳芳' },
        { field: 'role', from: 'clerk', to: 'approver' },
        { field: 'clearance', from: 'restricted', to: 'confidential' },
      ],
    });
    // As the audit log reads it: the roles' and levels' names, no codes.
    const [entry] = await admin.call('audit.list', { limit: 1 });
    expect(entry?.summary).toContain('档案管理员 → 审批人');
    expect(entry?.summary).not.toContain('approver');
    await expectDossierError(admin.call('users.update', { username: 'wangfang', role: 'approver' }), 'user.noChanges');
    await expectDossierError(admin.call('users.update', { username: 'nobody', role: 'reader' }), 'user.notFound');
  });

  it('keeps the last active administrator an administrator, and an administrator cannot demote themselves', async () => {
    const { admin } = await withClerk();
    await expectDossierError(admin.call('users.update', { username: ADMIN.username, role: 'clerk' }), 'user.self');
    await admin.call('users.create', { username: 'li', displayName: '李主任', password: 'second admin pw', role: 'admin' });
    // With a second active administrator, the first may make li a clerk again.
    expect((await admin.call('users.update', { username: 'li', role: 'clerk' })).role).toBe('clerk');
  });
});

describe('disable and enable', () => {
  it('a disabled user cannot unlock (their right password says so, a wrong one does not), and can again once enabled', async () => {
    const { dir, admin } = await withClerk();
    const disabled = await admin.call('users.disable', { username: 'wangfang', reason: '离职交接中' });
    expect(disabled.active).toBe(false);
    expect(JSON.parse(lastAudit(admin).details)).toEqual({ reason: '离职交接中' });
    await expectDossierError(admin.call('users.disable', { username: 'wangfang' }), 'user.noChanges');
    admin.close();
    await expectDossierError(openArchive(dir, 'wangfang', 'clerk password', opts), 'auth.userDisabled');
    await expectDossierError(openArchive(dir, 'wangfang', 'wrong password', opts), 'auth.wrongPassword');
    const again = await openArchive(dir, ADMIN.username, ADMIN.password, opts);
    expect((await again.call('users.enable', { username: 'wangfang' })).active).toBe(true);
    again.close();
    const clerk = await openArchive(dir, 'wangfang', 'clerk password', opts);
    expect(clerk.user.username).toBe('wangfang');
    clerk.close();
  });

  it('refuses to disable or remove the last active administrator or oneself', async () => {
    const { admin } = await withClerk();
    await expectDossierError(admin.call('users.disable', { username: ADMIN.username }), 'user.self');
    await expectDossierError(admin.call('users.remove', { username: ADMIN.username }), 'user.self');
    await expectDossierError(admin.call('users.resetPassword', { username: ADMIN.username, password: 'another pass 1' }), 'user.self');
  });

  it('the last active administrator rule counts administrators who can still sign in', async () => {
    const dir = path.join(tempDir(), 'a');
    const first = await createArchive(dir, ADMIN, opts);
    await first.call('users.create', { username: 'li', displayName: '李主任', password: 'second admin pw', role: 'admin' });
    first.close();
    const li = await openArchive(dir, 'li', 'second admin pw', opts);
    // Two active administrators: li may disable the first one, and then li is the last.
    await li.call('users.disable', { username: ADMIN.username });
    await expectDossierError(li.call('users.update', { username: 'li', role: 'clerk' }), 'user.self');
    await li.call('users.create', { username: 'zhao', displayName: '赵', password: 'third admin pw', role: 'admin' });
    await li.call('users.disable', { username: 'zhao' });
    li.close();
    // zhao is disabled, the first admin too: li is the only active administrator and zhao cannot remove li.
    const again = await openArchive(dir, 'li', 'second admin pw', opts);
    await again.call('users.enable', { username: 'zhao' });
    again.close();
    const zhao = await openArchive(dir, 'zhao', 'third admin pw', opts);
    await zhao.call('users.update', { username: 'li', role: 'reader' });
    await expectDossierError(zhao.call('users.update', { username: 'zhao', role: 'reader' }), 'user.self');
    await zhao.call('users.disable', { username: 'li' });
    zhao.close();
    const asLi = await openArchive(dir, 'li', 'second admin pw', opts).catch((e: unknown) => e);
    expect(asLi).toMatchObject({ code: 'auth.userDisabled' });
  });
});

describe('users.remove', () => {
  it('destroys the key slot; the records they made keep their name; the name stays taken', async () => {
    const { dir, admin } = await withClerk();
    const client = await admin.call('clients.create', { name: '北京宏远建工集团有限公司' });
    const file = await admin.call('files.create', { clientId: client.id, title: '客户基本资料' });
    admin.close();
    const clerk = await openArchive(dir, 'wangfang', 'clerk password', opts);
    await clerk.call('loans.lend', { archiveNo: file.archiveNo, borrower: await personFor(clerk, '销售部 李明'), paperApproval: SIGNED });
    clerk.close();
    const again = await openArchive(dir, ADMIN.username, ADMIN.password, opts);
    expect(slotNames(dir)).toContain('wangfang');
    await again.call('users.remove', { username: 'wangfang', reason: '已离职' });
    expect(slotNames(dir)).toEqual([ADMIN.username]);
    expect((await again.call('users.list')).map((u) => u.username)).toEqual([ADMIN.username]);
    const loans = await again.call('loans.list', {});
    expect(loans.find((l) => l.archiveNo === file.archiveNo)?.lentBy).toBe('王芳');
    await expectDossierError(again.call('users.create', { username: 'WANGFANG', displayName: '另一个王芳', password: 'new clerk pass', role: 'clerk' }), 'user.duplicate');
    await expectDossierError(again.call('users.remove', { username: 'wangfang' }), 'user.notFound');
    const row = lastAudit(again);
    expect(row.action).toBe('users.remove');
    expect(JSON.parse(row.details)).toMatchObject({ role: 'clerk', reason: '已离职' });
    again.close();
    await expectDossierError(openArchive(dir, 'wangfang', 'clerk password', opts), 'auth.wrongPassword');
  });
});

describe('users.resetPassword', () => {
  it('the old password stops working, the new one opens, the policy holds, and it is audited', async () => {
    const { dir, admin } = await withClerk();
    await expectDossierError(admin.call('users.resetPassword', { username: 'wangfang', password: 'short' }), 'auth.weakPassword');
    await expectDossierError(admin.call('users.resetPassword', { username: 'wangfang', password: 'WangFang' }), 'auth.passwordIsUsername');
    await expectDossierError(admin.call('users.resetPassword', { username: 'wangfang', password: '          ' }), 'auth.blankPassword');
    await admin.call('users.resetPassword', { username: 'wangfang', password: 'a fresh password' });
    expect(lastAudit(admin)).toMatchObject({ action: 'users.resetPassword', label: 'wangfang' });
    admin.close();
    await expectDossierError(openArchive(dir, 'wangfang', 'clerk password', opts), 'auth.wrongPassword');
    const clerk = await openArchive(dir, 'wangfang', 'a fresh password', opts);
    clerk.close();
  });
});

describe('the auditor role', () => {
  it('reads the audit log and the records it names, and changes nothing', async () => {
    const { dir, admin } = await withClerk();
    await admin.call('users.create', { username: 'shenji', displayName: '审计员', password: 'auditor password', role: 'auditor', clearance: 'top_secret' });
    admin.close();
    const auditor = await openArchive(dir, 'shenji', 'auditor password', opts);
    expect((await auditor.call('audit.list', {})).length).toBeGreaterThan(0);
    expect(await auditor.call('clients.list', {})).toMatchObject({ total: 0 });
    await expectDossierError(auditor.call('clients.create', { name: '审计员不能建的客户' }), 'auth.forbidden');
    await expectDossierError(auditor.call('users.list', {}), 'auth.forbidden');
    await expectDossierError(auditor.call('settings.update', { archiveName: '改名' }), 'auth.forbidden');
    auditor.close();
  });
});

describe('migration 12 on an archive with users and their records', () => {
  it('keeps users, the rows that name them and foreign keys, and takes the auditor role', async () => {
    const dir = path.join(tempDir(), 'old');
    const old = await createArchive(dir, ADMIN, { ...opts, migrations: MIGRATIONS.filter((m) => m.version < 12) });
    // Raw SQL: today's operations expect today's schema.
    const raw = old.db.sqlite;
    raw
      .prepare(
        "insert into users (id, username, display_name, role, department, clearance, active, created_at) values ('u-wf', 'wangfang', '王芳', 'clerk', '', 'normal', 1, '2026-01-05')",
      )
      .run();
    raw.prepare("insert into change_log (at, user_id, entity_type, entity_id, field, old_value, new_value) values ('2026-01-05', 'u-wf', 'client', 'c1', 'name', 'a', 'b')").run();
    expect(() => raw.prepare("update users set role = 'auditor' where id = 'u-wf'").run()).toThrow(/CHECK/);
    old.close();
    const upgraded = await openArchive(dir, ADMIN.username, ADMIN.password, opts);
    const db = upgraded.db.sqlite;
    expect(db.prepare('pragma foreign_key_check').all()).toEqual([]);
    expect(db.prepare("select u.display_name as name from change_log c join users u on u.id = c.user_id where c.entity_id = 'c1'").get()).toEqual({ name: '王芳' });
    expect(db.prepare("select username, role, removed_at as removedAt from users where id = 'u-wf'").get()).toEqual({ username: 'wangfang', role: 'clerk', removedAt: null });
    db.prepare("update users set role = 'auditor' where id = 'u-wf'").run();
    upgraded.close();
  });
});
