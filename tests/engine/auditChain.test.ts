import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, auditHash, publicKeys, verifyAuditChain } from '../../db/audit.js';
import type { AnchorInput, AuditActor, AuditSigner, VerifyOptions } from '../../db/audit.js';
import { chainHead, currentAnchor, readRememberedAnchor, rememberAnchor } from '../../db/anchors.js';
import { openEncryptedDatabase } from '../../db/connection.js';
import type { ArchiveDb } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { formatAnchorCode, parseAnchorCode } from '../../shared/domain/anchorCode.js';
import type { AnchorCode } from '../../shared/domain/anchorCode.js';
import { tempDir } from '../helpers.js';

const clock = () => new Date('2026-03-02T01:00:00.000Z');

function chainDb(): ArchiveDb {
  const db = openEncryptedDatabase(path.join(tempDir(), 'chain.db'), randomBytes(32), { create: true });
  migrate(db, clock);
  return db;
}

interface Person {
  id: string;
  username: string;
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function person(id: string, username: string): Person {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // A key's id is its raw 32 bytes in base64, as the users' table stores it.
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { id, username, keyId: raw.toString('base64'), privateKey, publicKey };
}

function signerOf(p: Person): AuditSigner {
  return { keyId: p.keyId, sign: (message) => sign(null, message, p.privateKey) };
}

function actorOf(p: Person, signed = true): AuditActor {
  return { id: p.id, username: p.username, signer: signed ? signerOf(p) : null };
}

function keysOf(...people: Person[]): VerifyOptions['publicKey'] {
  return publicKeys(new Map(people.map((p) => [p.keyId, p.id])));
}

function write(db: ArchiveDb, actor: AuditActor, n: number, from = 1): void {
  for (let i = 0; i < n; i++) {
    appendAudit(db, actor, clock(), { action: 'clients.create', targetType: 'client', targetId: `c-${from + i}`, targetLabel: `客户 ${from + i}`, details: { n: from + i } });
  }
}

/** What an attacker with the data key does first: the append-only triggers go. */
function dropTriggers(db: ArchiveDb): void {
  db.sqlite.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete');
}

/** Recomputes the hashes from `fromSeq` on, as someone with the data key but no signing key can. */
function rehashFrom(db: ArchiveDb, fromSeq: number): void {
  const rows = db.all(db.k.selectFrom('audit_log').selectAll().orderBy('seq'));
  let prev = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
  const update = db.sqlite.prepare('update audit_log set prev_hash = ?, hash = ? where seq = ?');
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    const hash = auditHash(prev, row.seq, row);
    update.run(prev, hash, row.seq);
    prev = hash;
  }
}

function kinds(db: ArchiveDb, options: VerifyOptions = {}) {
  return verifyAuditChain(db, options).breaks.map((b) => [b.kind, b.seq, b.toSeq]);
}

const admin = person('u-admin', 'admin');
const clerk = person('u-clerk', 'clerk');

describe('the anchor code', () => {
  const hash = 'f72deb3d158c0ae7fb009b7c4334ca88e972a58dd7dd7a93d06227a09f0a4e02';

  it('reads back what it writes: DA, the count, 10 base32 characters of the head hash and a check character', () => {
    const code = formatAnchorCode(1284, hash);
    expect(code).toMatch(/^DA-1284-[0-9A-HJKMNP-TV-Z]{11}$/);
    expect(parseAnchorCode(code)).toEqual({ count: 1284, headPrefix: code.slice(8, 18) });
    expect(formatAnchorCode(0, '0'.repeat(64))).toBe('DA-0-00000000000');
  });

  it('takes the code as an auditor types it back: any case, spaces, no dashes, O for 0, I and L for 1', () => {
    const code = formatAnchorCode(1010, hash);
    const expected = parseAnchorCode(code);
    const loose = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(parseAnchorCode(loose)).toEqual(expected);
    expect(parseAnchorCode(`  ${code.replace(/1/g, 'I').replace(/-/g, '')}  `)).toEqual(expected);
    // Without the DA, too.
    expect(parseAnchorCode(code.slice(3))).toEqual(expected);
  });

  it('catches every single mistyped character and swapped neighbours by its check character', () => {
    const code = formatAnchorCode(1284, hash);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let caught = 0;
    let tried = 0;
    for (let i = 8; i < code.length; i++) {
      for (const ch of alphabet) {
        if (ch === code[i]) continue;
        tried++;
        const typo = code.slice(0, i) + ch + code.slice(i + 1);
        if ('problem' in parseAnchorCode(typo)) caught++;
      }
    }
    expect(caught).toBe(tried);
    for (const typo of ['DA-1824-' + code.slice(8), code.slice(0, 8) + code[9] + code[8] + code.slice(10)]) {
      if (typo === code) continue;
      expect(parseAnchorCode(typo)).toEqual({ problem: 'check' });
    }
    expect(parseAnchorCode('DA-12-ABC')).toEqual({ problem: 'format' });
    expect(parseAnchorCode('hello')).toEqual({ problem: 'format' });
  });
});

