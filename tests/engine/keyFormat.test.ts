/**
 * Archives written by the engine before format 2 (key slots wrapping the data key under each
 * password) still open and are migrated: by the first administrator's sign-in (authority key,
 * signed document), then by each user's own first sign-in (their key pairs).
 * The fixture was made by the engine at commit 03429f2 (format 1, schema 10).
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { readHeader } from '../../db/header.js';
import { isLegacySlot, parseRecoveryKey } from '../../db/keys.js';
import type { KeySlot } from '../../db/keys.js';
import { TEST_KDF, expectDossierError, tempDir } from '../helpers.js';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/archive-format1');
const open = (dir: string, username: string, password: string) => openArchive(dir, username, password, { kdfCost: TEST_KDF });

function oldArchive(): string {
  const dir = path.join(tempDir(), 'old');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function formats(dir: string): Record<string, number> {
  return Object.fromEntries(readHeader(dir).slots.map((s) => [s.username, isLegacySlot(s) ? 1 : 2]));
}

const signedDocument = (session: ArchiveSession) =>
  JSON.parse((session.db.sqlite.prepare('select document from authority').get() as { document: string }).document) as { users: { username: string; signingKey: string | null }[] };

describe('an archive of format 1', () => {
  it('opens for a user before any administrator, as before, and stays format 1', async () => {
    const dir = oldArchive();
    const reader = await open(dir, 'reader', 'reader password');
    expect(reader.user.role).toBe('reader');
    expect(reader.signer).toBeNull();
    expect((await reader.call('clients.list', {})).rows.map((r) => r.name)).toEqual(['北京宏远建工集团有限公司']);
    reader.close();
    expect(readHeader(dir).formatVersion).toBe(1);
  });

  it("is migrated at the administrator's first sign-in, then each user's own; the data stays", async () => {
    const dir = oldArchive();
    const admin = await open(dir, 'admin', 'correct horse');
    expect(readHeader(dir).formatVersion).toBe(2);
    expect(formats(dir)).toEqual({ admin: 2, clerk: 1, reader: 1 });
    expect(admin.signer?.keyId).toBeTruthy();
    expect(admin.db.sqlite.prepare(`select count(*) as n from audit_log where action = 'archive.upgrade'`).get()).toEqual({ n: 1 });
    const files = await admin.call('search.query', { q: '绝密测试标题' });
    expect(files.hits.length).toBeGreaterThan(0);
    // Roles as they were, now signed.
    expect(
      signedDocument(admin)
        .users.map((u) => u.username)
        .sort(),
    ).toEqual(['admin', 'clerk', 'reader']);
    admin.close();

    // Old passwords still work; each user's first sign-in writes their envelope.
    const clerk = await open(dir, 'clerk', 'clerk password');
    expect(clerk.user.role).toBe('clerk');
    expect(clerk.signer).not.toBeNull();
    clerk.close();
    expect(formats(dir)).toEqual({ admin: 2, clerk: 2, reader: 1 });

    // The next administrator sign-in signs the clerk's new public keys; nothing is reported as tampering.
    const again = await open(dir, 'admin', 'correct horse');
    const clerkSlot = readHeader(dir).slots.find((s) => s.username === 'clerk') as KeySlot;
    expect(signedDocument(again).users.find((u) => u.username === 'clerk')!.signingKey).toBe(clerkSlot.signingKey);
    expect(again.authorityProblemsSincePreviousUnlock()).toBe(0);
    // A rekey needs every envelope in format 2: the reader has not signed in yet.
    await expectDossierError(again.rekey(), 'archive.legacySlots');
    again.close();

    const reader = await open(dir, 'reader', 'reader password');
    reader.close();
    const last = await open(dir, 'admin', 'correct horse');
    const { recoveryKey } = await last.rekey();
    expect(parseRecoveryKey(recoveryKey)).not.toBeNull();
    const afterRekey = await open(dir, 'reader', 'reader password');
    expect(afterRekey.user.role).toBe('reader');
    afterRekey.close();
  });

  it('a role raised by raw SQL before the migration is signed as found (trusted once), one raised after it is not', async () => {
    const dir = oldArchive();
    const admin = await open(dir, 'admin', 'correct horse');
    const before = signedDocument(admin).users.find((u) => u.username === 'reader');
    expect(before).toMatchObject({ username: 'reader' });
    admin.db.sqlite.prepare(`update users set role = 'admin' where username = 'reader'`).run();
    admin.close();
    // The reader, still on a format-1 slot, signs in with the signed role.
    const reader = await open(dir, 'reader', 'reader password');
    expect(reader.user.role).toBe('reader');
    reader.close();
  });
});
