/**
 * Level keys (issue 8, finding 2). 机密/绝密 content — a file's title and remarks, its
 * contents-list text, its history values, audit details about it — is sealed under the file's
 * content key (db/sealed.ts); file keys are wrapped under level keys that only cleared users'
 * envelopes (and the recovery envelope) hold; a grant seals the file's keys to the grantee.
 * Search over sealed content lives in one index database per level (`level-<level>.db`,
 * SQLCipher under the level key), attached only for users who hold that level key; it is a
 * cache the engine rebuilds from the sealed rows whenever it is missing or stale.
 * See README, "Level keys".
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Confidentiality } from '../shared/domain/enums.js';
import { DossierError } from '../shared/errors.js';
import type { ArchiveDb } from './connection.js';
import type { OperationContext } from './context.js';
import { sealKey, signWith, verifySignature } from './keys.js';
import { grantKeyName, isSealedLevel, SEALED_LEVELS, sealWith, wrapFileKey } from './sealed.js';
import type { SealedLevel } from './sealed.js';
import { normalizeSearchText } from './search/normalize.js';

export { isSealedLevel, SEALED_LEVELS } from './sealed.js';
export { fileOfAuditTarget, fileOfHistory } from './fileOfTarget.js';
export type { SealedLevel } from './sealed.js';

// ---- level keys and their signed fingerprints ----

export function newLevelKeys(): Map<SealedLevel, Buffer> {
  return new Map(SEALED_LEVELS.map((level) => [level, randomBytes(32)]));
}

function fingerprint(archiveId: string, level: SealedLevel, key: Buffer): string {
  return createHash('sha256').update(`dossier-level-key:v1:${archiveId}:${level}:`).update(key).digest('hex');
}

function fingerprintMessage(archiveId: string, level: SealedLevel, fp: string): Buffer {
  return Buffer.from(`dossier-level-key-fingerprint:v1:${archiveId}:${level}:${fp}`, 'utf8');
}

export function levelKeysStored(db: ArchiveDb): boolean {
  return db.one(sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'level_keys'`)!.n > 0;
}

/** Whether this archive seals 机密/绝密 content yet (an administrator's unlock made its level keys). */
export function levelKeysInUse(db: ArchiveDb): boolean {
  return levelKeysStored(db) && db.one(sql<{ n: number }>`select count(*) as n from level_keys`)!.n > 0;
}

/** Replaces the level keys' fingerprints, signed with the authority key (in the caller's transaction). */
export function storeLevelKeys(db: ArchiveDb, archiveId: string, keys: ReadonlyMap<SealedLevel, Buffer>, authoritySeed: Buffer, authorityPublic: Buffer, at: Date): void {
  db.run(sql`delete from level_keys`);
  for (const [level, key] of keys) {
    const fp = fingerprint(archiveId, level, key);
    const signature = signWith(authoritySeed, fingerprintMessage(archiveId, level, fp)).toString('base64');
    db.run(sql`insert into level_keys (level, fingerprint, signature, signer_key, created_at)
      values (${level}, ${fp}, ${signature}, ${authorityPublic.toString('base64')}, ${at.toISOString()})`);
  }
}

/**
 * The level keys an envelope gave that are the archive's: their fingerprint is stored and
 * signed by the current authority key. Anyone can seal a key to a public key; a key sealed in
 * by someone else would otherwise wrap new file keys under a key they know.
 */
export function verifiedLevelKeys(db: ArchiveDb, archiveId: string, authorityPublic: Buffer, opened: ReadonlyMap<SealedLevel, Buffer>): Map<SealedLevel, Buffer> {
  const verified = new Map<SealedLevel, Buffer>();
  if (!levelKeysStored(db)) return verified;
  for (const [level, key] of opened) {
    const row = db.one(sql<{ fingerprint: string; signature: string }>`select fingerprint, signature from level_keys where level = ${level}`);
    if (!row || row.fingerprint !== fingerprint(archiveId, level, key)) continue;
    if (!verifySignature(authorityPublic, fingerprintMessage(archiveId, level, row.fingerprint), Buffer.from(row.signature, 'base64'))) continue;
    verified.set(level, key);
  }
  return verified;
}