describe('verifying the chain', () => {
  it('passes an intact signed chain and says how many entries are signed', () => {
    const db = chainDb();
    write(db, actorOf(admin), 3);
    write(db, actorOf(clerk), 2, 4);
    const result = verifyAuditChain(db, { publicKey: keysOf(admin, clerk) });
    expect(result).toMatchObject({ ok: true, entries: 5, brokenAtSeq: null, breaks: [], signedEntries: 5, beforeSigning: 0 });
    expect(result.head).toEqual({ count: 5, hash: chainHead(db).head });
  });

  it('goes on past the first break and lists every one: edited, deleted, and a row rewritten with its hash', () => {
    const db = chainDb();
    write(db, actorOf(admin, false), 12);
    dropTriggers(db);
    db.sqlite.prepare("update audit_log set username = 'mallory' where seq = 3").run();
    db.sqlite.prepare('delete from audit_log where seq in (6, 7)').run();
    // Row 10 rewritten and its own hash recomputed: row 11 no longer links to it.
    const row10 = db.one(db.k.selectFrom('audit_log').selectAll().where('seq', '=', 10))!;
    const forged = { ...row10, targetLabel: '伪造' };
    db.sqlite.prepare('update audit_log set target_label = ?, hash = ? where seq = 10').run('伪造', auditHash(row10.prevHash, 10, forged));
    const result = verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.entries).toBe(10);
    expect(result.breaks).toEqual([
      { kind: 'edited', seq: 3, toSeq: null },
      { kind: 'deleted', seq: 6, toSeq: 7 },
      { kind: 'edited', seq: 10, toSeq: null },
    ]);
    expect(result.brokenAtSeq).toBe(3);
  });

  it('recognises rows deleted and the rest renumbered, and rows inserted with the rest renumbered', () => {
    const deleted = chainDb();
    write(deleted, actorOf(admin, false), 8);
    dropTriggers(deleted);
    deleted.sqlite.exec('delete from audit_log where seq = 4; update audit_log set seq = -seq where seq > 4; update audit_log set seq = -seq - 1 where seq < 0');
    expect(kinds(deleted)).toEqual([
      ['deleted', 4, null],
      ['renumbered', 4, 7],
    ]);

    const inserted = chainDb();
    write(inserted, actorOf(admin, false), 6);
    dropTriggers(inserted);
    inserted.sqlite.exec('update audit_log set seq = -seq where seq >= 4; update audit_log set seq = -seq + 1 where seq < 0');
    const prev = (inserted.sqlite.prepare('select hash from audit_log where seq = 3').get() as { hash: string }).hash;
    const row = {
      at: clock().toISOString(),
      userId: admin.id,
      username: 'admin',
      action: 'loans.return',
      targetType: 'file',
      targetId: 'f-1',
      targetLabel: 'KH-2026-0001',
      details: '{}',
    };
    inserted.run(inserted.k.insertInto('audit_log').values({ seq: 4, ...row, prevHash: prev, hash: auditHash(prev, 4, row) }));
    expect(kinds(inserted)).toEqual([
      ['inserted', 4, null],
      ['renumbered', 5, 7],
    ]);
  });

  it('recognises two entries swapped out of order', () => {
    const db = chainDb();
    write(db, actorOf(admin, false), 6);
    dropTriggers(db);
    db.sqlite.exec('update audit_log set seq = 100 where seq = 3; update audit_log set seq = 3 where seq = 4; update audit_log set seq = 4 where seq = 100');
    expect(kinds(db)).toEqual([['reordered', 3, 4]]);
  });

  it('reports an empty chain: every archive begins with its creation', () => {
    const db = chainDb();
    write(db, actorOf(admin), 2);
    dropTriggers(db);
    db.sqlite.exec('delete from audit_log');
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, entries: 0, breaks: [{ kind: 'empty', seq: 0, toSeq: null }] });
  });
});

