/**
 * Scans of 机密/绝密 files are under their file's key (issue 8 finding 2, issue 13): with a
 * 普通 reader's password, the data key and raw SQL, no blob key of such a scan unwraps; cleared
 * users and grantees open them; a raise re-wraps, a lowering moves back to the data scope, an
 * assignment moves an inbox scan in, destroying the file key shreds; rekey and verify still pass.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { blobKek, DATA_SCOPE, fileScope, unwrapKey } from '../../db/blobs/keys.js';
import { blobsFor } from '../../db/blobs/store.js';
import { openEncryptedDatabase } from '../../db/connection.js';
import { OperationContext } from '../../db/context.js';
import { readHeader } from '../../db/header.js';
import { openSlot, openSlotKey } from '../../db/keys.js';
import type { KeyName, KeySlot } from '../../db/keys.js';
import { destroyFileKey, onFileKeyChange } from '../../db/levelKeys.js';
import type { SealedLevel } from '../../db/levelKeys.js';
import { auditScanExportFailed, openScanContent } from '../../db/streams/scans.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive } from '../helpers.js';
import { pdfBytes } from '../fixtures/scanFiles.js';

const READER = { username: 'reader', password: 'reader password' };
const CLERK = { username: 'clerk2', password: 'clerk2 password' };
// Set by a test: a level change fails after the scans' blobs were re-encrypted (registered after the scans' listener).
let failLevelChange = false;
onFileKeyChange(() => {
  if (failLevelChange) throw new Error('simulated failure after the blobs moved');
});

const open = (dir: string, who: { username: string; password: string }) => openArchive(dir, who.username, who.password, { kdfCost: TEST_KDF });

async function envelopeKey(dir: string, who: { username: string; password: string }, name: KeyName): Promise<Buffer | null> {
  const header = readHeader(dir);
  const slot = header.slots.find((s) => s.username === who.username) as KeySlot;
  const secrets = await openSlot(slot, who.password, header.archiveId);
  return openSlotKey(slot, secrets!, header.archiveId, name);
}

async function add(session: ArchiveSession, bytes: Buffer, name: string, archiveNo?: string) {
  const staged = await blobsFor(session).receive(Readable.from([bytes]), { name, maxBytes: 100 * 1024 * 1024 });
  const { scans } = await session.call('scans.add', { uploadIds: [staged.id], ...(archiveNo ? { archiveNo } : {}) });
  return scans[0]!;
}

async function bytesOf(session: ArchiveSession, id: string, op: 'scans.open' | 'scans.export' = 'scans.open'): Promise<Buffer> {
  const { url } = await session.call(op, { id });
  const content = await openScanContent(session, url.split('/').pop()!);
  const parts: Buffer[] = [];
  for await (const part of content.stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

interface BlobRowRaw {
  id: string;
  keyScope: string;
  wrappedKey: string;
}

/**
 * What someone with `who`'s envelope (data key, and the level keys they hold) and raw SQL makes
 * of the blob rows of the scans of `fileId`: for each, whether its blob key unwraps with any key
 * they can derive (the data scope's, or the file's key opened with their level keys).
 */
async function attack(dir: string, who: { username: string; password: string }, fileId: string, extraFileKey?: Buffer): Promise<{ scope: string; opened: boolean }[]> {
  const archiveId = readHeader(dir).archiveId;
  const dataKey = (await envelopeKey(dir, who, 'data'))!;
  const levels = new Map<SealedLevel, Buffer>();
  for (const level of ['confidential', 'top_secret'] as const) {
    const key = await envelopeKey(dir, who, `level.${level}` as KeyName).catch(() => null);
    if (key) levels.set(level, key);
  }
  const db = openEncryptedDatabase(path.join(dir, 'archive.db'), dataKey, { create: false });
  try {
    db.content.setLevelKeys(levels);
    let fileKey: Buffer | null = null;
    try {
      fileKey = db.content.current(fileId)?.key ?? null;
    } catch {
      fileKey = null;
    }
    const rows = db.sqlite
      .prepare('select b.id, b.key_scope as keyScope, b.wrapped_key as wrappedKey from blobs b join scans s on s.blob_id = b.id where s.file_id = ?')
      .all(fileId) as BlobRowRaw[];
    return rows.map((row) => {
      const tries = [{ archiveId, dataKey }, ...[fileKey, extraFileKey].filter((k): k is Buffer => !!k).map((k) => ({ archiveId, dataKey, fileKey: () => k }))];
      let opened = false;
      for (const source of tries) {
        for (const scope of [DATA_SCOPE, row.keyScope]) {
          try {
            unwrapKey(blobKek(source, scope), archiveId, row.keyScope, row.id, row.wrappedKey);
            opened = true;
          } catch {
            // not with this key
          }
        }
      }
      return { scope: row.keyScope, opened };
    });
  } finally {
    db.close();
  }
}

