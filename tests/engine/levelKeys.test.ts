/**
 * Level keys (issue 8, finding 2): with the archive folder, a 普通 reader's password and the data
 * key unwrapped from their envelope, no 机密/绝密 content is readable anywhere in the database
 * files (pages and WAL frames decrypted with the data key, every row and index term by raw
 * SQL); cleared users, grantees, level changes, rekey, recovery and migration keep it readable to
 * exactly those who may read it.
 */
import { createDecipheriv } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createArchive, openArchive, resetPasswordWithRecovery } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { openEncryptedDatabase } from '../../db/connection.js';
import { readHeader } from '../../db/header.js';
import { openSlot, openSlotKey } from '../../db/keys.js';
import type { KeyName, KeySlot } from '../../db/keys.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { OperationContext } from '../../db/context.js';
import { destroyFileKey, onFileKeyChange } from '../../db/levelKeys.js';
import { ContentKeys } from '../../db/sealed.js';
import { blobsFor } from '../../db/blobs/store.js';
import { pdfBytes } from '../fixtures/scanFiles.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive, tempDir } from '../helpers.js';

const READER = { username: 'reader', password: 'reader password' };
const CLERK = { username: 'clerk2', password: 'clerk2 password' };
/** Distinctive markers: ASCII (so index terms can be checked) and Chinese. */
const M = {
  title: 'QXTITLEMARK绝密合同标题',
  remarks: 'QXREMARKMARK保险柜',
  item: 'QXITEMMARK股权转让协议',
  docNo: 'QXDOCNOMARK',
  party: 'QXPARTYMARK华信律师',
  renamed: 'QXRENAMEDMARK新标题',
  confidential: 'QXCONFMARK机密标题',
  handover: 'QXHANDOVERMARK移交备注',
  paper: 'QXPAPERMARK移交清单',
};
const PLAIN = 'QXPLAINMARK普通标题';
/** A 绝密 file's scan uploaded under a name carrying a contract title (migration 0026 seals it). */
const SCAN_NAME = 'QXSCANNAMEMARK华信股权转让协议.pdf';
const SECRET = Object.values(M).filter((m) => m !== M.confidential);

const open = (dir: string, who: { username: string; password: string }) => openArchive(dir, who.username, who.password, { kdfCost: TEST_KDF });

async function envelopeKey(dir: string, who: { username: string; password: string }, name: KeyName): Promise<Buffer | null> {
  const header = readHeader(dir);
  const slot = header.slots.find((s) => s.username === who.username) as KeySlot;
  const secrets = await openSlot(slot, who.password, header.archiveId);
  return openSlotKey(slot, secrets!, header.archiveId, name);
}

/** Every page of a SQLCipher 4 file (or frame of its WAL) decrypted with a raw key: AES-256-CBC, IV in the 80 reserved bytes. */
function decryptedPages(file: string, key: Buffer, wal: boolean): Buffer {
  const buf = readFileSync(file);
  const size = 4096;
  const out: Buffer[] = [];
  for (let at = wal ? 32 + 24 : 0; at + size <= buf.length; at += wal ? size + 24 : size) {
    const page = buf.subarray(at, at + size);
    const first = !wal && at === 0;
    const d = createDecipheriv('aes-256-cbc', key, page.subarray(size - 80, size - 64));
    d.setAutoPadding(false);
    out.push(Buffer.concat([d.update(page.subarray(first ? 16 : 0, size - 80)), d.final()]));
  }
  return Buffer.concat(out);
}