// ---- sealing content ----

/** `text` as it is stored for this file: sealed when the file is 机密/绝密. */
export function sealText(ctx: OperationContext | ArchiveDb, fileId: string, text: string): string;
export function sealText(ctx: OperationContext | ArchiveDb, fileId: string, text: string | null): string | null;
export function sealText(ctx: OperationContext | ArchiveDb, fileId: string, text: string | null): string | null {
  const db = 'db' in ctx ? ctx.db : ctx;
  return db.content.seal(fileId, text);
}

/** The given text columns of `values` sealed for the file (other columns as they are). */
export function sealColumns<T extends object>(ctx: OperationContext | ArchiveDb, fileId: string, values: T, columns: readonly string[]): T {
  const out = { ...values } as Record<string, unknown>;
  for (const c of columns) {
    const v = out[c];
    if (typeof v === 'string') out[c] = sealText(ctx, fileId, v);
  }
  return out as T;
}

/** The text columns of contents-list items that are sealed. */
export const ITEM_SEALED = ['title', 'docNo', 'responsibleParty', 'remarks', 'correctionReason'] as const;
export const FILE_SEALED = ['title', 'remarks'] as const;
/** A handover's papers (names, JSON), missing papers (JSON) and remarks. */
export const HANDOVER_SEALED = ['items', 'missing', 'remarks'] as const;

// ---- file keys ----

export interface FileKeyChange {
  old: Buffer | null;
  next: Buffer | null;
}
type FileKeyListener = (ctx: OperationContext, fileId: string, change: FileKeyChange) => void;
const listeners: FileKeyListener[] = [];

/** Called inside the transaction that changes a file's key (scans rewrap their blob keys); see /tmp/work/LEVELKEYS-API.md. */
export function onFileKeyChange(listener: FileKeyListener): void {
  listeners.push(listener);
}

/** A new sealed file's first key, wrapped under its level key (the caller inserts the file). */
export function newFileKey(db: ArchiveDb, fileId: string, level: SealedLevel, at: Date): Buffer {
  const levelKey = db.content.levelKey(level);
  if (!levelKey) throw new DossierError('file.keyUnavailable');
  const key = randomBytes(32);
  db.run(
    sql`insert into file_keys (file_id, gen, level, wrapped, created_at) values (${fileId}, 1, ${level}, ${wrapFileKey(key, fileId, 1, level, levelKey)}, ${at.toISOString()})`,
  );
  db.content.remember(fileId, 1, key);
  return key;
}

interface GenRow {
  gen: number;
  level: string;
}

/**
 * Puts a file at `target` and its content under that level: every earlier key generation is
 * rewrapped for the new level (or kept open, for 普通/内部), a new generation seals the
 * file's row, every version of its items and its history (a raised file's old key is known
 * to users of the lower level), grantees get the new key; unsealed when lowered to 普通/内部.
 * Runs in the caller's transaction. Audit entries keep the generation they were sealed with.
 */