describe('signed entries', () => {
  it('catch a row edited and every later hash recomputed by someone with the data key but no signing key', () => {
    const db = chainDb();
    write(db, actorOf(admin), 4);
    write(db, actorOf(clerk), 4, 5);
    dropTriggers(db);
    db.sqlite.prepare("update audit_log set target_label = '无此客户' where seq = 3").run();
    rehashFrom(db, 3);
    // The hashes alone say nothing is wrong now...
    expect(verifyAuditChain(db).breaks.filter((b) => b.kind === 'edited')).toEqual([]);
    // ...the signatures do.
    expect(kinds(db, { publicKey: keysOf(admin, clerk) })).toEqual([['badSignature', 3, 8]]);
  });

  it('refuse a signature by an unknown key or by another user than the entry names, and unsigned rows after signing began', () => {
    const db = chainDb();
    const mallory = person('u-mallory', 'mallory');
    write(db, actorOf(admin), 2);
    // Mallory (a reader with the data key) writes an entry in the administrator's name, signed with her key.
    appendAudit(db, { id: admin.id, username: 'admin', signer: signerOf(mallory) }, clock(), { action: 'users.create', targetType: 'user', targetId: 'u-x', targetLabel: 'x' });
    write(db, actorOf(admin, false), 1, 4);
    write(db, actorOf(admin), 1, 5);
    appendAudit(db, { id: admin.id, username: 'admin', signer: { keyId: person('u-nobody', 'nobody').keyId, sign: (m) => sign(null, m, mallory.privateKey) } }, clock(), {
      action: 'users.create',
      targetType: 'user',
    });
    expect(kinds(db, { publicKey: keysOf(admin, clerk, mallory) })).toEqual([
      ['unknownSigner', 3, null],
      ['unsigned', 4, null],
      ['unknownSigner', 6, null],
    ]);
  });

  it('catch signatures stripped from every entry of an archive that signs, even without an anchor', () => {
    const db = chainDb();
    write(db, actorOf(admin), 4);
    dropTriggers(db);
    db.sqlite.exec("update audit_log set signature = null, signer_key = null, target_label = '改' where seq = 2");
    rehashFrom(db, 2);
    db.sqlite.exec('update audit_log set signature = null, signer_key = null');
    // Its verified authority document lists signing keys, so entries must be signed.
    expect(verifyAuditChain(db, { publicKey: keysOf(admin), signingExpected: true })).toMatchObject({
      ok: false,
      beforeSigning: 0,
      breaks: [{ kind: 'unsigned', seq: 1, toSeq: 4 }],
    });
    // An archive from before signing (no keys yet): the same chain is accepted as old.
    expect(verifyAuditChain(db, { signingExpected: false })).toMatchObject({ ok: true, beforeSigning: 4 });
  });

  it('accept the unsigned entries of an archive from before signing, and say how many there are', () => {
    const db = chainDb();
    write(db, actorOf(admin, false), 5);
    write(db, actorOf(admin), 3, 6);
    expect(verifyAuditChain(db, { publicKey: keysOf(admin) })).toMatchObject({ ok: true, entries: 8, signedEntries: 3, beforeSigning: 5 });
  });

  it('catch signatures stripped from every entry when this computer remembers that signing had begun', () => {
    const db = chainDb();
    write(db, actorOf(admin, false), 2);
    write(db, actorOf(admin), 3, 3);
    const dir = tempDir();
    rememberAnchor(dir, 'archive-1', db, clock());
    const remembered = readRememberedAnchor(dir, 'archive-1')!;
    expect(remembered).toMatchObject({ count: 5, signedFrom: 3 });
    dropTriggers(db);
    db.sqlite.exec("update audit_log set signature = null, signer_key = null, target_label = '改' where seq >= 3");
    rehashFrom(db, 3);
    const anchors: AnchorInput[] = [{ source: 'remembered', ...remembered }];
    expect(kinds(db, { publicKey: keysOf(admin), anchors })).toEqual([
      ['unsigned', 3, 5],
      ['rewritten', 5, null],
    ]);
  });
});