/** Everything raw SQL with `key` reads: every value of every table (FTS shadow tables included) and every term of the full-text indexes. */
function rawDump(file: string, key: Buffer): string {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    const parts: string[] = [];
    const tables = db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[];
    for (const { name } of tables) {
      let rows: unknown[][];
      try {
        rows = db.prepare(`select * from "${name}"`).raw().all() as unknown[][];
      } catch {
        continue; // a virtual table needing functions the attacker lacks: its shadow tables are read instead
      }
      for (const row of rows) for (const v of row) parts.push(Buffer.isBuffer(v) ? v.toString('latin1') + v.toString('utf8') : String(v));
    }
    for (const fts of ['search_trigram', 'search_grams']) {
      db.exec(`create virtual table temp.v_${fts} using fts5vocab(main, ${fts}, row)`);
      for (const r of db.prepare(`select term from temp.v_${fts}`).all() as { term: string }[]) parts.push(`term:${r.term}`);
    }
    return parts.join('\n');
  } finally {
    db.close();
  }
}

const trigrams = (text: string) => new Set([...Array(Math.max(0, text.length - 2)).keys()].map((i) => text.slice(i, i + 3)));

/** No marker, nor any index term of its ASCII part (as the trigram index would hold it) that 普通 content does not also have. */
function expectNoMarker(text: string, markers: string[]): void {
  const plain = trigrams(PLAIN.match(/^[A-Z]+/)![0].toLowerCase());
  for (const m of markers) {
    expect(text.includes(m), m).toBe(false);
    for (const t of trigrams(m.match(/^[A-Z]+/)![0].toLowerCase())) if (!plain.has(t)) expect(text.includes(`term:${t}`), t).toBe(false);
  }
}

interface Env {
  dir: string;
  admin: ArchiveSession;
  secretNo: string;
  secretId: string;
  confidentialNo: string;
  plainNo: string;
  clientId: string;
  itemId: string;
}

async function setup(): Promise<Env> {
  const { dir, session: admin } = await newArchive();
  await admin.call('users.create', { username: READER.username, displayName: '王读者', password: READER.password, role: 'reader', clearance: 'normal' });
  await admin.call('users.create', { username: CLERK.username, displayName: '李机密', password: CLERK.password, role: 'clerk', clearance: 'confidential' });
  const client = await admin.call('clients.create', { name: '北京宏远建工集团有限公司' });
  const plain = await admin.call('files.create', { clientId: client.id, title: PLAIN });
  const secret = await admin.call('files.create', { clientId: client.id, title: M.title, confidentiality: 'top_secret', remarks: M.remarks });
  const item = await admin.call('items.add', { archiveNo: secret.archiveNo, title: M.item, docNo: M.docNo, responsibleParty: M.party, pageCount: 3 });
  await admin.call('items.update', { itemId: item.id, changes: { remarks: '已核对' } });
  await admin.call('files.update', { archiveNo: secret.archiveNo, title: M.renamed });
  await admin.call('handovers.register', {
    department: '销售部',
    eventKind: 'sale',
    eventDate: '2026-03-06',
    handedOverBy: '李明',
    archiveNo: secret.archiveNo,
    items: [M.paper, { itemId: item.id }],
    missing: [],
    remarks: M.handover,
  });
  const confidential = await admin.call('files.create', { clientId: client.id, title: M.confidential, confidentiality: 'confidential' });
  return { dir, admin, secretNo: secret.archiveNo, secretId: secret.id, confidentialNo: confidential.archiveNo, plainNo: plain.archiveNo, clientId: client.id, itemId: item.id };
}

