/** The worker thread's side: runs one task and posts its result (or its error) back. */
import { parentPort, workerData } from 'node:worker_threads';
import { tasks } from './tasks.js';
import type { TaskName } from './tasks.js';

const { task, args } = workerData as { task: TaskName; args: never };
try {
  const result = await tasks[task](args);
  parentPort!.postMessage({ done: true, result });
} catch (err) {
  parentPort!.postMessage({ done: false, error: err instanceof Error ? err.message : String(err) });
}
