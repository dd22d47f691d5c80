/**
 * Long commands (import, export) run as engine jobs: progress on stderr while they run, and
 * Ctrl+C cancels the job (the engine writes nothing for a cancelled job) instead of killing
 * the process halfway.
 */
import type { ArchiveSession } from '../db/archive.js';
import type { OpOutput } from '../shared/contract.js';
import type { Job, JobOperation } from '../shared/ops/jobs.js';
import { deserializeError } from '../shared/errors.js';
import type { CommandContext } from './command.js';
import { CancelledError } from './command.js';
import { progressBar } from './progress.js';

/** Aborts on Ctrl+C (SIGINT) or SIGTERM until disposed: one scope spans everything a command does. */
export function interruptScope(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => controller.abort();
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

export function showsProgress(ctx: CommandContext): boolean {
  return !ctx.json && process.stderr.isTTY === true;
}

/** Runs the operation as a job and waits for it; `interrupt` aborting cancels it (CancelledError). */
export async function runJob<N extends JobOperation>(ctx: CommandContext, session: ArchiveSession, operation: N, input: unknown, interrupt: AbortSignal): Promise<OpOutput<N>> {
  if (interrupt.aborted) throw new CancelledError();
  const bar = progressBar(ctx.m, showsProgress(ctx));
  let id: string | null = null;
  const off = session.jobs.on((job) => {
    if (job.id === id && job.state === 'running') bar.update(job);
  });
  const cancel = () => {
    if (id) session.jobs.cancel(id);
  };
  interrupt.addEventListener('abort', cancel);
  try {
    const started: Job = await session.call('jobs.start', { operation, input });
    id = started.id;
    if (interrupt.aborted) cancel();
    bar.update(started);
    const ended = await session.jobs.settled(id);
    bar.clear();
    if (ended.state === 'cancelled') throw new CancelledError();
    if (ended.state === 'failed') throw deserializeError(ended.error);
    return ended.result as OpOutput<N>;
  } finally {
    bar.clear();
    off();
    interrupt.removeEventListener('abort', cancel);
  }
}