describe('a 普通 reader with the folder, their password and the data key', () => {
  it('finds no 绝密 content in any page, WAL frame, row or index term; 普通 content is there (the scan works)', async () => {
    const env = await setup();
    const staged = await blobsFor(env.admin).receive(Readable.from([await pdfBytes('Share transfer agreement')]), { name: SCAN_NAME, maxBytes: 10 * 1024 * 1024 });
    await env.admin.call('scans.add', { uploadIds: [staged.id], archiveNo: env.secretNo });
    // The administrator reads the name back and finds the scan by it (the level index).
    expect((await env.admin.call('scans.list', { archiveNo: env.secretNo })).map((s) => s.name)).toEqual([SCAN_NAME]);
    expect((await env.admin.call('search.query', { q: 'qxscannamemark' })).hits.map((h) => [h.kind, h.label])).toEqual([['scan', SCAN_NAME]]);
    const markers = [...Object.values(M), SCAN_NAME];
    const dataKey = (await envelopeKey(env.dir, READER, 'data'))!;
    expect(await envelopeKey(env.dir, READER, 'level.top_secret')).toBeNull();
    expect(await envelopeKey(env.dir, READER, 'level.confidential')).toBeNull();
    const dbFile = path.join(env.dir, 'archive.db');
    // While the session runs, the WAL holds every frame written since the last checkpoint (each version of each page).
    const wal = decryptedPages(`${dbFile}-wal`, dataKey, true).toString('utf8');
    expect(wal.includes(PLAIN)).toBe(true);
    env.admin.close();
    const pages = decryptedPages(dbFile, dataKey, false).toString('utf8') + wal;
    expect(pages.includes(PLAIN)).toBe(true);
    for (const m of markers) expect(pages.includes(m), m).toBe(false);
    const dump = rawDump(dbFile, dataKey);
    expect(dump.includes(PLAIN)).toBe(true);
    expect(dump.includes('term:qxp')).toBe(true);
    expectNoMarker(dump, markers);
    // The level indexes do not open with the data key, and hold nothing in the clear.
    for (const name of readdirSync(env.dir).filter((n) => n.startsWith('level-') && n.endsWith('.db'))) {
      expect(() => rawDump(path.join(env.dir, name), dataKey)).toThrow();
      const bytes = readFileSync(path.join(env.dir, name)).toString('utf8');
      for (const m of markers) expect(bytes.includes(m)).toBe(false);
    }
    // And the reader's session shows none of it.
    const reader = await open(env.dir, READER);
    expect((await reader.call('search.query', { q: 'qxtitlemark' })).hits).toEqual([]);
    expect((await reader.call('search.query', { q: 'qxscannamemark' })).hits).toEqual([]);
    await expectDossierError(reader.call('files.get', { archiveNo: env.secretNo }), 'file.notFound');
    reader.close();
  });

  it('a 机密-cleared user with raw SQL reads 机密 content but not 绝密', async () => {
    const env = await setup();
    env.admin.close();
    const dataKey = (await envelopeKey(env.dir, CLERK, 'data'))!;
    const confidentialKey = (await envelopeKey(env.dir, CLERK, 'level.confidential'))!;
    expect(await envelopeKey(env.dir, CLERK, 'level.top_secret')).toBeNull();
    const db = openEncryptedDatabase(path.join(env.dir, 'archive.db'), dataKey, { create: false });
    try {
      db.content.setLevelKeys(new Map([['confidential', confidentialKey]]));
      const titles = db.all<{ title: string }>(db.k.selectFrom('files').select('title')).map((r) => r.title);
      expect(titles).toContain(M.confidential);
      expect(titles.some((t) => SECRET.some((m) => t.includes(m)))).toBe(false);
      // The 绝密 file's key does not unwrap under the 机密 key.
      expect(db.content.key(env.secretId, 2) ?? db.content.key(env.secretId, 1)).toBeNull();
    } finally {
      db.close();
    }
  });
});