/** The scan names of a file as raw SQL with `who`'s data key reads them. */
async function rawNames(dir: string, who: { username: string; password: string }, fileId: string): Promise<string[]> {
  const db = openEncryptedDatabase(path.join(dir, 'archive.db'), (await envelopeKey(dir, who, 'data'))!, { create: false });
  try {
    return (db.sqlite.prepare('select original_name as name from scans where file_id = ? order by id').all(fileId) as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** Every row of every table (or `only` one) raw SQL with `who`'s data key reads, FTS shadow tables included. */
async function rawRows(dir: string, who: { username: string; password: string }, skip: string[] = [], only?: string): Promise<string> {
  const db = openEncryptedDatabase(path.join(dir, 'archive.db'), (await envelopeKey(dir, who, 'data'))!, { create: false });
  try {
    const tables = (db.sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).filter(
      (t) => !skip.includes(t.name) && (only === undefined || t.name === only),
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      try {
        // One line per row, its values tab-separated.
        for (const row of db.sqlite.prepare(`select * from "${name}"`).raw().all() as unknown[][])
          parts.push(row.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).join('\t'));
      } catch {
        // a virtual table: its shadow tables are read instead
      }
    }
    return parts.join('\n');
  } finally {
    db.close();
  }
}

/** Runs `write` as an engine before migration 0026 did: without the guards that refuse a sealed file's plaintext scan name. */
function withoutNameGuards(session: ArchiveSession, write: () => void): void {
  const db = session.db.sqlite;
  const guards = db.prepare(`select name, sql from sqlite_master where type = 'trigger' and name like 'scans_sealed_%'`).all() as { name: string; sql: string }[];
  expect(guards).toHaveLength(2);
  for (const g of guards) db.exec(`drop trigger ${g.name}`);
  try {
    write();
  } finally {
    for (const g of guards) db.exec(g.sql);
  }
}

async function setup() {
  const { dir, session: admin } = await newArchive();
  await admin.call('users.create', { username: READER.username, displayName: '王读者', password: READER.password, role: 'reader', clearance: 'normal' });
  await admin.call('users.create', { username: CLERK.username, displayName: '李机密', password: CLERK.password, role: 'clerk', clearance: 'confidential' });
  const client = await admin.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const plain = await admin.call('files.create', { clientId: client.id, title: '普通卷' });
  const secret = await admin.call('files.create', { clientId: client.id, title: '绝密卷', confidentiality: 'top_secret' });
  const confidential = await admin.call('files.create', { clientId: client.id, title: '机密卷', confidentiality: 'confidential' });
  const pdf = await pdfBytes('Share transfer agreement', 2);
  return { dir, admin, plain, secret, confidential, pdf };
}

describe('scans under their file key', { timeout: 120_000 }, () => {
  it('a 绝密 scan: the 普通 reader with the data key unwraps no blob key; the administrator opens and exports it; the same document in a 普通 file is stored apart', async () => {
    const env = await setup();
    const scan = await add(env.admin, env.pdf, '股权转让协议.pdf', env.secret.archiveNo);
    const plainScan = await add(env.admin, env.pdf, '股权转让协议.pdf', env.plain.archiveNo);
    const rows = env.admin.db.all(env.admin.db.k.selectFrom('blobs').select(['id', 'keyScope', 'address']));
    expect(rows.map((r) => r.keyScope).sort()).toEqual([DATA_SCOPE, fileScope(env.secret.id)].sort());
    // The addresses are keyed per scope: equal documents do not show as equal across scopes.
    expect(rows[0]!.address).not.toBe(rows[1]!.address);
    expect((await bytesOf(env.admin, scan.id)).equals(env.pdf)).toBe(true);
    expect((await bytesOf(env.admin, scan.id, 'scans.export')).equals(env.pdf)).toBe(true);
    // The hot folder's read-back: the stored copy in the file's scope hashes, in the data scope, to the upload's address.
    const staged = await blobsFor(env.admin).receive(Readable.from([env.pdf]), { name: 'x.pdf', maxBytes: 1e8 });
    const stored = env.admin.db.one(env.admin.db.k.selectFrom('blobs').selectAll().where('keyScope', '=', fileScope(env.secret.id)))!;
    expect(await blobsFor(env.admin).check(blobsFor(env.admin).access(stored), staged.address, DATA_SCOPE)).toBe('ok');
    expect(await blobsFor(env.admin).check(blobsFor(env.admin).access(stored), stored.address, stored.keyScope)).toBe('ok');
    env.admin.close();
    expect(await attack(env.dir, READER, env.secret.id)).toEqual([{ scope: fileScope(env.secret.id), opened: false }]);
    // A 机密-cleared clerk does not open a 绝密 scan either; the 普通 copy opens with the data key (the attack works).
    expect(await attack(env.dir, CLERK, env.secret.id)).toEqual([{ scope: fileScope(env.secret.id), opened: false }]);
    expect(await attack(env.dir, READER, env.plain.id)).toEqual([{ scope: DATA_SCOPE, opened: true }]);
    const admin = await open(env.dir, ADMIN);
    expect((await bytesOf(admin, plainScan.id)).equals(env.pdf)).toBe(true);
    admin.close();
  });

  it("a 机密/绝密 scan's name is sealed like the file's title: read back by cleared users in every output, opened when it moves to a 普通 file or the file is lowered", async () => {
    const env = await setup();
    const NAME = 'QXSCANNAME华信律师股权转让协议.pdf';
    const scan = await add(env.admin, env.pdf, NAME, env.secret.archiveNo);
    const inbox = await add(env.admin, await pdfBytes('Inbox letter', 1), 'QXINBOXNAME委托书.pdf');
    const names = (list: { name: string }[]) => list.map((s) => s.name);
    // Stored sealed; the administrator reads it back in the list, the viewer, the export, the audit log and the search.
    expect(names(await env.admin.call('scans.list', { fileId: env.secret.id }))).toEqual([NAME]);
    expect(await env.admin.call('scans.open', { id: scan.id })).toMatchObject({ scan: { name: NAME }, fileName: NAME });
    expect(await env.admin.call('scans.export', { id: scan.id })).toMatchObject({ fileName: NAME });
    expect(names(await env.admin.call('scans.inbox', {}))).toEqual(['QXINBOXNAME委托书.pdf']);
    // An export the transport could not write is audited with the name, sealed like the rest.
    auditScanExportFailed(env.admin, (await env.admin.call('scans.list', { fileId: env.secret.id }))[0]!, 'disk full');
    const audited = await env.admin.call('audit.list', { language: 'en', limit: 20, actions: ['scans.add', 'scans.export', 'scans.exportFailed'] });
    expect(
      audited
        .filter((e) => e.details.name === NAME)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['scans.add', 'scans.export', 'scans.exportFailed']);
    expect((await env.admin.call('search.query', { q: 'qxscanname' })).hits.map((h) => [h.kind, h.label])).toEqual([['scan', NAME]]);
    // The inbox scan assigned into the 绝密 file is sealed in the same statement.
    await env.admin.call('scans.assign', { id: inbox.id, fileId: env.secret.id });
    // A missing blob is named by file and scan name in the verify report.
    const stored = env.admin.db.one(env.admin.db.k.selectFrom('scans').select('blobId').where('id', '=', scan.id))!;
    const blobFile = path.join(env.dir, 'blobs', `${stored.blobId}.blob`);
    const saved = readFileSync(blobFile);
    rmSync(blobFile);
    const report = await env.admin.call('scans.verify', { dryRun: true });
    expect(report.problems.find((p) => p.problem === 'missing')?.scans).toEqual([{ id: scan.id, name: NAME, archiveNo: env.secret.archiveNo, itemSeq: null }]);
    writeFileSync(blobFile, saved);
    env.admin.close();
    // Raw SQL with the reader's data key: no name, in the scans, the search rows or the audit details; every name is a token.
    expect((await rawNames(env.dir, READER, env.secret.id)).map((n) => n.startsWith('\u0002dsk1.'))).toEqual([true, true]);
    const dump = await rawRows(env.dir, READER, ['audit_log']);
    for (const m of ['QXSCANNAME', 'QXINBOXNAME']) expect(dump.includes(m), m).toBe(false);
    // In the audit trail only the entry written while the scan was in the inbox names it (the chain is not rewritten).
    const plainAudit = (await rawRows(env.dir, READER, [], 'audit_log')).split('\n').filter((row) => row.includes('QXINBOXNAME'));
    expect(plainAudit).toHaveLength(1);
    expect(plainAudit[0]).toContain('\tscans.add\t');
    expect(plainAudit[0]).toContain('"inbox":true');
    expect((await rawRows(env.dir, READER, [], 'audit_log')).includes('QXSCANNAME')).toBe(false);
    const reader = await open(env.dir, READER);
    expect((await reader.call('search.query', { q: 'qxscanname' })).hits).toEqual([]);
    reader.close();
    // A plaintext name is refused on a sealed file's scan (the guard of migration 0026), whatever the write path.
    const admin = await open(env.dir, ADMIN);
    expect(() => admin.db.run(admin.db.k.updateTable('scans').set({ originalName: 'QXPLAIN.pdf' }).where('id', '=', scan.id))).toThrow(/sealed content required/);
    // Moved to a 普通 file: opened for everyone; the file lowered to 普通: its names too; raised again: sealed.
    await admin.call('scans.assign', { id: inbox.id, fileId: env.plain.id });
    expect(await rawNames(env.dir, READER, env.plain.id)).toEqual(['QXINBOXNAME委托书.pdf']);
    await admin.call('files.update', { archiveNo: env.secret.archiveNo, confidentiality: 'normal', reason: '解密' });
    expect(await rawNames(env.dir, READER, env.secret.id)).toEqual([NAME]);
    await admin.call('files.update', { archiveNo: env.secret.archiveNo, confidentiality: 'confidential', reason: '升密' });
    expect((await rawNames(env.dir, READER, env.secret.id))[0]!.startsWith('\u0002dsk1.')).toBe(true);
    admin.close();
    const clerk = await open(env.dir, CLERK);
    expect(names(await clerk.call('scans.list', { fileId: env.secret.id }))).toEqual([NAME]);
    expect((await clerk.call('search.query', { q: 'qxscanname' })).hits.map((h) => h.label)).toEqual([NAME]);
    clerk.close();
  });

  it('a grantee opens the 绝密 scan; without the grant the reader cannot', async () => {
    const env = await setup();
    const scan = await add(env.admin, env.pdf, 'a.pdf', env.secret.archiveNo);
    const grant = await env.admin.call('grants.create', { username: READER.username, archiveNo: env.secret.archiveNo, until: '2099-12-31', reason: '核对' });
    env.admin.close();
    const reader = await open(env.dir, READER);
    expect((await bytesOf(reader, scan.id)).equals(env.pdf)).toBe(true);
    // The sealed name opens with the file key the grant sealed to them.
    expect((await reader.call('scans.list', { fileId: env.secret.id })).map((s) => s.name)).toEqual(['a.pdf']);
    reader.close();
    const admin = await open(env.dir, ADMIN);
    await admin.call('grants.revoke', { id: grant.id });
    admin.close();
    const after = await open(env.dir, READER);
    await expectDossierError(after.call('scans.open', { id: scan.id }), 'scans.notFound');
    after.close();
    expect(await attack(env.dir, READER, env.secret.id)).toEqual([{ scope: fileScope(env.secret.id), opened: false }]);
  });

  it('raised 机密 → 绝密 the blob keys are re-wrapped: the clerk, even with the file key they held before, opens nothing; lowered to 普通 the scan is in the data scope', async () => {
    const env = await setup();
    const scan = await add(env.admin, env.pdf, 'b.pdf', env.confidential.archiveNo);
    env.admin.close();
    const clerk = await open(env.dir, CLERK);
    expect((await bytesOf(clerk, scan.id)).equals(env.pdf)).toBe(true);
    clerk.close();
    expect(await attack(env.dir, CLERK, env.confidential.id)).toEqual([{ scope: fileScope(env.confidential.id), opened: true }]);
    expect(await attack(env.dir, READER, env.confidential.id)).toEqual([{ scope: fileScope(env.confidential.id), opened: false }]);
    // The clerk keeps the 机密 file key they could open.
    const clerkDb = openEncryptedDatabase(path.join(env.dir, 'archive.db'), (await envelopeKey(env.dir, CLERK, 'data'))!, { create: false });
    clerkDb.content.setLevelKeys(new Map([['confidential', (await envelopeKey(env.dir, CLERK, 'level.confidential'))!]]));
    const kept = Buffer.from(clerkDb.content.current(env.confidential.id)!.key);
    clerkDb.close();
    const admin = await open(env.dir, ADMIN);
    await admin.call('files.update', { archiveNo: env.confidential.archiveNo, confidentiality: 'top_secret', reason: '升密' });
    expect((await bytesOf(admin, scan.id)).equals(env.pdf)).toBe(true);
    admin.close();
    expect(await attack(env.dir, CLERK, env.confidential.id, kept)).toEqual([{ scope: fileScope(env.confidential.id), opened: false }]);
    const again = await open(env.dir, ADMIN);
    await again.call('files.update', { archiveNo: env.confidential.archiveNo, confidentiality: 'normal', reason: '解密' });
    again.close();
    expect(await attack(env.dir, READER, env.confidential.id)).toEqual([{ scope: DATA_SCOPE, opened: true }]);
    const reader = await open(env.dir, READER);
    expect((await bytesOf(reader, scan.id)).equals(env.pdf)).toBe(true);
    reader.close();
  });

  it('a 普通 file raised to 机密 moves its scans out of the data scope; an inbox scan assigned to a 绝密 file moves into its scope', async () => {
    const env = await setup();
    const scan = await add(env.admin, env.pdf, 'c.pdf', env.plain.archiveNo);
    const inbox = await add(env.admin, await pdfBytes('Inbox letter', 1), 'inbox.pdf');
    await env.admin.call('files.update', { archiveNo: env.plain.archiveNo, confidentiality: 'confidential', reason: '升密' });
    await env.admin.call('scans.assign', { id: inbox.id, archiveNo: env.secret.archiveNo });
    expect((await bytesOf(env.admin, scan.id)).equals(env.pdf)).toBe(true);
    expect((await bytesOf(env.admin, inbox.id)).subarray(0, 5).toString()).toBe('%PDF-');
    // The data-scope rows went with the moves (their files are swept as orphans).
    expect(
      env.admin.db
        .all(env.admin.db.k.selectFrom('blobs').select('keyScope'))
        .map((r) => r.keyScope)
        .sort(),
    ).toEqual([fileScope(env.plain.id), fileScope(env.secret.id)].sort());
    env.admin.close();
    expect(await attack(env.dir, READER, env.plain.id)).toEqual([{ scope: fileScope(env.plain.id), opened: false }]);
    expect(await attack(env.dir, READER, env.secret.id)).toEqual([{ scope: fileScope(env.secret.id), opened: false }]);
    const admin = await open(env.dir, ADMIN);
    const report = await admin.call('scans.verify', {});
    expect([report.blobs, report.ok, report.problems.filter((p) => p.problem !== 'orphaned')]).toEqual([2, 2, []]);
    admin.close();
  });

  it('a document in two 普通 files, one raised: the other keeps its copy in the data scope; a stray data-scope scan of a 机密 file moves at the next unlock', async () => {
    const env = await setup();
    const other = await env.admin.call('files.create', { clientId: env.plain.clientId, title: '另一普通卷' });
    const kept = await add(env.admin, env.pdf, 'f.pdf', other.archiveNo);
    const raised = await add(env.admin, env.pdf, 'f.pdf', env.plain.archiveNo);
    expect(env.admin.db.all(env.admin.db.k.selectFrom('blobs').select('id'))).toHaveLength(1);
    await env.admin.call('files.update', { archiveNo: env.plain.archiveNo, confidentiality: 'confidential', reason: '升密' });
    expect((await bytesOf(env.admin, raised.id)).equals(env.pdf)).toBe(true);
    // As stored before scans followed level keys: a 机密 file's scan in the data scope.
    const stray = await add(env.admin, await pdfBytes('Stray page', 1), 'stray.pdf', other.archiveNo);
    withoutNameGuards(env.admin, () => env.admin.db.run(env.admin.db.k.updateTable('scans').set({ fileId: env.confidential.id }).where('id', '=', stray.id)));
    env.admin.close();
    expect(await rawNames(env.dir, READER, env.confidential.id)).toEqual(['stray.pdf']);
    expect(await attack(env.dir, READER, other.id)).toEqual([{ scope: DATA_SCOPE, opened: true }]);
    expect(await attack(env.dir, READER, env.plain.id)).toEqual([{ scope: fileScope(env.plain.id), opened: false }]);
    expect(await attack(env.dir, READER, env.confidential.id)).toEqual([{ scope: DATA_SCOPE, opened: true }]);
    const reader = await open(env.dir, READER);
    expect((await bytesOf(reader, kept.id)).equals(env.pdf)).toBe(true);
    reader.close();
    // A 普通 reader's unlock holds no key of it: nothing moves; the clerk's (cleared for 机密) moves it.
    expect(await attack(env.dir, READER, env.confidential.id)).toEqual([{ scope: DATA_SCOPE, opened: true }]);
    const clerk = await open(env.dir, CLERK);
    expect((await bytesOf(clerk, stray.id)).subarray(0, 5).toString()).toBe('%PDF-');
    // Its plaintext name was sealed at that unlock too, and reads back for the clerk.
    expect((await clerk.call('scans.list', { fileId: env.confidential.id })).map((s) => s.name)).toEqual(['stray.pdf']);
    clerk.close();
    expect(await attack(env.dir, READER, env.confidential.id)).toEqual([{ scope: fileScope(env.confidential.id), opened: false }]);
    expect((await rawNames(env.dir, READER, env.confidential.id)).map((n) => n.startsWith('\u0002dsk1.'))).toEqual([true]);
  });

  it('a level change that fails after the blobs were re-encrypted rolls back: the scan stays readable where it was, the new copy is swept', async () => {
    const env = await setup();
    const scan = await add(env.admin, env.pdf, 'g.pdf', env.plain.archiveNo);
    const blobs = () => readdirSync(path.join(env.dir, 'blobs')).filter((n) => n.endsWith('.blob'));
    expect(blobs()).toHaveLength(1);
    failLevelChange = true;
    try {
      await expect(env.admin.call('files.update', { archiveNo: env.plain.archiveNo, confidentiality: 'confidential', reason: '升密' })).rejects.toThrow();
    } finally {
      failLevelChange = false;
    }
    expect((await env.admin.call('files.get', { archiveNo: env.plain.archiveNo })).confidentiality).toBe('normal');
    expect((await bytesOf(env.admin, scan.id)).equals(env.pdf)).toBe(true);
    expect(blobs()).toHaveLength(2);
    env.admin.close();
    expect(await attack(env.dir, READER, env.plain.id)).toEqual([{ scope: DATA_SCOPE, opened: true }]);
    const admin = await open(env.dir, ADMIN);
    expect(blobs()).toHaveLength(1);
    expect((await admin.call('scans.verify', {})).problems).toEqual([]);
    admin.close();
  });

  it('destroying the file key leaves its scans unreadable to the administrator; rekey and verify still pass for the rest', async () => {
    const env = await setup();
    const scan = await add(env.admin, env.pdf, 'd.pdf', env.secret.archiveNo);
    const other = await add(env.admin, env.pdf, 'e.pdf', env.confidential.archiveNo);
    await env.admin.rekey();
    const admin = await open(env.dir, ADMIN);
    expect((await bytesOf(admin, scan.id)).equals(env.pdf)).toBe(true);
    expect((await bytesOf(admin, other.id)).equals(env.pdf)).toBe(true);
    const jobs = {
      start: () => {
        throw new Error('no jobs');
      },
      list: () => [],
      get: () => {
        throw new Error('no jobs');
      },
      cancel: () => {
        throw new Error('no jobs');
      },
    };
    const ctx = new OperationContext(admin.db, admin.user, () => new Date(), jobs as never);
    admin.db.transaction(() => destroyFileKey(ctx, env.secret.id));
    await expectDossierError(bytesOf(admin, scan.id), 'file.keyUnavailable');
    const report = await admin.call('scans.verify', {});
    expect([report.blobs, report.ok, report.problems]).toEqual([1, 1, []]);
    admin.close();
    expect(await attack(env.dir, ADMIN, env.secret.id)).toEqual([{ scope: fileScope(env.secret.id), opened: false }]);
    const again = await open(env.dir, ADMIN);
    await expectDossierError(bytesOf(again, scan.id), 'file.keyUnavailable');
    expect((await bytesOf(again, other.id)).equals(env.pdf)).toBe(true);
    again.close();
  });
});
