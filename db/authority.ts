/**
 * Signed authority. Who may do what (users' role, clearance, department, active and removed
 * state, public keys; per-file grants) is one canonical document signed with the
 * administrators' Ed25519 key, whose private half is sealed only to administrators and the
 * recovery key. The engine re-signs it in the transaction of every change and verifies it at
 * unlock; a row edited behind the engine's back gives no rights (the signed values apply, the
 * row is put back) and is reported. See README, "Keys and authority".
 */
import { sql } from 'kysely';
import type { ArchiveDb } from './connection.js';
import { appendAudit } from './audit.js';
import type { AuditActor } from './audit.js';
import type { AuthorityKeys } from './header.js';
import { sameKey, signWith, verifySignature } from './keys.js';

export interface AuthorityUser {
  id: string;
  username: string;
  role: string;
  clearance: string;
  department: string;
  active: boolean;
  removed: boolean;
  /** Base64 of raw 32-byte public keys; null until a user of a migrated archive first signs in. */
  encryptionKey: string | null;
  signingKey: string | null;
  /** Every signing key the user had, current last: audit entries signed before a password reset still verify. */
  signingKeys: string[];
}

export interface AuthorityGrant {
  id: string;
  fileId: string;
  userId: string;
  until: string;
}

export interface AuthorityDocument {
  v: 1;
  archiveId: string;
  seq: number;
  users: AuthorityUser[];
  grants: AuthorityGrant[];
}

const PAYLOAD_PREFIX = 'dossier-authority:v1\n';
const ROTATION_PREFIX = 'dossier-authority-rotation:v1:';

