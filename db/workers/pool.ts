/**
 * Runs tasks (db/workers/tasks.ts, operation.ts) in worker threads with a memory limit, and
 * ends one at once when the caller's signal aborts. Threads are kept warm for a while and
 * reused, one task at a time each: loading the code costs more than most tasks. A thread that
 * fails, runs out of memory or is cancelled mid-task is discarded, taking nothing else with it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * Tasks that load the OCR engine: PaddleOCR's onnxruntime sessions, opencv.js and the pixel
 * arrays of a page take hundreds of MB in their thread (README "OCR": measured RSS). Such a
 * thread serves the next OCR task while it comes soon (a job reads scan after scan, models
 * warm), is never the kept print thread, and is ended once OCR has been idle for
 * `ocrIdleMs`: ending the thread is what gives the memory back (disposing the sessions alone
 * would keep opencv.js and the heap); the next OCR task starts a thread and loads the models.
 */
const OCR_TASKS: ReadonlySet<string> = new Set(['ocr.scan']);
let ocrIdleMs = 60_000;

/** How long an OCR thread may stay idle (tests shorten it). */
export function setOcrIdleMs(ms: number): void {
  ocrIdleMs = ms;
}

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout | null;
  /** It has run OCR: its models are loaded. */
  ocr: boolean;
}

const idle: IdleWorker[] = [];
let nextId = 1;
/** While an archive is open one idle thread is kept (warmed) with no idle timeout: a print after a long pause is not a cold start. */
let keepOne = false;
/** A warm-up under way: tasks wait for its thread rather than start a cold one beside it. */
let warming: Promise<void> | null = null;

/**
 * An idle thread for `task`, else a new one. OCR goes to the thread that has its models loaded,
 * else to a spare that is not the kept print thread; other tasks never take an OCR thread
 * (their use would keep its memory).
 */
let nativesPinned = false;

/**
 * The native addons the workers use, loaded once on this thread before any worker starts: on
 * glibc Linux a worker that exits would otherwise unload libvips (sharp), skia (@napi-rs/canvas)
 * or onnxruntime while another thread still runs it, and the process dies of SIGSEGV (sharp's
 * documentation, "worker threads"). Idle OCR and checking threads are ended, so this matters.
 */
function pinNatives(): void {
  if (nativesPinned) return;
  nativesPinned = true;
  const require = createRequire(import.meta.url);
  for (const name of ['sharp', '@napi-rs/canvas', 'onnxruntime-node']) {
    try {
      require(name);
    } catch {
      // Missing here: the worker that needs it reports its own error.
    }
  }
}

function takeWorker(task: string): { worker: Worker; ocr: boolean } {
  const ocrTask = OCR_TASKS.has(task);
  let at = -1;
  for (let i = idle.length - 1; i >= 0 && at < 0; i--) if (ocrTask ? idle[i]!.ocr : !idle[i]!.ocr) at = i;
  if (at < 0 && ocrTask) for (let i = idle.length - 1; i >= 0 && at < 0; i--) if (idle[i]!.timer !== null) at = i;
  if (at >= 0) {
    const [spare] = idle.splice(at, 1);
    if (spare!.timer) clearTimeout(spare!.timer);
    spare!.worker.ref();
    return { worker: spare!.worker, ocr: spare!.ocr || ocrTask };
  }
  pinNatives();
  return { worker: new Worker(entry(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB } }), ocr: ocrTask };
}

function giveBack(worker: Worker, ocr: boolean): void {
  if (idle.length >= IDLE_WORKERS) {
    // An OCR thread between two scans of a job is worth more than a spare that is not kept.
    const spare = ocr ? idle.findIndex((w) => w.timer !== null && !w.ocr) : -1;
    if (spare < 0) {
      void worker.terminate();
      return;
    }
    const [dropped] = idle.splice(spare, 1);
    clearTimeout(dropped!.timer!);
    void dropped!.worker.terminate();
  }
  // An idle thread never keeps the process alive.
  worker.unref();
  const kept = !ocr && keepOne && !idle.some((w) => w.timer === null);
  idle.push({ worker, timer: kept ? null : expiry(worker, ocr ? ocrIdleMs : IDLE_MS), ocr });
}

function expiry(worker: Worker, ms = IDLE_MS): NodeJS.Timeout {
  const timer = setTimeout(() => {
    const at = idle.findIndex((w) => w.worker === worker);
    if (at >= 0) idle.splice(at, 1);
    void worker.terminate();
  }, ms);
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

/** Idle threads, how many of them are kept with no timeout and how many hold the OCR models (tests, the bench). */
export function poolState(): { idle: number; kept: number; ocr: number; warming: boolean } {
  return { idle: idle.length, kept: idle.filter((w) => w.timer === null).length, ocr: idle.filter((w) => w.ocr).length, warming: warming !== null };
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
    const { worker, ocr } = takeWorker(task);
    let settled = false;
    const finish = (fn: () => void, reuse: boolean) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reuse) giveBack(worker, ocr);
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
