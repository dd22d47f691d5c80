/**
 * The worker thread's side: runs the tasks it is sent, one at a time, each reporting
 * progress and answering with its result or its error. The engine keeps a few of these
 * threads warm (db/workers/pool.ts), so a task pays for loading the code only once.
 */
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../shared/errors.js';
import type { TaskContext, WorkerMessage, WorkerRequest } from './protocol.js';
import { tasks } from './tasks.js';
import type { TaskName } from './tasks.js';

type Runner = (args: never, ctx: TaskContext) => Promise<unknown>;

async function runnerOf(task: TaskName | 'operation.run'): Promise<Runner> {
  if (task in tasks) return tasks[task as TaskName] as Runner;
  // The whole engine, loaded the first time a transaction runs here.
  const { operationTasks } = await import('./operation.js');
  return operationTasks[task as keyof typeof operationTasks] as Runner;
}

parentPort!.on('message', async ({ id, task, args, cancelFlag }: WorkerRequest) => {
  const post = (message: WorkerMessage) => parentPort!.postMessage({ id, ...message });
  const ctx: TaskContext = {
    progress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
    cancelled: () => Atomics.load(cancelFlag, 0) === 1,
  };
  try {
    post({ type: 'done', result: await (await runnerOf(task as TaskName | 'operation.run'))(args as never, ctx) });
  } catch (err) {
    post({ type: 'error', error: serializeError(err), message: err instanceof Error ? err.message : String(err) });
  }
});
