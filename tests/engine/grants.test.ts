/**
 * Per-file grants: a 普通-cleared user granted one 绝密 file sees it — in lists, search, the
 * file page, location counts, the audit log, exports — until the grant's date and not after,
 * never another 绝密 file, and never changes it. Views of 机密/绝密 files are audited.
 */
import { describe, expect, it } from 'vitest';
import { createArchive, openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import path from 'node:path';
import { ADMIN, expectDossierError, TEST_KDF, tempDir, testClock, personFor, SIGNED } from '../helpers.js';

const MARK = 'QZX绝密';

async function setup() {
  const clock = testClock('2026-03-02T09:00:00');
  const dir = path.join(tempDir(), 'archive');
  const opts = { kdfCost: TEST_KDF, clock };
  const admin = await createArchive(dir, ADMIN, opts);
  const client = await admin.call('clients.create', { name: '陕西秦岭水泥集团有限公司' });
  const roomNode = await admin.call('locations.save', { kind: 'room', code: '1', name: '一号库房' });
  const cabinet = await admin.call('locations.save', { kind: 'cabinet', parentId: roomNode.id, code: 'A', name: 'A柜' });
  const room = await admin.call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '3', name: '3架' });
  const granted = await admin.call('files.create', { clientId: client.id, title: `${MARK}并购谈判底稿`, confidentiality: 'top_secret' });
  const other = await admin.call('files.create', { clientId: client.id, title: `${MARK}另一份底稿`, confidentiality: 'top_secret' });
  await admin.call('items.add', { archiveNo: granted.archiveNo, title: `${MARK}收购协议` });
  await admin.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader password', role: 'reader', clearance: 'normal' });
  await admin.call('users.create', { username: 'clerk', displayName: '档案员', password: 'clerk password', role: 'clerk', clearance: 'normal' });
  await admin.call('users.create', { username: 'approver', displayName: '审批人', password: 'approver password', role: 'approver', clearance: 'normal' });
  return { dir, opts, clock, admin, client, room, granted, other };
}

type Env = Awaited<ReturnType<typeof setup>>;

/** What the user would notice of the secret files through every read path. */
async function seen(session: ArchiveSession, env: Env) {
  const get = async (no: string) =>
    (await session.call('files.get', { archiveNo: no }).then(
      () => true,
      () => false,
    )) as boolean;
  const search = await session.call('search.query', { q: MARK });
  const detail = await session.call('clients.get', { id: env.client.id });
  return {
    granted: await get(env.granted.archiveNo),
    other: await get(env.other.archiveNo),
    searchFiles: search.hits.filter((h) => h.kind === 'file').map((h) => h.archiveNo),
    searchItems: search.hits.filter((h) => h.kind === 'item').length,
    clientFiles: detail.files.map((f) => f.archiveNo),
  };
}

