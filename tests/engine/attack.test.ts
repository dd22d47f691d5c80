/**
 * The archive folder and a reader's password in an attacker's hands: they unwrap the data
 * key, edit rows with raw SQL, swap the authority key, forge envelopes, keep old keys. Each
 * attempt gives no rights and is reported, or is refused.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive, resetPasswordWithRecovery } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { documentFromRows, storeAuthority } from '../../db/authority.js';
import { openEncryptedDatabase } from '../../db/connection.js';
import { ArchiveHost } from '../../db/host.js';
import type { ArchiveDb } from '../../db/connection.js';
import { readHeader, writeHeader } from '../../db/header.js';
import { newSigningKeyPair, newUserSecrets, openSlot, openSlotKey, sealKey, writeSlot } from '../../db/keys.js';
import type { KeySlot } from '../../db/keys.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive, tempDir } from '../helpers.js';

const READER = { username: 'reader', password: 'reader password' };
const SECRET_TITLE = 'ZZTOPSECRET-绝密合同标题';

async function archiveWithReader(): Promise<{ dir: string; admin: ArchiveSession; secretNo: string }> {
  const { dir, session: admin } = await newArchive();
  await admin.call('users.create', { username: READER.username, displayName: '王读者', password: READER.password, role: 'reader', clearance: 'normal' });
  const client = await admin.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const file = await admin.call('files.create', { clientId: client.id, title: SECRET_TITLE, confidentiality: 'top_secret' });
  return { dir, admin, secretNo: file.archiveNo };
}

const open = (dir: string, username: string, password: string) => openArchive(dir, username, password, { kdfCost: TEST_KDF });

/** What the attacker does first: their own envelope opened with their password, the data key out of it. */
async function stealDataKey(dir: string, who = READER): Promise<Buffer> {
  const header = readHeader(dir);
  const slot = header.slots.find((s) => s.username === who.username) as KeySlot;
  const secrets = await openSlot(slot, who.password, header.archiveId);
  return openSlotKey(slot, secrets!, header.archiveId, 'data')!;
}

async function rawSql(dir: string, edit: (db: ArchiveDb) => void, who = READER): Promise<void> {
  const db = openEncryptedDatabase(path.join(dir, 'archive.db'), await stealDataKey(dir, who), { create: false });
  try {
    edit(db);
  } finally {
    db.close();
  }
}

function auditActions(session: ArchiveSession, action: string): { details: string }[] {
  return session.db.sqlite.prepare('select details from audit_log where action = ? order by seq').all(action) as { details: string }[];
}

