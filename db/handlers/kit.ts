/**
 * The shapes of handlers. A handler implements one operation of the contract; the engine
 * (db/archive.ts) validates the input, checks the capability and policy, opens the write
 * transaction and enforces the audit rule around it, so a handler only does the work.
 */
import type { KeyOperation, OperationName, OpOutput, OpParsedInput, Place, PublicOperation, SessionUser } from '../../shared/contract.js';
import type { ArchiveStatus } from '../../shared/ops/archive.js';
import type { JOB_PHASES } from '../../shared/ops/jobs.js';
import type { OperationContext } from '../context.js';
import type { KeySlot } from '../keys.js';

type JobPhase = (typeof JOB_PHASES)[number];

export type Handler<N extends OperationName> = (ctx: OperationContext, input: OpParsedInput<N>) => OpOutput<N>;

/** What a stage of a long operation gets: a cancel signal and a way to report progress. */
export interface JobControl {
  readonly signal: AbortSignal;
  progress(phase: JobPhase, done: number, total: number | null): void;
  /** Throws `job.cancelled` once cancel was asked: long synchronous loops call it between records. */
  checkCancelled(): void;
}

/** For calls that are not jobs: never cancelled, progress goes nowhere. */
export const DIRECT_CALL: JobControl = { signal: new AbortController().signal, progress: () => {}, checkCancelled: () => {} };

/**
 * An operation with asynchronous work outside its transaction: `prepare` runs before it
 * (e.g. parsing an uploaded .xlsx in a worker, or reading the rows of an export and building
 * its file; it may read the database, never write), `run` is the synchronous unit of work
 * inside the transaction, and `finish` turns run's result into the output after it. A job
 * cancelled before `run` writes nothing.
 */
export interface StagedHandler<N extends OperationName, P = undefined, R = OpOutput<N>, L = P> {
  readonly staged: true;
  /** `run` goes to a worker thread with a connection of its own (long imports); its input and prepared value must be cloneable. */
  inWorker?: boolean;
  prepare?: (ctx: OperationContext, input: OpParsedInput<N>, control: JobControl) => Promise<L>;
  /**
   * Turns what `prepare` loaded into what `run` needs, in the worker before its transaction
   * (parsing a workbook there, so the engine thread never holds or copies its rows).
   */
  prepareInWorker?: (loaded: L, input: OpParsedInput<N>, control: JobControl) => Promise<P>;
  run: (ctx: OperationContext, input: OpParsedInput<N>, prepared: P, control: JobControl) => R;
  finish?: (result: R, control: JobControl) => Promise<OpOutput<N>>;
}

export function staged<N extends OperationName, P = undefined, R = OpOutput<N>, L = P>(stages: Omit<StagedHandler<N, P, R, L>, 'staged'>): StagedHandler<N, P, R, L> {
  return { staged: true, ...stages };
}

/**
 * The key slots, for the operations declared `access: 'keys'` only. A slot change and the
 * database write that goes with it succeed or fail together.
 */
export interface KeyRing {
  /** Whether `password` opens the signed-in user's own slot. */
  opensOwnSlot(password: string): Promise<boolean>;
  /** A new slot wrapping the archive key under `password` for that user. */
  wrap(user: { id: string; username: string }, password: string): Promise<KeySlot>;
  /** Adds (or replaces, for the same user) a slot, together with `write` in one transaction. */
  putSlot(slot: KeySlot, write: () => void): void;
  /** Destroys a user's slot, together with `write` in one transaction. */
  dropSlot(userId: string, write: () => void): void;
}

export type KeyHandler<N extends OperationName> = (ctx: OperationContext, keys: KeyRing, input: OpParsedInput<N>) => Promise<OpOutput<N>>;

/** What the archive host offers the operations that run while the archive is locked. */
export interface HostContext {
  status(): ArchiveStatus;
  create(input: OpParsedInput<'archive.create'>): Promise<SessionUser & { recoveryKey: string }>;
  unlock(username: string, password: string): Promise<SessionUser>;
  lock(): void;
  recover(input: OpParsedInput<'archive.recover'>): Promise<OpOutput<'archive.recover'>>;
  rekey(): OpOutput<'archive.rekey'>;
  rekeyOutcome(jobId: string): OpOutput<'archive.rekeyOutcome'>;
  remember(place: Place): void;
}

export type PublicHandler<N extends OperationName> = (host: HostContext, input: OpParsedInput<N>) => Promise<OpOutput<N>> | OpOutput<N>;

/** The handler an operation needs, by its declared access. */
export type HandlerFor<N extends OperationName> = N extends PublicOperation
  ? PublicHandler<N>
  : N extends KeyOperation
    ? KeyHandler<N>
    : // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each staged handler is type-checked where `staged()` builds it
      Handler<N> | StagedHandler<N, any, any>;

/** Exactly one handler for each operation of an area's module. */
export type HandlersOf<Ops> = { [N in keyof Ops & OperationName]: HandlerFor<N> };