export function putFileAtLevel(ctx: OperationContext | ArchiveDb, fileId: string, target: Confidentiality): void {
  const db = 'db' in ctx ? ctx.db : ctx;
  const content = db.content;
  const at = 'db' in ctx ? ctx.now() : new Date();
  // Before the level keys exist (an archive not yet migrated by an administrator), only the level changes.
  if (!levelKeysInUse(db)) {
    db.run(sql`update files set confidentiality = ${target} where id = ${fileId}`);
    return;
  }
  const gens = db.all(sql<GenRow>`select gen, level from file_keys where file_id = ${fileId} order by gen`);
  // Every generation is opened first: the triggers that compare old and new values need them cached.
  const keys = new Map<number, Buffer>();
  for (const g of gens) {
    const key = content.key(fileId, g.gen);
    if (!key) throw new DossierError('file.keyUnavailable');
    keys.set(g.gen, key);
  }
  const last = gens[gens.length - 1];
  const old = last && isSealedLevel(last.level) ? keys.get(last.gen)! : null;
  const sealed = isSealedLevel(target);
  const levelKey = sealed ? content.levelKey(target) : null;
  if (sealed && !levelKey) throw new DossierError('file.keyUnavailable');
  const wrapLevel = sealed ? target : 'open';
  for (const g of gens)
    db.run(
      sql`update file_keys set level = ${wrapLevel}, wrapped = ${wrapFileKey(keys.get(g.gen)!, fileId, g.gen, wrapLevel, levelKey)} where file_id = ${fileId} and gen = ${g.gen}`,
    );
  let next: { gen: number; key: Buffer } | null = null;
  if (sealed) {
    next = { gen: (last?.gen ?? 0) + 1, key: randomBytes(32) };
    db.run(sql`insert into file_keys (file_id, gen, level, wrapped, created_at)
      values (${fileId}, ${next.gen}, ${target}, ${wrapFileKey(next.key, fileId, next.gen, target, levelKey)}, ${at.toISOString()})`);
    content.remember(fileId, next.gen, next.key);
  }
  const seal = (v: string | null): string | null => (v === null || v === '' || !next ? v : sealWith(next.key, fileId, next.gen, v));
  // Values read back are already opened (ArchiveDb opens every row).
  const file = db.one(sql<{ title: string; remarks: string }>`select title, remarks from files where id = ${fileId}`);
  if (!file) throw new DossierError('file.notFound', { archiveNo: '' });
  db.run(sql`update files set confidentiality = ${target}, title = ${seal(file.title)}, remarks = ${seal(file.remarks)} where id = ${fileId}`);
  const items = db.all(
    sql<{ id: string; title: string; docNo: string | null; responsibleParty: string | null; remarks: string; correctionReason: string | null }>`
      select id, title, doc_no, responsible_party, remarks, correction_reason from file_items where file_id = ${fileId}`,
  );
  for (const i of items) {
    db.run(sql`update file_items set title = ${seal(i.title)}, doc_no = ${seal(i.docNo)}, responsible_party = ${seal(i.responsibleParty)},
      remarks = ${seal(i.remarks)}, correction_reason = ${seal(i.correctionReason)} where id = ${i.id}`);
  }
  const history = db.all(
    sql<{ id: number; oldValue: string | null; newValue: string | null }>`select id, old_value, new_value from change_log
      where (entity_type = 'file' and entity_id = ${fileId})
         or (entity_type = 'item' and entity_id in (select origin_id from file_items where file_id = ${fileId}))`,
  );
  for (const h of history) db.run(sql`update change_log set old_value = ${seal(h.oldValue)}, new_value = ${seal(h.newValue)} where id = ${h.id}`);
  const handovers = db.all(sql<{ id: string; items: string; missing: string; remarks: string }>`select id, items, missing, remarks from handovers where file_id = ${fileId}`);
  for (const h of handovers) db.run(sql`update handovers set items = ${seal(h.items)}, missing = ${seal(h.missing)}, remarks = ${seal(h.remarks)} where id = ${h.id}`);
  if (next) sealGrantKeysOfFile(db, fileId, next.gen, next.key);
  if ('db' in ctx) for (const listener of listeners) listener(ctx, fileId, { old, next: next?.key ?? null });
}

/**
 * Destroys a file's keys (every generation, every grant's copy): its sealed content, audit
 * details and anything wrapped under its keys can no longer be opened by anyone.
 */
export function destroyFileKey(ctx: OperationContext, fileId: string): void {
  const old = ctx.db.content.current(fileId)?.key ?? null;
  for (const listener of listeners) listener(ctx, fileId, { old, next: null });
  ctx.db.run(sql`delete from file_key_grants where file_id = ${fileId}`);
  ctx.db.run(sql`delete from file_keys where file_id = ${fileId}`);
  ctx.db.content.forget(fileId);
}

// ---- grants ----

/** The grantee's X25519 public key (the rows equal the signed document inside a signed write). */
function granteeKey(db: ArchiveDb, userId: string): Buffer | null {
  const key = db.one(sql<{ encryptionKey: string | null }>`select encryption_key from users where id = ${userId}`)?.encryptionKey;
  return key ? Buffer.from(key, 'base64') : null;
}

