/**
 * Audited views: showing a 机密/绝密 file leaves an audit row. Reads declare it on their
 * operation (`view` in shared/ops/kit.ts) and the engine calls `recordViews` with their
 * output; an operation that shows files some other way (a print building its PDF inside a
 * write) calls `auditViews` itself inside its transaction.
 */
import type { AuditAction } from '../shared/contract.js';
import { viewIsAudited } from '../shared/domain/permissions.js';
import type { ViewedFile } from '../shared/ops/kit.js';
import type { OperationContext } from './context.js';

/** Appends one `action` row per file whose level is audited on view; returns how many. Call inside a write transaction. */
export function auditViews(ctx: OperationContext, action: AuditAction, files: readonly ViewedFile[], details: Record<string, unknown> = {}): number {
  let written = 0;
  for (const file of files) {
    if (!viewIsAudited(file.confidentiality)) continue;
    ctx.audit({ action, targetType: 'file', targetId: file.id, targetLabel: file.archiveNo, details: { confidentiality: file.confidentiality, ...details } });
    written++;
  }
  return written;
}

/** Whether any of these files needs a view audit (so a read of ordinary files opens no write transaction). */
export function needsViewAudit(files: readonly ViewedFile[]): boolean {
  return files.some((f) => viewIsAudited(f.confidentiality));
}
