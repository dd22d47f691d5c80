/**
 * An export whose file could not be written: `export.create` audited the plaintext leaving
 * the engine, and the transport that was to write it (the command line) records that it
 * never reached its file, so the trail does not claim a file that does not exist.
 */
import { appendAudit } from '../audit.js';
import type { AuditSigner } from '../audit.js';
import type { ArchiveDb } from '../connection.js';
import type { SessionUser } from '../../shared/contract.js';
import type { ExportList } from '../../shared/ops/export.js';

export interface FailedExport {
  list: ExportList;
  fileName: string;
  rows: number;
  /** Why (an errno code such as EACCES, or `cancelled`). */
  reason: string;
}

export function auditExportFailed(session: { db: ArchiveDb; user: SessionUser; signer?: AuditSigner | null }, failed: FailedExport, now: Date = new Date()): void {
  const { db, user } = session;
  db.transaction(() =>
    appendAudit(db, { id: user.id, username: user.username, signer: session.signer ?? null }, now, {
      action: 'export.failed',
      targetType: failed.list === 'clients' ? 'client' : failed.list === 'files' ? 'file' : failed.list === 'handovers' ? 'handover' : failed.list === 'audit' ? 'archive' : 'loan',
      targetId: null,
      targetLabel: failed.fileName,
      details: { list: failed.list, rows: failed.rows, reason: failed.reason },
    }),
  );
}