function sealForGrant(db: ArchiveDb, grant: { id: string; fileId: string; userId: string }, gen: number, key: Buffer, recipient: Buffer): void {
  const archiveId = db.content.archiveId;
  if (!archiveId) throw new DossierError('file.keyUnavailable');
  const sealed = sealKey(key, recipient, { archiveId, recipientId: grant.userId, name: grantKeyName(grant.fileId, gen) });
  db.run(sql`insert into file_key_grants (grant_id, file_id, gen, user_id, sealed) values (${grant.id}, ${grant.fileId}, ${gen}, ${grant.userId}, ${JSON.stringify(sealed)})
    on conflict (grant_id, gen) do update set sealed = excluded.sealed`);
}

/** A new grant of a sealed file: every generation of its key sealed to the grantee (nothing for an unsealed file). */
export function sealGrantKeys(db: ArchiveDb, grant: { id: string; fileId: string; userId: string }): void {
  const gens = db.all(sql<GenRow>`select gen, level from file_keys where file_id = ${grant.fileId} order by gen`);
  if (!gens.some((g) => isSealedLevel(g.level))) return;
  const recipient = granteeKey(db, grant.userId);
  if (!recipient) throw new DossierError('file.keyUnavailable');
  for (const g of gens) {
    const key = db.content.key(grant.fileId, g.gen);
    if (!key) throw new DossierError('file.keyUnavailable');
    sealForGrant(db, grant, g.gen, key, recipient);
  }
}

function sealGrantKeysOfFile(db: ArchiveDb, fileId: string, gen: number, key: Buffer): void {
  const grants = db.all(sql<{ id: string; userId: string }>`select id, user_id from file_grants where file_id = ${fileId}`);
  for (const g of grants) {
    if (db.one(sql<{ n: number }>`select count(*) as n from file_key_grants where grant_id = ${g.id}`)!.n === 0) {
      sealGrantKeys(db, { id: g.id, fileId, userId: g.userId });
      continue;
    }
    const recipient = granteeKey(db, g.userId);
    if (recipient) sealForGrant(db, { id: g.id, fileId, userId: g.userId }, gen, key, recipient);
  }
}

export function dropGrantKeys(db: ArchiveDb, grantId: string): void {
  db.run(sql`delete from file_key_grants where grant_id = ${grantId}`);
}

// ---- the level indexes ----

export function levelIndexFile(dir: string, level: SealedLevel): string {
  return path.join(dir, `level-${level}.db`);
}

function schemaOf(level: SealedLevel): string {
  return `lv_${level}`;
}

function indexDdl(s: string): string {
  return `
    create table if not exists ${s}.docs (id integer primary key, file_id text not null, text text not null);
    create index if not exists ${s}.docs_file on docs(file_id);
    create virtual table if not exists ${s}.docs_trigram using fts5(text, content='docs', content_rowid='id', tokenize='trigram');
    create virtual table if not exists ${s}.docs_grams using fts5(grams, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
    create trigger if not exists ${s}.docs_ai after insert on docs begin
      insert into docs_trigram(rowid, text) values (new.id, new.text);
      insert into docs_grams(rowid, grams) values (new.id, dossier_grams(new.text));
    end;
    create trigger if not exists ${s}.docs_ad after delete on docs begin
      insert into docs_trigram(docs_trigram, rowid, text) values ('delete', old.id, old.text);
      delete from docs_grams where rowid = old.id;
    end;`;
}

/**
 * Attaches the index of each level this connection holds the key of. An index that does not
 * open with the key (made before a rekey, damaged, deleted) is made anew and rebuilt.
 */
