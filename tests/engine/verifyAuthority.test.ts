/**
 * `audit.verify` reports the signed authority beside the chain: the document's version, rows
 * changed behind the engine's back (a grant naming its file only to those who may see it),
 * rows put back before, and a document whose signature no longer verifies.
 */
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { ADMIN, TEST_KDF, newArchive } from '../helpers.js';

const SECRET_TITLE = 'ZZSECRET-绝密合同标题';

describe('audit.verify and the signed authority', () => {
  it('says the authority holds, then lists rows changed with raw SQL, then counts them as put back', async () => {
    const { dir, session: admin } = await newArchive();
    const clean = await admin.call('audit.verify');
    expect(clean.authority).toMatchObject({ state: 'ok', differences: [], pending: [], repaired: 0, lastRepairedAt: null });
    const firstSeq = clean.authority.seq!;
    expect(firstSeq).toBeGreaterThan(0);

    await admin.call('users.create', { username: 'reader', displayName: '王读者', password: 'reader password', role: 'reader', clearance: 'normal' });
    await admin.call('users.create', { username: 'auditor', displayName: '审计员', password: 'auditor password', role: 'auditor', clearance: 'normal' });
    const client = await admin.call('clients.create', { name: '北京宏远建工集团有限公司' });
    const secret = await admin.call('files.create', { clientId: client.id, title: SECRET_TITLE, confidentiality: 'top_secret' });
    await admin.call('grants.create', { username: 'reader', archiveNo: secret.archiveNo, until: '2099-12-31' });
    const seq = (await admin.call('audit.verify')).authority.seq!;
    expect(seq).toBeGreaterThan(firstSeq);
    const auditor = await openArchive(dir, 'auditor', 'auditor password', { kdfCost: TEST_KDF });

    // Behind the engine's back (the connection's raw SQL, as a holder of the data key would).
    admin.db.sqlite.prepare(`update users set clearance = 'top_secret', role = 'admin' where username = 'reader'`).run();
    admin.db.sqlite.prepare(`update file_grants set until = '2199-12-31'`).run();

    const seen = await admin.call('audit.verify');
    expect(seen.ok).toBe(true); // the chain itself is intact
    expect(seen.authority.state).toBe('changed');
    expect(seen.authority.seq).toBe(seq);
    expect(seen.authority.differences).toEqual([
      { kind: 'user', label: 'reader', problem: 'changed', fields: ['role', 'clearance'] },
      { kind: 'grant', label: secret.archiveNo, problem: 'changed', fields: ['until'] },
    ]);

    // A 普通-cleared auditor learns that a grant changed, never which file.
    const asAuditor = await auditor.call('audit.verify');
    expect(asAuditor.authority.differences).toContainEqual({ kind: 'grant', label: null, problem: 'changed', fields: ['until'] });
    expect(JSON.stringify(asAuditor)).not.toContain(secret.archiveNo);
    auditor.close();

    // The next write puts the rows back and logs it; verification then says so.
    await admin.call('clients.create', { name: '上海某某有限公司' });
    const repaired = await admin.call('audit.verify');
    expect(repaired.authority).toMatchObject({ state: 'ok', seq, differences: [], repaired: 1 });
    expect(repaired.authority.lastRepairedAt).not.toBeNull();

    admin.db.sqlite.prepare(`update authority set signature = ?`).run(Buffer.alloc(64).toString('base64'));
    expect((await admin.call('audit.verify')).authority).toMatchObject({ state: 'badSignature', seq: null });
    admin.close();
  });

  it('an administrator signing in again after the rows were edited finds them put back and counted', async () => {
    const { dir, session: admin } = await newArchive();
    await admin.call('users.create', { username: 'reader', displayName: '王读者', password: 'reader password', role: 'reader' });
    admin.db.sqlite.prepare(`update users set role = 'admin' where username = 'reader'`).run();
    admin.close();
    const again = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    expect((await again.call('audit.verify')).authority).toMatchObject({ state: 'ok', differences: [], repaired: 1 });
    again.close();
  });
});