describe('anchors', () => {
  function given(db: ArchiveDb): AnchorInput {
    return { source: 'given', code: parseAnchorCode(currentAnchor(db).code) as AnchorCode };
  }

  it('find a truncated tail, against a written-down code and against the anchor this computer remembers', () => {
    const db = chainDb();
    write(db, actorOf(admin), 9);
    const code = given(db);
    const dir = tempDir();
    rememberAnchor(dir, 'a', db, clock());
    dropTriggers(db);
    db.sqlite.exec('delete from audit_log where seq > 6');
    // The chain itself is consistent: only an anchor can tell.
    expect(verifyAuditChain(db, { publicKey: keysOf(admin) }).ok).toBe(true);
    const remembered = readRememberedAnchor(dir, 'a')!;
    const result = verifyAuditChain(db, { publicKey: keysOf(admin), anchors: [code, { source: 'remembered', ...remembered }] });
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([{ kind: 'truncated', seq: 7, toSeq: 9 }]);
    expect(result.anchors.map((a) => [a.source, a.count, a.result])).toEqual([
      ['given', 9, 'truncated'],
      ['remembered', 9, 'truncated'],
    ]);
  });

  it('find a chain rewritten before signing (every hash recomputed) and a chain deleted entirely', () => {
    const db = chainDb();
    write(db, actorOf(admin, false), 7);
    const code = given(db);
    write(db, actorOf(admin, false), 2, 8);
    dropTriggers(db);
    db.sqlite.prepare("update audit_log set username = 'nobody' where seq = 2").run();
    rehashFrom(db, 2);
    expect(verifyAuditChain(db).ok).toBe(true);
    const result = verifyAuditChain(db, { anchors: [code] });
    expect(result.breaks).toEqual([{ kind: 'rewritten', seq: 7, toSeq: null }]);
    expect(result.anchors[0]).toMatchObject({ source: 'given', count: 7, result: 'rewritten' });

    db.sqlite.exec('delete from audit_log');
    expect(kinds(db, { anchors: [code] })).toEqual([
      ['empty', 0, null],
      ['truncated', 1, 7],
    ]);
  });

  it('match a chain that has grown since the anchor was taken', () => {
    const db = chainDb();
    write(db, actorOf(admin), 3);
    const code = given(db);
    write(db, actorOf(admin), 3, 4);
    expect(verifyAuditChain(db, { publicKey: keysOf(admin), anchors: [code] })).toMatchObject({ ok: true, anchors: [{ source: 'given', count: 3, result: 'matches' }] });
  });

  it('are remembered forward only: a shorter or different chain never replaces the anchor it contradicts', () => {
    const db = chainDb();
    const dir = tempDir();
    write(db, actorOf(admin), 5);
    expect(rememberAnchor(dir, 'a', db, clock())).toMatchObject({ count: 5 });
    write(db, actorOf(admin), 1, 6);
    expect(rememberAnchor(dir, 'a', db, clock())).toMatchObject({ count: 6, head: chainHead(db).head });
    dropTriggers(db);
    db.sqlite.exec('delete from audit_log where seq > 3');
    write(db, actorOf(clerk), 4, 4);
    // Seven entries now, but entry 6 is not the one remembered: the evidence stays.
    expect(rememberAnchor(dir, 'a', db, clock())).toMatchObject({ count: 6 });
    expect(readRememberedAnchor(dir, 'a')!.head).not.toBe(chainHead(db).head);
  });
});