export function attachLevelIndexes(db: ArchiveDb, dir: string): void {
  for (const [level, key] of db.content.levelKeys()) {
    if (db.content.attached.has(level)) continue;
    const file = levelIndexFile(dir, level);
    const schema = schemaOf(level);
    let fresh = !existsSync(file);
    const attach = () => {
      // Owner-only before SQLite opens it, like archive.db.
      if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
      db.sqlite.prepare(`attach database ? as ${schema} key ?`).run(file, `x'${key.toString('hex')}'`);
      db.sqlite.prepare(`select count(*) from ${schema}.sqlite_schema`).get();
    };
    try {
      attach();
    } catch {
      try {
        db.sqlite.exec(`detach database ${schema}`);
      } catch {
        // was not attached
      }
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
      fresh = true;
      attach();
    }
    db.sqlite.pragma(`${schema}.journal_mode = WAL`);
    db.sqlite.pragma(`${schema}.secure_delete = ON`);
    // As the main database: WAL with NORMAL sync (a crash loses at most the last index writes, which the marks redo).
    db.sqlite.pragma(`${schema}.synchronous = NORMAL`);
    db.sqlite.exec(indexDdl(schema));
    db.content.attached.set(level, schema);
    if (fresh) {
      db.transaction(() =>
        db.run(sql`insert into sealed_dirty (file_id, rev) select id, 1 from files where confidentiality = ${level} and true
          on conflict (file_id) do update set rev = rev + 1`),
      );
    }
  }
}

/**
 * FTS5 `secure-delete` on the main search indexes and the attached level indexes: a row's terms
 * leave the index when the row does, so a file raised to 机密/绝密 leaves no old terms behind
 * in merged segments (set once; it is kept in each index's config).
 */
export function secureDeleteIndexes(db: ArchiveDb): void {
  const tables = [
    ['main', 'search_trigram'],
    ['main', 'search_grams'],
    ...[...db.content.attached.values()].flatMap((s) => [
      [s, 'docs_trigram'],
      [s, 'docs_grams'],
    ]),
  ];
  for (const [schema, table] of tables) {
    const set = db.sqlite.prepare(`select v from ${schema}.${table}_config where k = 'secure-delete'`).get() as { v: number } | undefined;
    if (set?.v === 1) continue;
    try {
      db.transaction(() => db.sqlite.prepare(`insert into ${schema}.${table}(${table}, rank) values ('secure-delete', 1)`).run());
    } catch {
      // Another writer holds the archive: the next unlock sets it; an unlock never fails for it.
    }
  }
}

export function detachLevelIndexes(db: ArchiveDb): void {
  for (const schema of db.content.attached.values()) {
    try {
      db.sqlite.exec(`detach database ${schema}`);
    } catch {
      // closed with the connection
    }
  }
  db.content.attached.clear();
}

/** The search texts of a sealed file's rows (the file, its current items and its scans), opened, as the main index would hold them. */
export function sealedDocs(db: ArchiveDb, fileId: string): { id: number; text: string }[] {
  const join = (parts: (string | null | undefined)[]) => normalizeSearchText(parts.filter((p) => p !== null && p !== undefined).join(' '));
  // By (kind, ref_id), the index's unique key: search_docs has no index on file_id.
  const docId = (kind: string, refId: string) => db.one(sql<{ id: number }>`select id from search_docs where kind = ${kind} and ref_id = ${refId}`)?.id;
  const out: { id: number; text: string }[] = [];
  const file = db.one(sql<{ archiveNo: string; title: string }>`select archive_no, title from files where id = ${fileId}`);
  const fileDoc = file ? docId('file', fileId) : undefined;
  if (file && fileDoc !== undefined) out.push({ id: fileDoc, text: join([file.archiveNo, file.title]) });
  const items = db.all(
    sql<{ id: string; title: string; docNo: string | null; responsibleParty: string | null }>`select id, title, doc_no, responsible_party from file_items
      where file_id = ${fileId} and superseded_by_id is null`,
  );
  for (const item of items) {
    const id = docId('item', item.id);
    if (id !== undefined) out.push({ id, text: join([item.title, item.docNo, item.responsibleParty]) });
  }
  // Scans: the name and the OCR text of every page, as the main index's scan rows hold them.
  for (const scan of db.all(sql<{ id: string; originalName: string }>`select id, original_name from scans where file_id = ${fileId}`)) {
    const id = docId('scan', scan.id);
    const pages = db.all(sql<{ text: string }>`select text from scan_pages where scan_id = ${scan.id} order by page_no`);
    if (id !== undefined) out.push({ id, text: join([scan.originalName, ...pages.map((p) => p.text)]) });
  }
  return out;
}

