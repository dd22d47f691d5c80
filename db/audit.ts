/**
 * The audit trail: one row per change, written by the handler inside the same transaction
 * as the change. Rows are hash-chained (each hash covers its number, the previous hash and the
 * row as stored) and, from the signing era on, each hash is signed with the acting user's
 * Ed25519 key. `verifyAuditChain` walks the whole chain and lists every break it finds.
 */
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { AuditAction } from '../shared/contract.js';
import { codeMatchesHash } from '../shared/domain/anchorCode.js';
import type { AnchorCode } from '../shared/domain/anchorCode.js';
import type { ChainBreakKind } from '../shared/ops/auditChain.js';
import type { ArchiveDb } from './connection.js';
import type { AuditLogRow } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  /** Typed from the contract: an operation's name or an action it declares. */
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  targetLabel?: string | null;
  details?: Record<string, unknown>;
}

/** Signs entries for the session that writes them (the acting user's Ed25519 private key). */
export interface AuditSigner {
  /** Names the public key in the users' table that verifies these signatures. */
  keyId: string;
  sign(message: Buffer): Buffer;
}

export interface AuditActor {
  id: string | null;
  username: string;
  /** The writing session's key; absent only where no user key exists (archives before signing). */
  signer?: AuditSigner | null;
}

type AuditFields = Omit<AuditLogRow, 'seq' | 'hash' | 'prevHash' | 'signature' | 'signerKey'>;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** A row as SQLite stores it: the hash covers the column names, so it never depends on code names. */
interface StoredFields {
  at: string;
  user_id: string | null;
  username: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  details: string;
}

function stored(row: AuditFields): StoredFields {
  return {
    at: row.at,
    user_id: row.userId,
    username: row.username,
    action: row.action,
    target_type: row.targetType,
    target_id: row.targetId,
    target_label: row.targetLabel,
    details: row.details,
  };
}

function storedHash(prevHash: string, seq: number, row: StoredFields): string {
  const body = canonical({ seq, ...row });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export function auditHash(prevHash: string, seq: number, row: AuditFields): string {
  return storedHash(prevHash, seq, stored(row));
}

/** What a signature covers: the entry's hash (which covers its number, row and predecessor). */
export function signedMessage(hash: string): Buffer {
  return Buffer.from(`dossier-audit-entry:v1:${hash}`, 'utf8');
}

/** `seal` stores the details sealed (an entry about a 机密/绝密 file, db/levelKeys.ts); the hash covers them as stored. */
export function appendAudit(db: ArchiveDb, actor: AuditActor, at: Date, event: AuditEvent, seal?: (text: string) => string): number {
  const last = db.one(db.k.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1));
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: AuditFields = {
    at: at.toISOString(),
    userId: actor.id,
    username: actor.username,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    targetLabel: event.targetLabel ?? null,
    details: seal ? seal(canonical(event.details ?? {})) : canonical(event.details ?? {}),
  };
  const hash = auditHash(prevHash, seq, row);
  const signer = hasSignatureColumns(db) ? (actor.signer ?? null) : null;
  if (!signer) {
    db.run(db.k.insertInto('audit_log').values({ seq, ...row, prevHash, hash }));
    return seq;
  }
  const signature = signer.sign(signedMessage(hash)).toString('base64');
  db.run(db.k.insertInto('audit_log').values({ seq, ...row, prevHash, hash, signature, signerKey: signer.keyId }));
  return seq;
}

const signatureColumns = new WeakMap<ArchiveDb, boolean>();

/** Whether the schema has reached signed entries (only tests of old archives write to an older one). */
function hasSignatureColumns(db: ArchiveDb): boolean {
  let known = signatureColumns.get(db);
  if (known === undefined) {
    known = (db.sqlite.prepare('select count(*) as n from pragma_table_info(?) where name = ?').get('audit_log', 'signature') as { n: number }).n === 1;
    // Remembered only once true: a session's migrations may add the columns after its first row.
    if (known) signatureColumns.set(db, known);
  }
  return known;
}

export type BreakKind = ChainBreakKind;

export interface ChainBreak {
  kind: BreakKind;
  seq: number;
  /** The last entry of a run of the same break, when it spans several. */
  toSeq: number | null;
}

export interface AnchorCheck {
  source: 'given' | 'remembered';
  count: number;
  /** When the remembered anchor was taken; null for a typed code. */
  at: string | null;
  /** matches: the anchor's entry is in the chain unchanged (the chain may have grown since). */
  result: 'matches' | 'truncated' | 'rewritten';
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first break's entry (kept for older callers), or null. */
  brokenAtSeq: number | null;
  breaks: ChainBreak[];
  /** Breaks beyond the listed ones (the list is capped). */
  moreBreaks: number;
  signedEntries: number;
  /** Unsigned entries from before signing began (archives made by an earlier engine): accepted, reported. */
  beforeSigning: number;
  head: { count: number; hash: string };
  anchors: AnchorCheck[];
}