describe('with the archive folder, a reader password and raw SQL', () => {
  it('a role edited to admin gives no rights, is put back and reported to the administrator', async () => {
    const { dir, admin } = await archiveWithReader();
    admin.close();
    await rawSql(dir, (db) => db.sqlite.prepare(`update users set role = 'admin', clearance = 'top_secret' where username = 'reader'`).run());

    const reader = await open(dir, READER.username, READER.password);
    expect(reader.user.role).toBe('reader');
    expect(reader.user.clearance).toBe('normal');
    await expectDossierError(reader.call('users.list'), 'auth.forbidden');
    expect((await reader.call('search.query', { q: 'ZZTOPSECRET' })).hits).toHaveLength(0);
    // The row says what was signed again.
    expect(reader.db.sqlite.prepare(`select role, clearance from users where username = 'reader'`).get()).toEqual({ role: 'reader', clearance: 'normal' });
    const reports = auditActions(reader, 'authority.tampered');
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!.details).differences[0]).toMatchObject({ label: 'reader', problem: 'changed', fields: ['role', 'clearance'] });
    reader.close();

    // The administrator is told at sign-in, as the screens and the command line get it from the host.
    const host = new ArchiveHost(dir, { kdfCost: TEST_KDF });
    expect(await host.unlock(ADMIN.username, ADMIN.password)).toMatchObject({ role: 'admin', authorityProblems: 1, failedSignIns: 0 });
    host.lock();
    expect(await host.unlock(ADMIN.username, ADMIN.password)).toMatchObject({ authorityProblems: 0 });
    host.close();
  });

  it('verification reports rows that differ from the signed authority', async () => {
    const { dir, admin } = await archiveWithReader();
    expect(admin.authorityReport()).toMatchObject({ ok: true, problem: null, differences: [] });
    await rawSql(dir, (db) => db.sqlite.prepare(`update users set clearance = 'top_secret' where username = 'reader'`).run());
    expect(admin.authorityReport()).toMatchObject({ ok: false, problem: null, differences: [{ label: 'reader', problem: 'changed', fields: ['clearance'] }] });
    await rawSql(dir, (db) => db.sqlite.prepare(`update authority set signature = ?`).run(Buffer.alloc(64).toString('base64')));
    expect(admin.authorityReport()).toMatchObject({ ok: false, problem: 'badSignature' });
    admin.close();
  });

  it('an edited role is refused even inside a running administrator session, and the write is signed on the true values', async () => {
    const { dir, admin } = await archiveWithReader();
    await rawSql(dir, (db) => db.sqlite.prepare(`update users set role = 'admin' where username = 'reader'`).run());
    // The administrator's next write finds the row changed behind the engine's back: put back first, then signed.
    await admin.call('clients.create', { name: '上海某某有限公司' });
    expect(admin.db.sqlite.prepare(`select role from users where username = 'reader'`).get()).toEqual({ role: 'reader' });
    expect(auditActions(admin, 'authority.tampered')).toHaveLength(1);
    admin.close();
    const reader = await open(dir, READER.username, READER.password);
    expect(reader.user.role).toBe('reader');
    reader.close();
  });

  it('a user row added by raw SQL cannot sign in, and is disabled and reported', async () => {
    const { dir, admin } = await archiveWithReader();
    admin.close();
    const header = readHeader(dir);
    // A whole forged account: row, key pairs, envelope with the stolen data key, pinned to the real authority key.
    const dataKey = await stealDataKey(dir);
    const mallory = { archiveId: header.archiveId, userId: 'mallory-id', username: 'mallory' };
    const pinned = Buffer.from(header.authority!.keys.at(-1)!.publicKey, 'base64');
    const slot = await writeSlot(mallory, newUserSecrets(pinned), 'mallory password', { data: dataKey }, TEST_KDF);
    writeHeader(dir, { ...header, slots: [...header.slots, slot] });
    await rawSql(dir, (db) =>
      db.sqlite
        .prepare(
          `insert into users (id, username, display_name, role, department, clearance, active, created_at, encryption_key, signing_key) values ('mallory-id', 'mallory', 'M', 'admin', '', 'top_secret', 1, '2026-01-01', ?, ?)`,
        )
        .run(slot.encryptionKey, slot.signingKey),
    );
    await expectDossierError(open(dir, 'mallory', 'mallory password'), 'auth.authorityInvalid');

    const back = await open(dir, ADMIN.username, ADMIN.password);
    expect(back.authorityProblemsSincePreviousUnlock()).toBe(2); // the refused sign-in, then the row found at this one
    expect(back.db.sqlite.prepare(`select active from users where id = 'mallory-id'`).get()).toEqual({ active: 0 });
    expect((await back.call('users.list')).find((u) => u.username === 'mallory')?.active).toBe(false);
    back.close();
  });

  it("a reader's envelope replaced by one with the attacker's own keys is refused", async () => {
    const { dir, admin } = await archiveWithReader();
    admin.close();
    const header = readHeader(dir);
    const dataKey = await stealDataKey(dir);
    const reader = header.slots.find((s) => s.username === READER.username)!;
    const pinned = Buffer.from(header.authority!.keys.at(-1)!.publicKey, 'base64');
    const forged = await writeSlot({ archiveId: header.archiveId, userId: reader.userId, username: 'reader' }, newUserSecrets(pinned), 'new password', { data: dataKey }, TEST_KDF);
    writeHeader(dir, { ...header, slots: header.slots.map((s) => (s.userId === reader.userId ? forged : s)) });
    await expectDossierError(open(dir, READER.username, 'new password'), 'auth.authorityInvalid');
  });

  it('an authority key swapped for one the attacker made (and the document re-signed with it) is detected by every user', async () => {
    const { dir, admin } = await archiveWithReader();
    admin.close();
    const header = readHeader(dir);
    const evil = newSigningKeyPair();
    await rawSql(dir, (db) => {
      db.sqlite.prepare(`update users set role = 'admin', clearance = 'top_secret' where username = 'reader'`).run();
      storeAuthority(db, documentFromRows(db, header.archiveId, 99), evil.privateKey, evil.publicKey, 'x', new Date());
    });
    writeHeader(dir, { ...header, authority: { keys: [{ publicKey: evil.publicKey.toString('base64') }] } });
    await expectDossierError(open(dir, READER.username, READER.password), 'auth.authorityUntrusted');
    await expectDossierError(open(dir, ADMIN.username, ADMIN.password), 'auth.authorityUntrusted');

    // Appending the evil key after the real one without the real key's signature breaks the chain as well.
    writeHeader(dir, {
      ...header,
      authority: { keys: [...header.authority!.keys, { publicKey: evil.publicKey.toString('base64'), signature: Buffer.alloc(64).toString('base64') }] },
    });
    await expectDossierError(open(dir, READER.username, READER.password), 'auth.authorityUntrusted');
  });

  it("an authority key the attacker sealed into an administrator's envelope signs nothing", async () => {
    const { dir, admin } = await archiveWithReader();
    admin.close();
    // Sealing needs only the public key: the attacker replaces the administrator's authority key with their own.
    const header = readHeader(dir);
    const evil = newSigningKeyPair();
    const slot = header.slots.find((s) => s.username === ADMIN.username) as KeySlot;
    const forged = sealKey(evil.privateKey, Buffer.from(slot.encryptionKey, 'base64'), { archiveId: header.archiveId, recipientId: slot.userId, name: 'authority' });
    writeHeader(dir, { ...header, slots: header.slots.map((s) => (s.userId === slot.userId ? { ...slot, sealed: { ...slot.sealed, authority: forged } } : s)) });
    const fooled = await open(dir, ADMIN.username, ADMIN.password);
    // Nothing is signed with a key that is not the archive's: the change is refused, not written under a bad signature.
    await expectDossierError(fooled.call('users.update', { username: READER.username, role: 'admin' }), 'auth.forbidden');
    fooled.close();
    const reader = await open(dir, READER.username, READER.password);
    expect(reader.user.role).toBe('reader');
    reader.close();
  });

  it('an authority document edited without re-signing refuses the sign-in and is reported', async () => {
    const { dir, admin } = await archiveWithReader();
    admin.close();
    await rawSql(dir, (db) => db.sqlite.prepare(`update authority set document = replace(document, '"role":"reader"', '"role":"admin"')`).run());
    await expectDossierError(open(dir, READER.username, READER.password), 'auth.authorityInvalid');
    await rawSql(dir, (db) => {
      const rows = db.sqlite.prepare(`select details from audit_log where action = 'authority.tampered'`).all() as { details: string }[];
      expect(rows.map((r) => JSON.parse(r.details).problem)).toEqual(['badSignature']);
    });
  });

  it('a per-file grant inserted by raw SQL does not show the file and is removed', async () => {
    const { dir, admin, secretNo } = await archiveWithReader();
    admin.close();
    await rawSql(dir, (db) => {
      const fileId = (db.sqlite.prepare('select id from files where archive_no = ?').get(secretNo) as { id: string }).id;
      const readerId = (db.sqlite.prepare(`select id from users where username = 'reader'`).get() as { id: string }).id;
      db.sqlite
        .prepare(`insert into file_grants (id, file_id, user_id, until, reason, granted_by, granted_at) values ('g1', ?, ?, '2999-12-31', '', ?, '2026-01-01')`)
        .run(fileId, readerId, readerId);
    });
    const reader = await open(dir, READER.username, READER.password);
    await expect(reader.call('files.get', { archiveNo: secretNo })).rejects.toThrow();
    expect(reader.db.sqlite.prepare('select count(*) as n from file_grants').get()).toEqual({ n: 0 });
    expect(JSON.parse(auditActions(reader, 'authority.tampered')[0]!.details).differences[0]).toMatchObject({ kind: 'grant', problem: 'added' });
    reader.close();
  });

  it('a disabled user cannot unlock even after setting their row active again: their envelope holds no key', async () => {
    const { dir, admin } = await archiveWithReader();
    await admin.call('users.disable', { username: READER.username });
    const slot = readHeader(dir).slots.find((s) => s.username === READER.username) as KeySlot;
    expect(Object.keys(slot.sealed)).toEqual([]);
    await expectDossierError(open(dir, READER.username, READER.password), 'auth.userDisabled');
    await admin.call('users.enable', { username: READER.username });
    expect(Object.keys((readHeader(dir).slots.find((s) => s.username === READER.username) as KeySlot).sealed)).toEqual(['data']);
    admin.close();
    const reader = await open(dir, READER.username, READER.password);
    expect(reader.user.role).toBe('reader');
    reader.close();
  });

  it('only active administrators hold the authority key', async () => {
    const { dir, admin } = await archiveWithReader();
    await admin.call('users.create', { username: 'second', displayName: '二号管理员', password: 'second password', role: 'admin', clearance: 'top_secret' });
    const sealedOf = (name: string) => Object.keys((readHeader(dir).slots.find((s) => s.username === name) as KeySlot).sealed).sort();
    // Level keys follow the clearance, the authority key the role.
    expect(sealedOf('second')).toEqual(['authority', 'data', 'level.confidential', 'level.top_secret']);
    expect(sealedOf('reader')).toEqual(['data']);
    await admin.call('users.update', { username: 'second', role: 'clerk' });
    expect(sealedOf('second')).toEqual(['data', 'level.confidential', 'level.top_secret']);
    await admin.call('users.update', { username: 'reader', role: 'admin' });
    expect(sealedOf('reader')).toEqual(['authority', 'data']);
    await admin.call('users.update', { username: 'second', clearance: 'confidential' });
    expect(sealedOf('second')).toEqual(['data', 'level.confidential']);
    admin.close();
  });
});

