/** The audit rule, enforced around every write wherever it runs (engine thread or worker). */
import { DossierError } from '../shared/errors.js';
import type { ArchiveDb } from './connection.js';

function lastAuditSeq(db: ArchiveDb): number {
  return db.one(db.k.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')))?.seq ?? 0;
}

/** A write that did not log itself (exactly once, unless bulk) throws, so its transaction rolls back. */
export function auditedWrite<T>(db: ArchiveDb, bulk: boolean, fn: () => T): T {
  const before = lastAuditSeq(db);
  const result = fn();
  const added = lastAuditSeq(db) - before;
  if (bulk ? added < 1 : added !== 1) throw new DossierError('internal', {}, `write left ${added} audit rows`);
  return result;
}