describe('a grant lets one user see one file above their clearance until its date', () => {
  it('a 普通 reader sees the granted 绝密 file until the date, not after, and never the other one', async () => {
    const env = await setup();
    const { admin, granted, other, clock } = env;
    const grant = await admin.call('grants.create', { username: 'reader', archiveNo: granted.archiveNo, until: '2026-03-10', reason: '合同纠纷核对' });
    expect(grant).toMatchObject({ username: 'reader', archiveNo: granted.archiveNo, until: '2026-03-10', active: true, confidentiality: 'top_secret' });
    const audited = admin.db.sqlite.prepare("select action, target_label as label, details from audit_log where action = 'grants.create'").get() as {
      label: string;
      details: string;
    };
    expect(audited.label).toBe(granted.archiveNo);
    // Details of an entry about a 绝密 file are stored sealed under its key; the administrator's session opens them.
    expect(audited.details.startsWith('\u0002dsk1.')).toBe(true);
    expect(JSON.parse(admin.db.content.open(audited.details)!)).toMatchObject({ username: 'reader', until: '2026-03-10' });
    admin.close();

    const reader = await openArchive(env.dir, 'reader', 'reader password', env.opts);
    expect(await seen(reader, env)).toEqual({ granted: true, other: false, searchFiles: [granted.archiveNo], searchItems: 1, clientFiles: [granted.archiveNo] });
    const page = await reader.call('files.get', { archiveNo: granted.archiveNo });
    expect(page.items.map((i) => i.title)).toEqual([`${MARK}收购协议`]);
    // The last day of the grant still counts.
    clock.set('2026-03-10T23:59:00');
    expect((await seen(reader, env)).granted).toBe(true);
    clock.set('2026-03-11T00:00:01');
    expect(await seen(reader, env)).toEqual({ granted: false, other: false, searchFiles: [], searchItems: 0, clientFiles: [] });
    await expectDossierError(reader.call('files.get', { archiveNo: other.archiveNo }), 'file.notFound');
    reader.close();
  });

  it('is honoured in location counts, loans, exports and the audit log, and lets nobody change the file', async () => {
    const env = await setup();
    const { admin, granted, room } = env;
    await admin.call('files.move', { archiveNo: granted.archiveNo, locationId: room.id });
    await admin.call('files.move', { archiveNo: env.other.archiveNo, locationId: room.id });
    await admin.call('loans.lend', { archiveNo: granted.archiveNo, borrower: await personFor(admin, '总经理办公室 李总'), paperApproval: SIGNED });
    await admin.call('grants.create', { username: 'clerk', archiveNo: granted.archiveNo, until: '2026-03-31' });
    await admin.call('grants.create', { username: 'approver', archiveNo: granted.archiveNo, until: '2026-03-31' });
    admin.close();

    const clerk = await openArchive(env.dir, 'clerk', 'clerk password', env.opts);
    const node = (await clerk.call('locations.tree')).nodes.find((n) => n.id === room.id);
    expect(node?.fileCount).toBe(1);
    expect((await clerk.call('locations.files', { id: room.id })).map((f) => f.archiveNo)).toEqual([granted.archiveNo]);
    expect((await clerk.call('loans.list', {})).map((l) => l.archiveNo)).toEqual([granted.archiveNo]);
    const csv = Buffer.from((await clerk.call('export.create', { list: 'files', format: 'csv' })).contentBase64, 'base64').toString('utf8');
    expect(csv).toContain(`${MARK}并购谈判底稿`);
    expect(csv).not.toContain(`${MARK}另一份底稿`);
    // Seeing is not changing: a write finds no file above the clerk's clearance.
    await expectDossierError(clerk.call('files.update', { archiveNo: granted.archiveNo, title: '改名' }), 'file.notFound');
    await expectDossierError(clerk.call('items.add', { archiveNo: granted.archiveNo, title: '新增' }), 'file.notFound');
    await expectDossierError(clerk.call('loans.return', { archiveNo: granted.archiveNo }), 'file.notFound');
    clerk.close();

    const approver = await openArchive(env.dir, 'approver', 'approver password', env.opts);
    const log = await approver.call('audit.list', { limit: 500 });
    const labels = log.map((r) => r.targetLabel);
    expect(labels).toContain(granted.archiveNo);
    expect(labels).not.toContain(env.other.archiveNo);
    expect(JSON.stringify(log)).not.toContain('另一份底稿');
    approver.close();
  });

  it('refuses a grant that is not needed, already past, for a disabled user, or of a file the administrator cannot see; revoking ends it', async () => {
    const env = await setup();
    const { admin, granted, client } = env;
    const normal = await admin.call('files.create', { clientId: client.id, title: '普通档案' });
    await expectDossierError(admin.call('grants.create', { username: 'reader', archiveNo: normal.archiveNo, until: '2026-03-10' }), 'grant.notNeeded');
    await expectDossierError(admin.call('grants.create', { username: 'reader', archiveNo: granted.archiveNo, until: '2026-03-01' }), 'grant.untilPast');
    await expectDossierError(admin.call('grants.create', { username: 'nobody', archiveNo: granted.archiveNo, until: '2026-03-10' }), 'user.notFound');
    await admin.call('users.disable', { username: 'clerk' });
    await expectDossierError(admin.call('grants.create', { username: 'clerk', archiveNo: granted.archiveNo, until: '2026-03-10' }), 'grant.userInactive');
    const grant = await admin.call('grants.create', { username: 'reader', archiveNo: granted.archiveNo, until: '2026-03-10' });
    expect((await admin.call('grants.list', { archiveNo: granted.archiveNo })).map((g) => g.id)).toEqual([grant.id]);
    await admin.call('grants.revoke', { id: grant.id, reason: '核对完毕' });
    expect(await admin.call('grants.list', { archiveNo: granted.archiveNo, includeExpired: true })).toEqual([]);
    await expectDossierError(admin.call('grants.revoke', { id: grant.id }), 'grant.notFound');
    // A second administrator cleared only for 秘密 neither sees nor grants the 绝密 file.
    await admin.call('users.create', { username: 'admin2', displayName: '二号管理员', password: 'second admin pw', role: 'admin', clearance: 'restricted' });
    await admin.call('grants.create', { username: 'reader', archiveNo: granted.archiveNo, until: '2026-03-10' });
    admin.close();
    const admin2 = await openArchive(env.dir, 'admin2', 'second admin pw', env.opts);
    await expectDossierError(admin2.call('grants.create', { username: 'approver', archiveNo: granted.archiveNo, until: '2026-03-10' }), 'file.notFound');
    expect(await admin2.call('grants.list', {})).toEqual([]);
    admin2.close();
  });

  it('ends with the user: removing a user deletes their grants', async () => {
    const env = await setup();
    const { admin, granted } = env;
    await admin.call('grants.create', { username: 'reader', archiveNo: granted.archiveNo, until: '2026-03-10' });
    await admin.call('users.remove', { username: 'reader' });
    expect(await admin.call('grants.list', { includeExpired: true })).toEqual([]);
    admin.close();
  });
});