describe('the recovery key', () => {
  it('resets an administrator password (audited), and nothing else opens with it', async () => {
    const { dir, session } = await newArchive();
    const recoveryKey = session.recoveryKey!;
    expect(recoveryKey).toMatch(/^([A-Z2-9]{5}-){7}[A-Z2-9]{5}$/);
    await session.call('users.create', { username: READER.username, displayName: '王读者', password: READER.password, role: 'reader' });
    session.close();
    await expectDossierError(
      resetPasswordWithRecovery(dir, recoveryKey.replace(/^./, recoveryKey[0] === 'A' ? 'B' : 'A'), 'admin', 'brand new pass', { kdfCost: TEST_KDF }),
      'recovery.wrongKey',
    );
    await expectDossierError(resetPasswordWithRecovery(dir, recoveryKey, 'reader', 'brand new pass', { kdfCost: TEST_KDF }), 'recovery.notAdmin');
    // Typed in lower case with spaces, as from the printed sheet.
    const typed = recoveryKey.toLowerCase().replace(/-/g, ' ');
    expect(await resetPasswordWithRecovery(dir, typed, 'ADMIN', 'brand new pass', { kdfCost: TEST_KDF })).toEqual({ username: 'admin', rebuiltAuthority: false });
    await expectDossierError(open(dir, ADMIN.username, ADMIN.password), 'auth.wrongPassword');
    const admin = await open(dir, ADMIN.username, 'brand new pass');
    expect(admin.user.role).toBe('admin');
    expect(auditActions(admin, 'recovery.resetPassword')).toHaveLength(1);
    // The new envelope holds the authority key: the administrator can still change authority.
    await admin.call('users.update', { username: READER.username, role: 'clerk' });
    admin.close();
    const reader = await open(dir, READER.username, READER.password);
    expect(reader.user.role).toBe('clerk');
    reader.close();
  });

  it('re-signs the authority from the rows when no signed document verifies any more', async () => {
    const { dir, session } = await newArchive();
    const recoveryKey = session.recoveryKey!;
    session.close();
    await rawSql(dir, (db) => db.sqlite.prepare('delete from authority').run(), ADMIN);
    await expectDossierError(open(dir, ADMIN.username, ADMIN.password), 'auth.authorityInvalid');
    expect(await resetPasswordWithRecovery(dir, recoveryKey, 'admin', 'brand new pass', { kdfCost: TEST_KDF })).toMatchObject({ rebuiltAuthority: true });
    const admin = await open(dir, ADMIN.username, 'brand new pass');
    admin.close();
  });
});

