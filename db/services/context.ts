import type { OperationName, OpOutput, OpParsedInput, SessionUser } from '../../shared/contract.js';
import { localDate } from '../../shared/domain/dates.js';
import { CONFIDENTIALITY } from '../../shared/domain/enums.js';
import type { Confidentiality } from '../../shared/domain/enums.js';
import { clearanceAllows } from '../../shared/domain/permissions.js';
import { appendAudit } from '../audit.js';
import type { AuditEvent } from '../audit.js';
import type { ArchiveDb } from '../connection.js';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** What every service gets: the connection, the signed-in user and the clock. */
export class ServiceContext {
  constructor(
    readonly db: ArchiveDb,
    readonly user: SessionUser,
    readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock();
  }

  today(): string {
    return localDate(this.clock());
  }

  audit(event: AuditEvent): void {
    appendAudit(this.db, { id: this.user.id, username: this.user.username }, this.clock(), event);
  }

  /** The one place need-to-know is applied to file queries: levels this user may see. */
  visibleLevels(): Confidentiality[] {
    return CONFIDENTIALITY.filter((level) => clearanceAllows(this.user.clearance, level));
  }

  canSee(level: Confidentiality): boolean {
    return clearanceAllows(this.user.clearance, level);
  }
}

export type Handler<N extends OperationName> = (ctx: ServiceContext, input: OpParsedInput<N>) => OpOutput<N>;

/**
 * An operation with asynchronous work outside its transaction: `prepare` runs before it
 * (e.g. parsing an uploaded .xlsx), `run` is the synchronous unit of work inside it, and
 * `finish` turns run's result into the output after it (e.g. writing an .xlsx). Neither
 * `prepare` nor `finish` touches the database.
 */
export interface StagedHandler<N extends OperationName, P = undefined, R = OpOutput<N>> {
  readonly staged: true;
  prepare?: (input: OpParsedInput<N>) => Promise<P>;
  run: (ctx: ServiceContext, input: OpParsedInput<N>, prepared: P) => R;
  finish?: (result: R) => Promise<OpOutput<N>>;
}

export function staged<N extends OperationName, P = undefined, R = OpOutput<N>>(stages: Omit<StagedHandler<N, P, R>, 'staged'>): StagedHandler<N, P, R> {
  return { staged: true, ...stages };
}