function hasTable(db: ArchiveDb, name: string): boolean {
  return db.one(sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`)!.n > 0;
}

function hasColumn(db: ArchiveDb, table: string, column: string): boolean {
  return db.all(sql<{ name: string }>`select name from pragma_table_info(${table})`).some((c) => c.name === column);
}

/** Whether the schema has the authority tables (migration 13). */
export function authorityStored(db: ArchiveDb): boolean {
  return hasTable(db, 'authority');
}

type Row = Record<string, unknown>;

/** The document the rows say now (fixed key order, sorted: its JSON is canonical). */
export function documentFromRows(db: ArchiveDb, archiveId: string, seq: number): AuthorityDocument {
  const removedColumn = hasColumn(db, 'users', 'removed_at');
  const history = new Map<string, string[]>();
  for (const k of db.all(sql<Row>`select key_id, user_id from user_signing_keys order by added_at, key_id`)) {
    const list = history.get(String(k.userId)) ?? [];
    list.push(String(k.keyId));
    history.set(String(k.userId), list);
  }
  const users = db.all(sql<Row>`select * from users order by id`).map((u): AuthorityUser => {
    const signingKey = (u.signingKey as string | null) ?? null;
    const keys = (history.get(String(u.id)) ?? []).filter((k) => k !== signingKey);
    return {
      id: String(u.id),
      username: String(u.username),
      role: String(u.role),
      clearance: String(u.clearance),
      department: String(u.department),
      active: u.active === 1,
      removed: removedColumn ? u.removedAt !== null : false,
      encryptionKey: (u.encryptionKey as string | null) ?? null,
      signingKey,
      signingKeys: signingKey ? [...keys, signingKey] : keys,
    };
  });
  const grants = hasTable(db, 'file_grants')
    ? db
        .all(sql<Row>`select id, file_id, user_id, until from file_grants order by id`)
        .map((g) => ({ id: String(g.id), fileId: String(g.fileId), userId: String(g.userId), until: String(g.until) }))
    : [];
  return { v: 1, archiveId, seq, users, grants };
}

/** The document without its sequence number: what a change is compared on. */
function body(doc: AuthorityDocument): string {
  return JSON.stringify({ users: doc.users, grants: doc.grants });
}

function payload(doc: AuthorityDocument): Buffer {
  return Buffer.from(PAYLOAD_PREFIX + JSON.stringify(doc), 'utf8');
}

export interface StoredAuthority {
  doc: AuthorityDocument;
  signerKey: string;
}

/** Writes the document signed with `seed` (the authority key whose public half is `publicKey`). */
export function storeAuthority(db: ArchiveDb, doc: AuthorityDocument, seed: Buffer, publicKey: Buffer, signedBy: string, at: Date, keepOtherKeys = false): void {
  const signature = signWith(seed, payload(doc)).toString('base64');
  const signerKey = publicKey.toString('base64');
  if (!keepOtherKeys) db.run(sql`delete from authority where signer_key <> ${signerKey}`);
  db.run(sql`insert into authority (signer_key, seq, document, signature, signed_by, signed_at) values (${signerKey}, ${doc.seq}, ${JSON.stringify(doc)}, ${signature}, ${signedBy}, ${at.toISOString()})
    on conflict (signer_key) do update set seq = excluded.seq, document = excluded.document, signature = excluded.signature, signed_by = excluded.signed_by, signed_at = excluded.signed_at`);
}

export type AuthorityFailure = 'missing' | 'badSignature' | 'otherArchive';

/** The document signed with the current authority key, or why there is none. */
export function loadAuthority(db: ArchiveDb, archiveId: string, publicKey: Buffer): AuthorityDocument | AuthorityFailure {
  const row = db.one(sql<{ document: string; signature: string }>`select document, signature from authority where signer_key = ${publicKey.toString('base64')}`);
  if (!row) return 'missing';
  if (!verifySignature(publicKey, Buffer.from(PAYLOAD_PREFIX + row.document, 'utf8'), Buffer.from(row.signature, 'base64'))) return 'badSignature';
  let doc: AuthorityDocument;
  try {
    doc = JSON.parse(row.document) as AuthorityDocument;
  } catch {
    return 'badSignature';
  }
  return doc.archiveId === archiveId ? doc : 'otherArchive';
}

/** Signing keys from a verified document (for audit verification): key id → user id. */
export function signingKeysOf(doc: AuthorityDocument): Map<string, string> {
  const keys = new Map<string, string>();
  for (const u of doc.users) for (const k of u.signingKeys) keys.set(k, u.id);
  return keys;
}

export function verifiedSigningKeys(db: ArchiveDb, archiveId: string, publicKey: Buffer): Map<string, string> | null {
  const doc = loadAuthority(db, archiveId, publicKey);
  return typeof doc === 'string' ? null : signingKeysOf(doc);
}

// ---- the chain of authority keys in the header ----

export function rotationMessage(archiveId: string, next: Buffer): Buffer {
  return Buffer.from(`${ROTATION_PREFIX}${archiveId}:${next.toString('base64')}`, 'utf8');
}

export function currentAuthorityKey(keys: AuthorityKeys): Buffer {
  return Buffer.from(keys.keys[keys.keys.length - 1]!.publicKey, 'base64');
}

/**
 * Whether the header's current authority key descends from `pinned` (the key an envelope
 * was written with): every key after it is signed by the one before. A key put in its
 * place by someone without the authority's private key breaks the chain.
 */
export function chainTrusts(keys: AuthorityKeys, archiveId: string, pinned: Buffer): boolean {
  const list = keys.keys.map((k) => ({ publicKey: Buffer.from(k.publicKey, 'base64'), signature: k.signature ? Buffer.from(k.signature, 'base64') : null }));
  const start = list.findIndex((k) => sameKey(k.publicKey, pinned));
  if (start < 0) return false;
  for (let i = start + 1; i < list.length; i++) {
    const { publicKey, signature } = list[i]!;
    if (!signature || !verifySignature(list[i - 1]!.publicKey, rotationMessage(archiveId, publicKey), signature)) return false;
  }
  return true;
}

// ---- comparing rows with the signed document ----

export interface AuthorityDifference {
  kind: 'user' | 'grant';
  id: string;
  /** The name as signed (users), for the report. */
  label: string;
  problem: 'changed' | 'added' | 'deleted';
  fields: string[];
}

const USER_FIELDS = ['username', 'role', 'clearance', 'department', 'active', 'removed', 'encryptionKey', 'signingKey', 'signingKeys'] as const;

/**
 * What differs between the rows and the signed document. Keys a user registered at their
 * first sign-in after a migration (signed document has none yet) are `pending`, not a difference.
 */
export function compareWithRows(signed: AuthorityDocument, rows: AuthorityDocument): { differences: AuthorityDifference[]; pending: string[] } {
  const differences: AuthorityDifference[] = [];
  const pending: string[] = [];
  const rowUsers = new Map(rows.users.map((u) => [u.id, u]));
  for (const s of signed.users) {
    const r = rowUsers.get(s.id);
    rowUsers.delete(s.id);
    if (!r) {
      differences.push({ kind: 'user', id: s.id, label: s.username, problem: 'deleted', fields: [] });
      continue;
    }
    const registering = s.encryptionKey === null && s.signingKey === null && r.encryptionKey !== null && r.signingKey !== null;
    const fields = USER_FIELDS.filter((f) => JSON.stringify(s[f]) !== JSON.stringify(r[f])).filter(
      (f) => !(registering && (f === 'encryptionKey' || f === 'signingKey' || f === 'signingKeys')),
    );
    if (registering) pending.push(s.id);
    if (fields.length) differences.push({ kind: 'user', id: s.id, label: s.username, problem: 'changed', fields });
  }
  for (const r of rowUsers.values()) differences.push({ kind: 'user', id: r.id, label: r.username, problem: 'added', fields: [] });
  const rowGrants = new Map(rows.grants.map((g) => [g.id, g]));
  for (const s of signed.grants) {
    const r = rowGrants.get(s.id);
    rowGrants.delete(s.id);
    if (!r) differences.push({ kind: 'grant', id: s.id, label: s.fileId, problem: 'deleted', fields: [] });
    else if (JSON.stringify(s) !== JSON.stringify(r))
      differences.push({
        kind: 'grant',
        id: s.id,
        label: s.fileId,
        problem: 'changed',
        fields: ['until', 'fileId', 'userId'].filter((f) => s[f as keyof AuthorityGrant] !== r[f as keyof AuthorityGrant]),
      });
  }
  for (const r of rowGrants.values()) differences.push({ kind: 'grant', id: r.id, label: r.fileId, problem: 'added', fields: [] });
  return { differences, pending };
}

/**
 * Puts the rows back to the signed values (users' authority fields, grants) and reports
 * what was found in the audit log, in the caller's transaction. Keys pending registration stay.
 */
export function repairRows(db: ArchiveDb, signed: AuthorityDocument, differences: AuthorityDifference[], actor: AuditActor, at: Date): void {
  const byId = new Map(signed.users.map((u) => [u.id, u]));
  const removedColumn = hasColumn(db, 'users', 'removed_at');
  for (const d of differences) {
    if (d.kind === 'user') {
      const s = byId.get(d.id);
      if (d.problem === 'added') {
        // A row nobody signed: it may be referenced by records, so it is disabled rather than deleted.
        db.run(sql`update users set active = 0 where id = ${d.id}`);
      } else if (s && d.problem === 'changed') {
        db.run(
          sql`update users set username = ${s.username}, role = ${s.role}, clearance = ${s.clearance}, department = ${s.department}, active = ${s.active ? 1 : 0} where id = ${d.id}`,
        );
        if (removedColumn && !s.removed) db.run(sql`update users set removed_at = null where id = ${d.id}`);
        if (removedColumn && s.removed) db.run(sql`update users set removed_at = coalesce(removed_at, ${at.toISOString()}) where id = ${d.id}`);
        if (d.fields.some((f) => f === 'encryptionKey' || f === 'signingKey' || f === 'signingKeys')) {
          db.run(sql`update users set encryption_key = ${s.encryptionKey}, signing_key = ${s.signingKey} where id = ${d.id}`);
          db.run(sql`delete from user_signing_keys where user_id = ${d.id}`);
          for (const [i, k] of s.signingKeys.entries())
            db.run(sql`insert or ignore into user_signing_keys (key_id, user_id, added_at) values (${k}, ${d.id}, ${String(i).padStart(6, '0')})`);
        }
      }
      // A deleted signed user stays deleted: nothing of theirs can be put back but their rights, which no row now claims.
    } else {
      const s = signed.grants.find((g) => g.id === d.id);
      if (d.problem === 'added') db.run(sql`delete from file_grants where id = ${d.id}`);
      else if (s && d.problem === 'changed') db.run(sql`update file_grants set file_id = ${s.fileId}, user_id = ${s.userId}, until = ${s.until} where id = ${d.id}`);
    }
  }
  appendAudit(db, actor, at, {
    action: 'authority.tampered',
    targetType: 'archive',
    targetId: signed.archiveId,
    targetLabel: null,
    details: { differences: differences.map((d) => ({ kind: d.kind, id: d.id, label: d.label, problem: d.problem, fields: d.fields })) },
  });
}

/** Whether the rows still say what was signed (pending key registrations aside). */
export function sameBody(a: AuthorityDocument, b: AuthorityDocument): boolean {
  return body(a) === body(b);
}

/** Records a user's signing key in the key history (the signed document lists it from then on). */
export function recordSigningKey(db: ArchiveDb, userId: string, keyId: string, at: Date): void {
  db.run(sql`insert or ignore into user_signing_keys (key_id, user_id, added_at) values (${keyId}, ${userId}, ${at.toISOString()})`);
}

export interface AuthorityReport {
  ok: boolean;
  /** Why no signed document applies, or null. */
  problem: AuthorityFailure | 'untrustedKey' | null;
  /** The signed document's sequence number (it grows with every change of authority). */
  seq: number | null;
  /** Rows that differ from the signed document now (they give no rights; the next write or unlock puts them back). */
  differences: AuthorityDifference[];
  /** Users whose public keys are registered but not signed yet (after a format-1 migration, until an administrator signs in). */
  pending: string[];
}

/** The state of the signed authority, for verification: does the document verify under a key descending from `pinned`, and do the rows match it. */
export function authorityReport(db: ArchiveDb, archiveId: string, keys: AuthorityKeys, pinned: Buffer): AuthorityReport {
  if (!chainTrusts(keys, archiveId, pinned)) return { ok: false, problem: 'untrustedKey', seq: null, differences: [], pending: [] };
  const doc = loadAuthority(db, archiveId, currentAuthorityKey(keys));
  if (typeof doc === 'string') return { ok: false, problem: doc, seq: null, differences: [], pending: [] };
  const { differences, pending } = compareWithRows(doc, documentFromRows(db, archiveId, doc.seq));
  const names = new Map(doc.users.map((u) => [u.id, u.username]));
  return { ok: differences.length === 0, problem: null, seq: doc.seq, differences, pending: pending.map((id) => names.get(id) ?? id) };
}