/** The header and database as they were, for trying old keys after a rekey. */
function snapshot(dir: string): string {
  const copy = path.join(tempDir(), 'before');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe('rekey', () => {
  it('renews every key: data intact, every user still signs in, old envelopes and the old recovery key fail', async () => {
    const { dir, admin, secretNo } = await archiveWithReader();
    const oldRecovery = admin.recoveryKey!;
    const before = readHeader(dir);
    const oldHeaderText = readFileSync(path.join(dir, 'archive.json'), 'utf8');
    const { recoveryKey } = await admin.rekey();
    expect(recoveryKey).not.toBe(oldRecovery);
    const after = readHeader(dir);
    expect(after.authority!.keys).toHaveLength(2);
    expect(after.recovery!.encryptionKey).not.toBe(before.recovery!.encryptionKey);

    const again = await open(dir, ADMIN.username, ADMIN.password);
    expect((await again.call('files.get', { archiveNo: secretNo })).title).toBe(SECRET_TITLE);
    expect(auditActions(again, 'archive.rekey')).toHaveLength(1);
    again.close();
    const reader = await open(dir, READER.username, READER.password);
    expect(reader.user.role).toBe('reader');
    reader.close();
    // The reader's envelope was re-pinned to the new authority key at that sign-in.
    const repinned = readHeader(dir).slots.find((s) => s.username === READER.username) as KeySlot;
    const secrets = await openSlot(repinned, READER.password, after.archiveId);
    expect(secrets!.pinnedAuthority.toString('base64')).toBe(after.authority!.keys[1]!.publicKey);

    await expectDossierError(resetPasswordWithRecovery(dir, oldRecovery, 'admin', 'brand new pass', { kdfCost: TEST_KDF }), 'recovery.wrongKey');
    // A copy of the old header (old envelopes, old recovery envelope: the old data key) opens nothing now.
    const newHeaderText = readFileSync(path.join(dir, 'archive.json'), 'utf8');
    writeFileSync(path.join(dir, 'archive.json'), oldHeaderText);
    await expectDossierError(open(dir, ADMIN.username, ADMIN.password), 'archive.corrupt');
    await expectDossierError(open(dir, READER.username, READER.password), 'archive.corrupt');
    await expectDossierError(resetPasswordWithRecovery(dir, oldRecovery, 'admin', 'brand new pass', { kdfCost: TEST_KDF }), 'archive.corrupt');
    writeFileSync(path.join(dir, 'archive.json'), newHeaderText);
    expect(await resetPasswordWithRecovery(dir, recoveryKey, 'admin', 'brand new pass', { kdfCost: TEST_KDF })).toMatchObject({ username: 'admin' });
  });

  for (const step of ['pendingHeader', 'signed', 'copied', 'rekeyed'] as const) {
    it(`stopped after "${step}" (as by a crash), the next unlock finishes or discards it and the data is intact`, async () => {
      const { dir, secretNo, admin: first } = await archiveWithReader();
      first.close();
      const admin = await openArchive(dir, ADMIN.username, ADMIN.password, {
        kdfCost: TEST_KDF,
        rekeyStep: (at) => {
          if (at === step) throw new Error('crash');
        },
      });
      await expect(admin.rekey()).rejects.toThrow('crash');
      // What a killed process leaves: the lock of a dead session, released here by closing the connection.
      admin.close();
      const again = await open(dir, ADMIN.username, ADMIN.password);
      expect((await again.call('files.get', { archiveNo: secretNo })).title).toBe(SECRET_TITLE);
      expect(readHeader(dir).authority!.keys).toHaveLength(step === 'rekeyed' ? 2 : 1);
      again.close();
      const reader = await open(dir, READER.username, READER.password);
      reader.close();
      const snap = snapshot(dir);
      expect(readHeader(snap).archiveId).toBe(readHeader(dir).archiveId);
    });
  }

  it('is refused while a user still has a format-1 slot', async () => {
    const dir = path.join(tempDir(), 'old');
    cpSync(path.join(import.meta.dirname, '../fixtures/archive-format1'), dir, { recursive: true });
    const admin = await open(dir, 'admin', 'correct horse');
    await expectDossierError(admin.rekey(), 'archive.legacySlots');
    admin.close();
  });
});