/** An anchor to verify against: a remembered one (full hash) or a typed code (50 bits of it). */
export type AnchorInput = { source: 'remembered'; count: number; head: string; at: string; signedFrom: number | null } | { source: 'given'; code: AnchorCode };

export interface VerifyOptions {
  /** The public key that verifies a signer key id, and whose it is; null when unknown. */
  publicKey?: (keyId: string) => { userId: string; key: KeyObject } | null;
  anchors?: AnchorInput[];
  /**
   * The archive signs its entries (its verified authority document lists signing keys): a chain
   * without a single signed entry was stripped of its signatures and rewritten.
   */
  signingExpected?: boolean;
  /** Called every few thousand entries (a job's cancel check). */
  onRows?: (done: number) => void;
}

interface RawRow extends StoredFields {
  seq: number;
  hash: string;
  prev_hash: string;
  signature: string | null;
  signer_key: string | null;
}

/** What the walk concluded about the previous row, so a break is reported once, not again by its neighbour. */
type RowFlag = 'ok' | 'reordered' | 'other';

const MAX_LISTED_BREAKS = 500;
/** How far a renumbered entry's number may have moved and still be recognised as the same entry. */
const MAX_SHIFT = 16;

class BreakList {
  readonly list: ChainBreak[] = [];
  more = 0;

  add(kind: BreakKind, seq: number, toSeq: number | null = null): void {
    const last = this.list[this.list.length - 1];
    // Runs of one kind are one break: 'edited 4–9', not six.
    if (last && last.kind === kind && (last.toSeq ?? last.seq) + 1 === seq) {
      last.toSeq = toSeq ?? seq;
      return;
    }
    // Two anchors finding the same cut say it once.
    if (this.list.some((b) => b.kind === kind && b.seq === seq && (b.toSeq ?? b.seq) === (toSeq ?? seq))) return;
    if (this.list.length >= MAX_LISTED_BREAKS) {
      this.more++;
      return;
    }
    this.list.push({ kind, seq, toSeq: toSeq !== null && toSeq !== seq ? toSeq : null });
  }

  /** Drops what was already said about entries an insertion now explains. */
  dropWithin(from: number, to: number): void {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const b = this.list[i]!;
      if (b.seq >= from && (b.toSeq ?? b.seq) <= to && b.kind !== 'deleted') this.list.splice(i, 1);
    }
  }
}

/**
 * Walks the whole chain (row by row: it may be long) and lists every break: missing, edited,
 * inserted, renumbered and reordered entries, signatures that fail, unsigned entries after
 * signing began, and, against each anchor given, a truncated or rewritten chain.
 */
