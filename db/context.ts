import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import type { SessionUser } from '../shared/contract.js';
import type { Job, JobOperation } from '../shared/ops/jobs.js';
import { localDate } from '../shared/domain/dates.js';
import { CONFIDENTIALITY } from '../shared/domain/enums.js';
import type { Confidentiality } from '../shared/domain/enums.js';
import { clearanceAllows } from '../shared/domain/permissions.js';
import { appendAudit } from './audit.js';
import { fileOfAuditTarget } from './fileOfTarget.js';
import type { AuditEvent, AuditSigner } from './audit.js';
import type { AuditChainAccess } from './anchors.js';
import type { ArchiveDb } from './connection.js';

export type Clock = () => Date;

/** The session's jobs as the `jobs.*` handlers see them. */
export interface SessionJobs {
  start(operation: JobOperation, input: unknown): Job;
  list(): Job[];
  get(id: string): Job;
  cancel(id: string): Job;
}

export const systemClock: Clock = () => new Date();

/** What every handler and record function gets: the connection, the signed-in user and the clock. */
export class OperationContext {
  constructor(
    readonly db: ArchiveDb,
    readonly user: SessionUser,
    readonly clock: Clock,
    /** The session's jobs, for the `jobs.*` operations. */
    readonly jobs: SessionJobs,
    /** Whether per-file grants widen what this call sees (see `grantsWiden`): a write finds no granted file. */
    readonly grantsApply = false,
  ) {}

  /** What verifying the audit chain needs beyond the database (set by the session; none in workers). */
  chain: AuditChainAccess | null = null;

  /** The signed-in user's signing key: every entry this context audits is signed with it. */
  signer: AuditSigner | null = null;

  now(): Date {
    return this.clock();
  }

  today(): string {
    return localDate(this.clock());
  }

  audit(event: AuditEvent): void {
    // The details of an entry about a 机密/绝密 file are sealed under its key, like the file (db/levelKeys.ts).
    const fileId = fileOfAuditTarget(this.db, event.targetType, event.targetId);
    const seal = fileId ? (text: string) => this.db.content.seal(fileId, text) : undefined;
    appendAudit(this.db, { id: this.user.id, username: this.user.username, signer: this.signer }, this.clock(), event, seal);
  }

  /**
   * The 32-byte content key of a 机密/绝密 file (db/sealed.ts), null for a file that is not
   * sealed (普通/内部); throws `file.keyUnavailable` when sealed and this session holds no key
   * for it. See /tmp/work/LEVELKEYS-API.md.
   */
  fileKey(fileId: string): Buffer | null {
    return this.db.content.current(fileId)?.key ?? null;
  }

  /** The one place need-to-know is applied to file queries: levels this user may see. */
  visibleLevels(): Confidentiality[] {
    return CONFIDENTIALITY.filter((level) => clearanceAllows(this.user.clearance, level));
  }

  canSee(level: Confidentiality): boolean {
    return clearanceAllows(this.user.clearance, level);
  }

  /**
   * The one need-to-know predicate of file rows, for SQL: the file's level is within the
   * user's clearance, or (for reads) an administrator granted this user this file until a
   * date not yet past by the engine's clock. `id` and `level` name the row's columns.
   */
  fileVisible(id: string, level: string): RawBuilder<SqlBool> {
    const levels = this.visibleLevels();
    const byLevel = sql<SqlBool>`${sql.ref(level)} in (${sql.join(levels)})`;
    if (!this.grantsApply || levels.length === CONFIDENTIALITY.length) return byLevel;
    return sql<SqlBool>`(${byLevel} or ${sql.ref(id)} in (select g.file_id from file_grants g where g.user_id = ${this.user.id} and g.until >= ${this.today()}))`;
  }
}
