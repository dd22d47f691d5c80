/** Which file a history row or an audit entry is about: its content is sealed like the file's (db/levelKeys.ts). */
import { sql } from 'kysely';
import type { ArchiveDb } from './connection.js';

/** The file a history entity belongs to (files: itself; items: by their origin id). */
export function fileOfHistory(db: ArchiveDb, type: string, id: string): string | null {
  if (type === 'file') return id;
  if (type === 'item') return db.one(sql<{ fileId: string }>`select file_id from file_items where origin_id = ${id} or id = ${id} limit 1`)?.fileId ?? null;
  return null;
}

/** The file an audit entry is about (as the audit log's need-to-know filter reads it), if any. */
export function fileOfAuditTarget(db: ArchiveDb, targetType: string, targetId: string | null | undefined): string | null {
  if (!targetId) return null;
  if (targetType === 'file') return targetId;
  if (targetType === 'item') return db.one(sql<{ fileId: string }>`select file_id from file_items where id = ${targetId}`)?.fileId ?? null;
  if (targetType === 'handover') return db.one(sql<{ fileId: string | null }>`select file_id from handovers where id = ${targetId}`)?.fileId ?? null;
  if (targetType === 'loan') return db.one(sql<{ fileId: string }>`select file_id from loans where id = ${targetId}`)?.fileId ?? null;
  return null;
}
