/** Messages between the engine and its worker threads. */
import type { SessionOperation, SessionUser } from '../../shared/contract.js';
import type { SerializedError } from '../../shared/errors.js';

export interface WorkerRequest {
  id: number;
  task: string;
  args: unknown;
  /** Set to 1 by the engine to ask a cooperative task to stop. */
  cancelFlag: Int32Array;
}

export type WorkerMessage =
  { type: 'progress'; phase: string; done: number; total: number | null } | { type: 'done'; result: unknown } | { type: 'error'; error: SerializedError; message: string };

/** What a task gets besides its arguments. */
export interface TaskContext {
  progress(phase: string, done: number, total: number | null): void;
  /** True once the caller asked to cancel; a task that writes checks it and rolls back. */
  cancelled(): boolean;
}

/** The transaction of a long operation, run on a worker's own connection (db/workers/operation.ts). */
export interface OperationRunArgs {
  operation: SessionOperation;
  /** Parsed and authorised by the session before the job started. */
  input: unknown;
  prepared: unknown;
  dbFile: string;
  key: Uint8Array;
  /** Level keys and file keys the session holds (db/sealed.ts): sealed content is sealed and opened in the worker too. */
  archiveId?: string;
  levelKeys?: { level: 'confidential' | 'top_secret'; key: Uint8Array }[];
  fileKeys?: { id: string; key: Uint8Array }[];
  user: SessionUser;
  /** The session's time when the work began: one timestamp for every record it writes. */
  now: string;
  write: boolean | 'bulk';
  /** The user's signing key (raw Ed25519 seed and its key id), so the worker's audit entries are signed too. */
  signing?: { keyId: string; seed: Uint8Array } | null;
}
