/**
 * Runs a task of db/workers/tasks.ts in its own worker thread with a memory limit, and
 * ends it at once when the caller's signal aborts. One worker per task: the tasks are
 * large (seconds), so starting a thread costs little beside them, and a task that runs out
 * of memory takes nothing else with it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DossierError } from '../../shared/errors.js';
import type { TaskArgs, TaskName, TaskValue } from './tasks.js';

let workerEntry: string | undefined;

/** Bundled builds ship the worker as a file of their own and say where it is. */
export function useWorkerEntry(file: string | undefined): void {
  workerEntry = file;
}

/**
 * Where the worker's code is: a bundle ships `worker.mjs` beside itself (dist-cli/,
 * dist-electron/); a source checkout runs db/workers/dev-entry.mjs through tsx.
 */
function entry(): string {
  if (workerEntry) return workerEntry;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, 'worker.mjs'), path.join(here, 'dev-entry.mjs')]) if (existsSync(candidate)) return candidate;
  throw new DossierError('internal', {}, 'worker entry not found');
}

export interface TaskOptions {
  signal?: AbortSignal;
  /** Heap limit of the worker (MiB). */
  memoryMb?: number;
}

export function runTask<N extends TaskName>(task: N, args: TaskArgs<N>, options: TaskOptions = {}): Promise<TaskValue<N>> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new DossierError('job.cancelled'));
    const worker = new Worker(entry(), {
      workerData: { task, args },
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb ?? 1024 },
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      finish(() => reject(new DossierError('job.cancelled')));
      void worker.terminate();
    };
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', (message: { done: boolean; result?: TaskValue<N>; error?: string }) => {
      finish(() => (message.done ? resolve(message.result!) : reject(new DossierError('internal', {}, message.error))));
      void worker.terminate();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      // A hostile or huge file costs its own worker, never the engine.
      finish(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new DossierError('import.tooLarge', { maxMb: options.memoryMb ?? 1024 }) : err));
    });
    worker.on('exit', (code) => finish(() => reject(new DossierError('internal', {}, `worker exited with ${code}`))));
  });
}