describe('views of 机密/绝密 files are audited', () => {
  it('opening a 机密 or 绝密 file page writes files.view as the viewer; a 普通 file writes nothing', async () => {
    const env = await setup();
    const { admin, client, granted } = env;
    const confidential = await admin.call('files.create', { clientId: client.id, title: '机密合同', confidentiality: 'confidential' });
    const normal = await admin.call('files.create', { clientId: client.id, title: '普通合同' });
    const views = () =>
      admin.db.sqlite.prepare("select username, target_label as label, details from audit_log where action = 'files.view' order by seq").all() as {
        username: string;
        label: string;
        details: string;
      }[];
    await admin.call('files.get', { archiveNo: normal.archiveNo });
    expect(views()).toEqual([]);
    await admin.call('files.get', { archiveNo: confidential.archiveNo });
    await admin.call('files.get', { archiveNo: granted.archiveNo });
    expect(views().map((v) => [v.username, v.label, JSON.parse(admin.db.content.open(v.details)!)])).toEqual([
      [ADMIN.username, confidential.archiveNo, { confidentiality: 'confidential' }],
      [ADMIN.username, granted.archiveNo, { confidentiality: 'top_secret' }],
    ]);
    // A refused view (a file the user may not see) writes nothing.
    await admin.call('grants.create', { username: 'reader', archiveNo: granted.archiveNo, until: '2026-03-10' });
    admin.close();
    const reader = await openArchive(env.dir, 'reader', 'reader password', env.opts);
    await expectDossierError(reader.call('files.get', { archiveNo: confidential.archiveNo }), 'file.notFound');
    await reader.call('files.get', { archiveNo: granted.archiveNo });
    const rows = reader.db.sqlite.prepare("select username, target_label as label from audit_log where action = 'files.view' order by seq").all();
    expect(rows).toEqual([
      { username: ADMIN.username, label: confidential.archiveNo },
      { username: ADMIN.username, label: granted.archiveNo },
      { username: 'reader', label: granted.archiveNo },
    ]);
    expect((await reader.call('audit.verify', {}).catch(() => ({ ok: true }))).ok).toBe(true);
    reader.close();
  });
});
