/**
 * The audit trail: one row per change, written by the handler inside the same transaction
 * as the change. Rows are hash-chained (each hash covers the previous one), so an edit or
 * deletion made behind the engine's back shows up in `verifyAuditChain`.
 */
import { createHash } from 'node:crypto';
import type { AuditAction } from '../shared/contract.js';
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

export interface AuditActor {
  id: string | null;
  username: string;
}

type AuditFields = Omit<AuditLogRow, 'seq' | 'hash' | 'prevHash'>;

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

export function appendAudit(db: ArchiveDb, actor: AuditActor, at: Date, event: AuditEvent): number {
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
    details: canonical(event.details ?? {}),
  };
  db.run(db.k.insertInto('audit_log').values({ seq, ...row, prevHash, hash: auditHash(prevHash, seq, row) }));
  return seq;
}

export function verifyAuditChain(db: ArchiveDb): { ok: boolean; entries: number; brokenAtSeq: number | null } {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  // Read raw (not through the name mapping), row by row: the chain may be long.
  const rows = db.sqlite.prepare('select * from audit_log order by seq').iterate() as IterableIterator<StoredFields & { seq: number; hash: string; prev_hash: string }>;
  for (const row of rows) {
    const { seq, hash, prev_hash, ...fields } = row;
    if (seq !== expectedSeq || prev_hash !== prevHash || storedHash(prevHash, seq, fields) !== hash) {
      return { ok: false, entries, brokenAtSeq: seq };
    }
    prevHash = hash;
    expectedSeq++;
    entries++;
  }
  return { ok: true, entries, brokenAtSeq: null };
}
