/**
 * Runs tasks (db/workers/tasks.ts, operation.ts) in worker threads with a memory limit, and
 * ends one at once when the caller's signal aborts. Threads are kept warm for a while and
 * reused, one task at a time each: loading the code costs more than most tasks. A thread that
 * fails, runs out of memory or is cancelled mid-task is discarded, taking nothing else with it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DossierError, deserializeError } from '../../shared/errors.js';
import type { SerializedError } from '../../shared/errors.js';
import type { OperationRunArgs, WorkerMessage, WorkerRequest } from './protocol.js';
import type { TaskArgs, TaskName, TaskValue } from './tasks.js';

/**
 * Where the worker's code is: a bundle ships `worker.mjs` beside itself (dist-cli/,
 * dist-electron/); a source checkout runs db/workers/dev-entry.mjs through tsx.
 */
let workerEntry: string | undefined;

function entry(): string {
  if (workerEntry) return workerEntry;
  const here = path.dirname(fileURLToPath(import.meta.url));
  workerEntry = [path.join(here, 'worker.mjs'), path.join(here, 'dev-entry.mjs')].find((candidate) => existsSync(candidate));
  if (!workerEntry) throw new DossierError('internal', {}, 'worker entry not found');
  return workerEntry;
}

export interface TaskOptions {
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number | null) => void;
  /**
   * Cancel by asking (the task checks and rolls back its transaction) instead of ending the
   * thread: for tasks that write.
   */
  cooperative?: boolean;
}

/** The light tasks of tasks.ts, and the engine's transactions (operation.ts, not imported here: it is the whole engine). */
type AnyTask = TaskName | 'operation.run';
type ArgsOf<N extends AnyTask> = N extends TaskName ? TaskArgs<N> : OperationRunArgs;
type ValueOf<N extends AnyTask> = N extends TaskName ? TaskValue<N> : unknown;

/** Heap limit of each worker thread (MiB). */
const WORKER_MEMORY_MB = 1536;
const IDLE_WORKERS = 2;
const IDLE_MS = 60_000;

const idle: { worker: Worker; timer: NodeJS.Timeout | null }[] = [];
let nextId = 1;
/** While an archive is open one idle thread is kept (warmed) with no idle timeout: a print after a long pause is not a cold start. */
let keepOne = false;
/** A warm-up under way: tasks wait for its thread rather than start a cold one beside it. */
let warming: Promise<void> | null = null;

function takeWorker(): Worker {
  const spare = idle.pop();
  if (spare) {
    if (spare.timer) clearTimeout(spare.timer);
    spare.worker.ref();
    return spare.worker;
  }
  return new Worker(entry(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB } });
}

function giveBack(worker: Worker): void {
  if (idle.length >= IDLE_WORKERS) {
    void worker.terminate();
    return;
  }
  // An idle thread never keeps the process alive.
  worker.unref();
  const kept = keepOne && !idle.some((w) => w.timer === null);
  idle.push({ worker, timer: kept ? null : expiry(worker) });
}

function expiry(worker: Worker): NodeJS.Timeout {
  const timer = setTimeout(() => {
    const at = idle.findIndex((w) => w.worker === worker);
    if (at >= 0) idle.splice(at, 1);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  return timer;
}

/**
 * Warms a worker thread for printing (fonts read, the PDF and barcode code compiled: the
 * 'print.warm' task) and keeps it until `coolDown`. Called when an archive is unlocked; it
 * runs in the background and never fails the caller.
 */
export function warmUp(): Promise<void> {
  keepOne = true;
  if (warming) return warming;
  const run = runTask('print.warm', {}).then(
    () => undefined,
    () => undefined,
  );
  warming = run.finally(() => {
    warming = null;
  });
  return warming;
}

/** The archive is locked: the kept thread expires like any idle one. */
export function coolDown(): void {
  keepOne = false;
  for (const entry of idle) if (entry.timer === null) entry.timer = expiry(entry.worker);
}

/** Idle threads, and how many of them are kept with no timeout (tests, the bench). */
export function poolState(): { idle: number; kept: number; warming: boolean } {
  return { idle: idle.length, kept: idle.filter((w) => w.timer === null).length, warming: warming !== null };
}

/** Ends every idle thread (the print bench's cold start). */
export async function endIdleWorkers(): Promise<void> {
  const all = idle.splice(0);
  await Promise.all(all.map(({ worker, timer }) => (timer && clearTimeout(timer), worker.terminate())));
}

export function runTask<N extends AnyTask>(task: N, args: ArgsOf<N>, options: TaskOptions = {}): Promise<ValueOf<N>> {
  // The warm-up's own task runs while `warming` is still unset.
  if (warming) return warming.then(() => runTask(task, args, options));
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new DossierError('job.cancelled'));
    const id = nextId++;
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const worker = takeWorker();
    let settled = false;
    const finish = (fn: () => void, reuse: boolean) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reuse) giveBack(worker);
      else void worker.terminate();
      fn();
    };
    const onAbort = () => {
      if (options.cooperative) Atomics.store(cancelFlag, 0, 1);
      else finish(() => reject(new DossierError('job.cancelled')), false);
    };
    const onMessage = (message: WorkerMessage & { id: number }) => {
      if (message.id !== id) return;
      if (message.type === 'progress') return options.onProgress?.(message.phase, message.done, message.total);
      finish(() => (message.type === 'done' ? resolve(message.result as ValueOf<N>) : reject(workerError(message.error, message.message))), true);
    };
    // A hostile or huge file costs its own worker, never the engine.
    const onError = (err: Error & { code?: string }) =>
      finish(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new DossierError('import.tooComplex', { maxMb: WORKER_MEMORY_MB }) : err), false);
    const onExit = (code: number) => finish(() => reject(new DossierError('internal', {}, `worker exited with ${code}`)), false);
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, task, args, cancelFlag } satisfies WorkerRequest);
  });
}

function workerError(error: SerializedError, message: string): DossierError {
  const err = deserializeError(error);
  return err.code === 'internal' ? new DossierError('internal', {}, message) : err;
}
