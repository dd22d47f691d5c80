/**
 * The audit trail: one row per change, written by the handler inside the same transaction
 * as the change. Rows are hash-chained (each hash covers the previous one), so an edit or
 * deletion made behind the engine's back shows up in `verifyAuditChain`.
 */
import { createHash } from 'node:crypto';
import type { AuditAction } from '../shared/contract.js';
import type { ArchiveDb } from './connection.js';
import type { AuditLogTable } from './schema.js';

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

type AuditFields = Omit<AuditLogTable, 'seq' | 'hash' | 'prev_hash'>;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, seq: number, row: AuditFields): string {
  const body = canonical({ seq, ...row });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export function appendAudit(db: ArchiveDb, actor: AuditActor, at: Date, event: AuditEvent): number {
  const last = db.one(db.k.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1));
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: AuditFields = {
    at: at.toISOString(),
    user_id: actor.id,
    username: actor.username,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId ?? null,
    target_label: event.targetLabel ?? null,
    details: canonical(event.details ?? {}),
  };
  db.run(db.k.insertInto('audit_log').values({ seq, ...row, prev_hash: prevHash, hash: auditHash(prevHash, seq, row) }));
  return seq;
}

export function verifyAuditChain(db: ArchiveDb): { ok: boolean; entries: number; brokenAtSeq: number | null } {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (const row of db.sqlite.prepare('select * from audit_log order by seq').iterate() as IterableIterator<AuditLogTable & { seq: number }>) {
    const { seq, hash, prev_hash, ...fields } = row;
    if (seq !== expectedSeq || prev_hash !== prevHash || auditHash(prevHash, seq, fields) !== hash) {
      return { ok: false, entries, brokenAtSeq: seq };
    }
    prevHash = hash;
    expectedSeq++;
    entries++;
  }
  return { ok: true, entries, brokenAtSeq: null };
}