describe('cleared users, grantees and level changes', () => {
  it('an administrator cleared for 绝密 sees and searches every sealed field, the history and the audit log', async () => {
    const env = await setup();
    const { admin } = env;
    const file = await admin.call('files.get', { archiveNo: env.secretNo });
    expect(file).toMatchObject({ title: M.renamed, remarks: M.remarks });
    expect(file.items[0]).toMatchObject({ title: M.item, docNo: M.docNo, responsibleParty: M.party });
    expect(file.history.find((h) => h.field === 'title')).toMatchObject({ oldValue: M.title, newValue: M.renamed });
    const labels = async (q: string) => (await admin.call('search.query', { q })).hits.map((h) => h.label);
    expect(await labels('qxrenamedmark')).toEqual([M.renamed]);
    expect(await labels('新标')).toEqual([M.renamed]);
    expect(await labels('股权转让')).toEqual([M.item]);
    expect(await labels('qxdocnomark')).toEqual([M.item]);
    expect(await labels(PLAIN.slice(0, 11))).toEqual([PLAIN]);
    // One box: a term in a sealed item and one in the main index together narrow to nothing, each alone finds its row.
    expect(await labels('华信律师 qxitemmark')).toEqual([M.item]);
    const handovers = JSON.stringify(await admin.call('handovers.list', {}));
    for (const m of [M.paper, M.handover, M.item]) expect(handovers).toContain(m);
    const audit = await admin.call('audit.list', { language: 'zh-CN', limit: 50 });
    expect(JSON.stringify(audit)).toContain(M.item);
    // A 机密 user sees the 机密 file and searches it, never the 绝密 one.
    const clerk = await open(env.dir, CLERK);
    expect((await clerk.call('search.query', { q: 'qxconfmark' })).hits.map((h) => h.label)).toEqual([M.confidential]);
    expect((await clerk.call('search.query', { q: 'qxrenamedmark' })).hits).toEqual([]);
    clerk.close();
    admin.close();
  });

  it('a grant gives the grantee the file key: they see and search the 绝密 file until it is revoked', async () => {
    const env = await setup();
    const grant = await env.admin.call('grants.create', { username: READER.username, archiveNo: env.secretNo, until: '2099-12-31', reason: '核对' });
    env.admin.close();
    const reader = await open(env.dir, READER);
    expect((await reader.call('files.get', { archiveNo: env.secretNo })).title).toBe(M.renamed);
    expect((await reader.call('search.query', { q: 'qxrenamedmark' })).hits.map((h) => h.label)).toEqual([M.renamed]);
    expect((await reader.call('search.query', { q: '股权' })).hits.map((h) => h.label)).toEqual([M.item]);
    reader.close();
    const admin = await open(env.dir, ADMIN);
    await admin.call('grants.revoke', { id: grant.id });
    admin.close();
    const after = await open(env.dir, READER);
    await expectDossierError(after.call('files.get', { archiveNo: env.secretNo }), 'file.notFound');
    after.close();
    // Their keys no longer open it either: the sealed copies went with the grant.
    const dataKey = (await envelopeKey(env.dir, READER, 'data'))!;
    expect(rawDump(path.join(env.dir, 'archive.db'), dataKey).includes(M.renamed)).toBe(false);
  });

  it('raising a file seals its row, items and history in the same transaction; lowering it opens them to everyone', async () => {
    const env = await setup();
    const { admin } = env;
    const item = await admin.call('items.add', { archiveNo: env.plainNo, title: 'QXRAISEITEM普通卷内', pageCount: 1 });
    await admin.call('items.seal', { archiveNo: env.plainNo, itemId: item.id });
    await admin.call('files.update', { archiveNo: env.plainNo, remarks: 'QXRAISEREMARK' });
    await admin.call('files.update', { archiveNo: env.plainNo, confidentiality: 'top_secret', reason: '涉及股权' });
    const dataKey = (await envelopeKey(env.dir, READER, 'data'))!;
    const rows = () => {
      const db = openEncryptedDatabase(path.join(env.dir, 'archive.db'), dataKey, { create: false });
      try {
        return JSON.stringify([db.all(db.k.selectFrom('files').selectAll()), db.all(db.k.selectFrom('file_items').selectAll()), db.all(db.k.selectFrom('change_log').selectAll())]);
      } finally {
        db.close();
      }
    };
    const raised = rows();
    for (const m of [PLAIN, 'QXRAISEITEM', 'QXRAISEREMARK']) expect(raised.includes(m), m).toBe(false);
    expect((await admin.call('search.query', { q: 'qxraiseitem' })).hits.map((h) => h.label)).toEqual(['QXRAISEITEM普通卷内']);
    const reader = await open(env.dir, READER);
    expect((await reader.call('search.query', { q: 'qxraiseitem' })).hits).toEqual([]);
    reader.close();
    await admin.call('files.update', { archiveNo: env.plainNo, confidentiality: 'normal', reason: '解密' });
    admin.close();
    expect(rows().includes('QXRAISEITEM')).toBe(true);
    const again = await open(env.dir, READER);
    expect((await again.call('search.query', { q: 'qxraiseitem' })).hits.map((h) => h.label)).toEqual(['QXRAISEITEM普通卷内']);
    const file = await again.call('files.get', { archiveNo: env.plainNo });
    expect(file.remarks).toBe('QXRAISEREMARK');
    again.close();
  });

  it('a 绝密 file lowered to 普通 opens its items, history and handover to a 普通 reader', async () => {
    const env = await setup();
    await env.admin.call('files.update', { archiveNo: env.secretNo, confidentiality: 'normal', reason: '解密' });
    env.admin.close();
    const reader = await open(env.dir, READER);
    const file = await reader.call('files.get', { archiveNo: env.secretNo });
    expect(file).toMatchObject({ title: M.renamed, remarks: M.remarks });
    expect(file.items[0]).toMatchObject({ title: M.item, docNo: M.docNo });
    expect(file.history.find((h) => h.field === 'title')).toMatchObject({ oldValue: M.title, newValue: M.renamed });
    const handovers = JSON.stringify(await reader.call('handovers.list', {}));
    for (const m of [M.paper, M.handover]) expect(handovers).toContain(m);
    expect((await reader.call('search.query', { q: 'qxitemmark' })).hits.map((h) => h.label)).toEqual([M.item]);
    reader.close();
  });

  it('机密 raised to 绝密 gets a new key generation: the 机密 key opens none of its content any more', async () => {
    const env = await setup();
    await env.admin.call('files.update', { archiveNo: env.confidentialNo, confidentiality: 'top_secret', reason: '升密' });
    env.admin.close();
    const dataKey = (await envelopeKey(env.dir, CLERK, 'data'))!;
    const db = openEncryptedDatabase(path.join(env.dir, 'archive.db'), dataKey, { create: false });
    try {
      db.content.setLevelKeys(new Map([['confidential', (await envelopeKey(env.dir, CLERK, 'level.confidential'))!]]));
      const titles = db.all<{ title: string }>(db.k.selectFrom('files').select('title')).map((r) => r.title);
      expect(titles.includes(M.confidential)).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('writes on a worker thread', () => {
  it('an import (run in a worker) seals a 绝密 file with the level key the session handed it, and its text is searchable', async () => {
    const env = await setup();
    const csv = `客户名称,档案题名,密级\n北京宏远建工集团有限公司,QXIMPORTMARK导入绝密卷,绝密\n`;
    const report = await env.admin.call('import.run', { kind: 'files', fileName: 'f.csv', contentBase64: Buffer.from(csv, 'utf8').toString('base64') });
    expect(report.created.files).toBe(1);
    expect((await env.admin.call('search.query', { q: 'qximportmark' })).hits.map((h) => h.label)).toEqual(['QXIMPORTMARK导入绝密卷']);
    env.admin.close();
    const dataKey = (await envelopeKey(env.dir, READER, 'data'))!;
    expectNoMarker(rawDump(path.join(env.dir, 'archive.db'), dataKey), ['QXIMPORTMARK导入绝密卷']);
  });
});

describe('keys renewed and recovered', () => {
  it('rekey: new level keys, every file key rewrapped, sealed content readable and searchable, the old level keys open nothing', async () => {
    const env = await setup();
    const oldTop = (await envelopeKey(env.dir, ADMIN, 'level.top_secret'))!;
    const { recoveryKey } = await env.admin.rekey();
    const newTop = (await envelopeKey(env.dir, ADMIN, 'level.top_secret'))!;
    expect(newTop.equals(oldTop)).toBe(false);
    const admin = await open(env.dir, ADMIN);
    expect((await admin.call('files.get', { archiveNo: env.secretNo })).title).toBe(M.renamed);
    expect((await admin.call('search.query', { q: '股权转让' })).hits.map((h) => h.label)).toEqual([M.item]);
    admin.close();
    const clerk = await open(env.dir, CLERK);
    expect((await clerk.call('files.get', { archiveNo: env.confidentialNo })).title).toBe(M.confidential);
    clerk.close();
    // The old 绝密 key (kept by someone before the rekey) unwraps no file key now.
    const dataKey = (await envelopeKey(env.dir, ADMIN, 'data'))!;
    const db = openEncryptedDatabase(path.join(env.dir, 'archive.db'), dataKey, { create: false });
    try {
      db.content.setLevelKeys(new Map([['top_secret', oldTop]]));
      expect(db.all<{ title: string }>(db.k.selectFrom('files').select('title')).some((r) => r.title === M.renamed)).toBe(false);
    } finally {
      db.close();
    }
    // The recovery key made by the rekey opens the level keys.
    await resetPasswordWithRecovery(env.dir, recoveryKey, ADMIN.username, 'brand new password', { kdfCost: TEST_KDF });
    const recovered = await openArchive(env.dir, ADMIN.username, 'brand new password', { kdfCost: TEST_KDF });
    expect((await recovered.call('files.get', { archiveNo: env.secretNo })).title).toBe(M.renamed);
    recovered.close();
  });

  it('recovery: an administrator reset with the recovery key gets the level keys again', async () => {
    const env = await setup();
    const recoveryKey = env.admin.recoveryKey!;
    env.admin.close();
    await resetPasswordWithRecovery(env.dir, recoveryKey, ADMIN.username, 'another new password', { kdfCost: TEST_KDF });
    const slot = readHeader(env.dir).slots.find((s) => s.username === ADMIN.username) as KeySlot;
    expect(Object.keys(slot.sealed).sort()).toEqual(['authority', 'data', 'level.confidential', 'level.top_secret']);
    const admin = await openArchive(env.dir, ADMIN.username, 'another new password', { kdfCost: TEST_KDF });
    expect((await admin.call('files.get', { archiveNo: env.secretNo })).items[0]!.title).toBe(M.item);
    expect((await admin.call('search.query', { q: 'qxpartymark' })).hits.map((h) => h.label)).toEqual([M.item]);
    admin.close();
  });

  it('a level index deleted or made under other keys is rebuilt at the next unlock', async () => {
    const env = await setup();
    env.admin.close();
    for (const name of readdirSync(env.dir).filter((n) => n.startsWith('level-top_secret'))) readFileSync(path.join(env.dir, name));
    const { rmSync } = await import('node:fs');
    for (const name of readdirSync(env.dir).filter((n) => n.startsWith('level-top_secret'))) rmSync(path.join(env.dir, name));
    const admin = await open(env.dir, ADMIN);
    expect((await admin.call('search.query', { q: 'qxrenamedmark' })).hits.map((h) => h.label)).toEqual([M.renamed]);
    admin.close();
  });
});

describe('an archive made before level keys', () => {
  it("is sealed at an administrator's unlock (audited): raw SQL then reads no 绝密 content, everyone cleared still reads it", async () => {
    const dir = path.join(tempDir(), 'old');
    // 0024 and 0027 too: today's items.add writes where its page count came from (0027, which reads scans: 0024).
    const before = MIGRATIONS.filter((m) => m.version < 20 || m.version === 24 || m.version === 27);
    const old = await createArchive(dir, ADMIN, { kdfCost: TEST_KDF, migrations: before });
    await old.call('users.create', { username: READER.username, displayName: '王读者', password: READER.password, role: 'reader', clearance: 'normal' });
    const client = await old.call('clients.create', { name: '北京宏远建工集团有限公司' });
    const secret = await old.call('files.create', { clientId: client.id, title: M.title, confidentiality: 'top_secret' });
    await old.call('items.add', { archiveNo: secret.archiveNo, title: M.item, pageCount: 1 });
    await old.call('files.update', { archiveNo: secret.archiveNo, title: M.renamed });
    old.close();
    const dataKey = (await envelopeKey(dir, READER, 'data'))!;
    expect(rawDump(path.join(dir, 'archive.db'), dataKey).includes(M.item)).toBe(true);

    // A reader's unlock first: no level keys yet, nothing changes (only an administrator makes them).
    const reader = await openArchive(dir, READER.username, READER.password, { kdfCost: TEST_KDF });
    reader.close();
    const admin = await open(dir, ADMIN);
    expect((await admin.call('files.get', { archiveNo: secret.archiveNo })).title).toBe(M.renamed);
    expect((await admin.call('search.query', { q: 'qxitemmark' })).hits.map((h) => h.label)).toEqual([M.item]);
    const entries = await admin.call('audit.list', { language: 'en', limit: 5, actions: ['archive.levelKeys'] });
    expect(entries).toHaveLength(1);
    admin.close();
    const db = openEncryptedDatabase(path.join(dir, 'archive.db'), dataKey, { create: false });
    try {
      const rows = JSON.stringify([
        db.all(db.k.selectFrom('files').selectAll()),
        db.all(db.k.selectFrom('file_items').selectAll()),
        db.all(db.k.selectFrom('change_log').selectAll()),
      ]);
      for (const m of [M.title, M.item, M.renamed]) expect(rows.includes(m), m).toBe(false);
    } finally {
      db.close();
    }
    expect(readHeader(dir).recovery!.sealed['level.top_secret']).toBeDefined();
  });
});

describe('destroying a file key', () => {
  it("makes the file's sealed content unreadable to everyone, the administrator and the recovery key included, and tells listeners", async () => {
    const env = await setup();
    const { admin } = env;
    const seen: { fileId: string; old: boolean; next: boolean }[] = [];
    onFileKeyChange((_ctx, fileId, change) => seen.push({ fileId, old: change.old !== null, next: change.next !== null }));
    const ctx = new OperationContext(admin.db, admin.user, () => new Date(), {
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
    });
    expect(ctx.fileKey(env.secretId)).toHaveLength(32);
    admin.db.transaction(() => destroyFileKey(ctx, env.secretId));
    expect(seen).toContainEqual({ fileId: env.secretId, old: true, next: false });
    expect(ctx.fileKey(env.secretId)).toBeNull();
    const file = await admin.call('files.get', { archiveNo: env.secretNo });
    expect(file.title).toBe('');
    expect(file.items[0]!.title).toBe('');
    const recoveryKey = admin.recoveryKey!;
    admin.close();
    await resetPasswordWithRecovery(env.dir, recoveryKey, ADMIN.username, 'after destruction', { kdfCost: TEST_KDF });
    const again = await openArchive(env.dir, ADMIN.username, 'after destruction', { kdfCost: TEST_KDF });
    expect(JSON.stringify(await again.call('files.get', { archiveNo: env.secretNo }))).not.toContain('QX');
    again.close();
  });
});

describe('sealed tokens', () => {
  it('a connection without the key reads a token as empty text, never the ciphertext', () => {
    const db = openEncryptedDatabase(path.join(tempDir(), 'x.db'), Buffer.alloc(32, 7), { create: true });
    try {
      const keys = new ContentKeys(db.sqlite);
      expect(keys.open('\u0002dsk1.abc.1.' + 'A'.repeat(40))).toBe('');
      expect(keys.open('no token: dsk1. here')).toBe('no token: dsk1. here');
    } finally {
      db.close();
    }
  });
});