/**
 * Brings the attached level indexes up to date with the sealed files marked since (after a
 * write, at unlock). The index is written in its own transaction and the marks are cleared
 * after it committed, so a crash in between leaves marks, and the next flush redoes them.
 */
export function flushSealedIndex(db: ArchiveDb): number {
  const content = db.content;
  if (content.attached.size === 0) return 0;
  const dirty = db.all(sql<{ fileId: string; rev: number }>`select file_id, rev from sealed_dirty`);
  if (dirty.length === 0) return 0;
  const done: { fileId: string; rev: number }[] = [];
  db.transaction(() => {
    for (const d of dirty) {
      const level = db.one(sql<{ confidentiality: string }>`select confidentiality from files where id = ${d.fileId}`)?.confidentiality;
      if (isSealedLevel(level) && !content.attached.has(level)) continue;
      for (const schema of content.attached.values()) db.run(sql`delete from ${sql.raw(schema)}.docs where file_id = ${d.fileId}`);
      if (isSealedLevel(level)) {
        const schema = sql.raw(content.attached.get(level)!);
        for (const doc of sealedDocs(db, d.fileId)) {
          db.run(sql`delete from ${schema}.docs where id = ${doc.id}`);
          db.run(sql`insert into ${schema}.docs (id, file_id, text) values (${doc.id}, ${d.fileId}, ${doc.text})`);
        }
      }
      done.push(d);
    }
  });
  if (done.length) db.transaction(() => done.forEach((d) => db.run(sql`delete from sealed_dirty where file_id = ${d.fileId} and rev = ${d.rev}`)));
  return done.length;
}

/** Schemas of the level indexes attached to this connection (for the search query). */
export function levelIndexSchemas(db: ArchiveDb): string[] {
  return [...db.content.attached.values()];
}

/**
 * Search rows of sealed files granted to this user whose text holds `term`: a grantee has the
 * file's key but not the level index, and grants are few, so their texts are matched here.
 */
export function grantedMatches(ctx: OperationContext, term: string): number[] {
  if (!ctx.grantsApply || !ctx.db.content.grantee) return [];
  const levels = SEALED_LEVELS.filter((l) => !ctx.db.content.attached.has(l));
  if (!levels.length) return [];
  const files = ctx.db.all(
    sql<{ fileId: string }>`select g.file_id from file_grants g join files f on f.id = g.file_id
      where g.user_id = ${ctx.user.id} and g.until >= ${ctx.today()} and f.confidentiality in (${sql.join(levels)})`,
  );
  return files.flatMap((f) => sealedDocs(ctx.db, f.fileId).filter((d) => d.text.includes(term))).map((d) => d.id);
}

// ---- migration of an archive without level keys ----

/**
 * An administrator's unlock of an archive without level keys (made before them, or just
 * created): new level keys with signed fingerprints, and every 机密/绝密 file sealed. The
 * caller seals the keys into the envelopes and the recovery envelope in the same transaction.
 */
export function introduceLevelKeys(db: ArchiveDb, archiveId: string, authoritySeed: Buffer, authorityPublic: Buffer, at: Date): { keys: Map<SealedLevel, Buffer>; files: number } {
  const keys = newLevelKeys();
  storeLevelKeys(db, archiveId, keys, authoritySeed, authorityPublic, at);
  const held = db.content.levelKeys();
  db.content.setLevelKeys(keys);
  const files = db.all(sql<{ id: string; confidentiality: Confidentiality }>`select id, confidentiality from files where confidentiality in (${sql.join([...SEALED_LEVELS])})`);
  try {
    for (const f of files) putFileAtLevel(db, f.id, f.confidentiality);
  } finally {
    db.content.setLevelKeys(held);
  }
  return { keys, files: files.length };
}