export function verifyAuditChain(db: ArchiveDb, options: VerifyOptions = {}): AuditVerification {
  const breaks = new BreakList();
  const anchors = options.anchors ?? [];
  const remembered = anchors.find((a) => a.source === 'remembered');
  let byHash: Map<string, number> | null = null;
  // Where an entry's predecessor hash stands in the table (found only when a link is broken).
  const seqOfHash = (hash: string): number | undefined => {
    if (!byHash) {
      byHash = new Map();
      for (const r of db.sqlite.prepare('select seq, hash from audit_log').iterate() as IterableIterator<{ seq: number; hash: string }>) byHash.set(r.hash, r.seq);
    }
    return byHash.get(hash);
  };

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let prevOriginal = 0;
  let prevFlag: RowFlag = 'ok';
  let entries = 0;
  let signedEntries = 0;
  let beforeSigning = 0;
  let signingBegan = false;
  let last: { seq: number; hash: string } | null = null;
  let firstSeq = 0;
  const rows = db.sqlite.prepare('select * from audit_log order by seq').iterate() as IterableIterator<RawRow>;
  for (const row of rows) {
    const { seq, hash, prev_hash, signature, signer_key, ...fields } = row;
    let flag: RowFlag = 'ok';
    let explained = false;
    if (seq > expectedSeq) {
      breaks.add('deleted', expectedSeq, seq - 1);
      explained = true;
    }
    // The number the entry was written with: its own, or a nearby one if entries were renumbered.
    let original: number | null = storedHash(prev_hash, seq, fields) === hash ? seq : null;
    for (let d = 1; original === null && d <= MAX_SHIFT; d++) {
      if (seq - d >= 1 && storedHash(prev_hash, seq - d, fields) === hash) original = seq - d;
      else if (storedHash(prev_hash, seq + d, fields) === hash) original = seq + d;
    }
    if (original === null) {
      breaks.add('edited', seq);
      flag = 'other';
    } else if (prev_hash !== prevHash && !explained) {
      const at = prev_hash === GENESIS_HASH ? 0 : seqOfHash(prev_hash);
      if (at === undefined) {
        if (original > prevOriginal + 1) {
          // The entries between were deleted and the rest renumbered down.
          breaks.add('deleted', prevOriginal + 1, original - 1);
        } else {
          // The entry before was rewritten (its hash recomputed), so this one no longer links to it.
          breaks.add('edited', seq - 1);
        }
        flag = 'other';
      } else if (at > seq || (prevFlag === 'reordered' && original !== seq)) {
        breaks.add('reordered', seq);
        flag = 'reordered';
      } else if (prevFlag === 'reordered') {
        // Links to an entry that was moved: the move is already reported.
      } else if (at < seq - 1) {
        breaks.dropWithin(at + 1, seq - 1);
        breaks.add('inserted', at + 1, seq - 1);
        flag = 'other';
      } else {
        breaks.add('edited', seq - 1);
        flag = 'other';
      }
    }
    if (original !== null && original !== seq && flag !== 'reordered') breaks.add('renumbered', seq);

    // Signatures: every entry from the first signed one on (or from the remembered anchor's) is signed.
    if (signature != null && signer_key != null) {
      signingBegan = true;
      signedEntries++;
      const signer = options.publicKey?.(signer_key) ?? null;
      if (!signer || (row.user_id !== null && signer.userId !== row.user_id)) breaks.add('unknownSigner', seq);
      else if (!safeVerify(signer.key, hash, signature)) breaks.add('badSignature', seq);
    } else if (signingBegan || (remembered?.source === 'remembered' && remembered.signedFrom !== null && seq >= remembered.signedFrom)) {
      breaks.add('unsigned', seq);
    } else {
      beforeSigning++;
    }

    prevHash = hash;
    prevOriginal = original ?? seq;
    prevFlag = flag;
    expectedSeq = seq + 1;
    entries++;
    if (entries % 5000 === 0) options.onRows?.(entries);
    last = { seq, hash };
    if (firstSeq === 0) firstSeq = seq;
  }
  if (!last) breaks.add('empty', 0);
  else if (options.signingExpected && signedEntries === 0) {
    breaks.add('unsigned', firstSeq, last.seq);
    beforeSigning = 0;
  }

  const checks: AnchorCheck[] = [];
  for (const anchor of anchors) {
    const count = anchor.source === 'given' ? anchor.code.count : anchor.count;
    if (count === 0) {
      checks.push({ source: anchor.source, count, at: anchor.source === 'remembered' ? anchor.at : null, result: 'matches' });
      continue;
    }
    const atAnchor = db.sqlite.prepare('select hash from audit_log where seq = ?').get(count) as { hash: string } | undefined;
    let result: AnchorCheck['result'];
    if (!atAnchor && (last?.seq ?? 0) < count) {
      result = 'truncated';
      breaks.add('truncated', (last?.seq ?? 0) + 1, count);
    } else if (!atAnchor || !(anchor.source === 'given' ? codeMatchesHash(anchor.code, atAnchor.hash) : atAnchor.hash === anchor.head)) {
      result = 'rewritten';
      breaks.add('rewritten', count);
    } else {
      result = 'matches';
    }
    checks.push({ source: anchor.source, count, at: anchor.source === 'remembered' ? anchor.at : null, result });
  }

  const list = breaks.list;
  return {
    ok: list.length === 0,
    entries,
    brokenAtSeq: list.length ? Math.max(1, list[0]!.seq) : null,
    breaks: list,
    moreBreaks: breaks.more,
    signedEntries,
    beforeSigning,
    head: last ? { count: last.seq, hash: last.hash } : { count: 0, hash: GENESIS_HASH },
    anchors: checks,
  };
}

function safeVerify(key: KeyObject, hash: string, signature: string): boolean {
  try {
    return verifySignature(null, signedMessage(hash), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The public keys that verify signatures: trusted key ids (base64 of the raw 32-byte Ed25519
 * key, as the authority-signed users' document lists them) and whose they are.
 */
export function publicKeys(trusted: ReadonlyMap<string, string> | null): (keyId: string) => { userId: string; key: KeyObject } | null {
  const cache = new Map<string, KeyObject>();
  return (keyId) => {
    const userId = trusted?.get(keyId);
    if (!userId) return null;
    let key = cache.get(keyId);
    if (!key) {
      const raw = Buffer.from(keyId, 'base64');
      if (raw.length !== 32) return null;
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
      cache.set(keyId, key);
    }
    return { userId, key };
  };
}
