/**
 * The jobs of one session: operations started in the background, their progress and their
 * end. A job's work is the same call a direct invocation makes (validated and authorised
 * before the job exists), run with a cancel signal and a progress reporter. Listeners (the
 * transports) are told of every change, progress at most every 100 ms per job.
 */
import { randomUUID } from 'node:crypto';
import { DossierError, serializeError } from '../shared/errors.js';
import type { Job, JobOperation, JobProgress } from '../shared/ops/jobs.js';
import type { Clock } from './context.js';
import type { JobControl } from './handlers/kit.js';

export type JobWork = (control: JobControl) => Promise<unknown>;
export type JobListener = (job: Job) => void;

interface Entry {
  job: Job;
  controller: AbortController;
  /** A rekey: it closes the session itself and must not be cut off half-way by that close or a cancel. */
  uncancellable: boolean;
  lastEmit: number;
  done: Promise<void>;
}

/** Finished jobs kept for the tray: the newest this many. */
const KEEP_FINISHED = 50;

export class JobBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<JobListener>();

  constructor(
    private readonly username: string,
    private readonly clock: Clock,
  ) {}

  start(operation: JobOperation, work: JobWork, options: { uncancellable?: boolean } = {}): Job {
    const controller = new AbortController();
    const job: Job = {
      id: randomUUID(),
      operation,
      state: 'running',
      progress: { phase: 'start', done: 0, total: null },
      username: this.username,
      startedAt: this.clock().toISOString(),
      finishedAt: null,
      error: null,
    };
    const entry: Entry = { job, controller, uncancellable: options.uncancellable === true, lastEmit: 0, done: Promise.resolve() };
    this.entries.set(job.id, entry);
    const control: JobControl = {
      signal: controller.signal,
      progress: (phase, done, total) => this.progress(entry, { phase, done, total }),
      checkCancelled: () => {
        if (controller.signal.aborted) throw new DossierError('job.cancelled');
      },
    };
    this.emit(entry);
    entry.done = work(control).then(
      (result) => this.end(entry, controller.signal.aborted ? { state: 'cancelled', error: new DossierError('job.cancelled') } : { state: 'done', result }),
      (err: unknown) =>
        this.end(
          entry,
          controller.signal.aborted || (err instanceof DossierError && err.code === 'job.cancelled')
            ? { state: 'cancelled', error: new DossierError('job.cancelled') }
            : { state: 'failed', error: err },
        ),
    );
    this.prune();
    return this.snapshot(entry);
  }

  list(): Job[] {
    return [...this.entries.values()].map((e) => this.snapshot(e)).reverse();
  }

  get(id: string): Job {
    return this.snapshot(this.entry(id));
  }

  /** Cancels a running job: it stops at its next check and writes nothing; an ended job is returned as it is. */
  cancel(id: string): Job {
    const entry = this.entry(id);
    if (entry.job.state === 'running' && !entry.uncancellable) entry.controller.abort();
    return this.snapshot(entry);
  }

  /** Resolves when the job has ended (tests and the CLI wait for it). */
  async settled(id: string): Promise<Job> {
    const entry = this.entry(id);
    await entry.done;
    return this.snapshot(entry);
  }

  on(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The session is closing: every running job is cancelled. */
  cancelAll(): void {
    for (const entry of this.entries.values()) if (entry.job.state === 'running' && !entry.uncancellable) entry.controller.abort();
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new DossierError('job.notFound');
    return entry;
  }

  private progress(entry: Entry, progress: JobProgress): void {
    if (entry.job.state !== 'running') return;
    const phaseChanged = progress.phase !== entry.job.progress.phase;
    entry.job = { ...entry.job, progress };
    const now = Date.now();
    if (phaseChanged || now - entry.lastEmit >= 100) this.emit(entry);
  }

  private end(entry: Entry, outcome: { state: 'done'; result: unknown } | { state: 'failed' | 'cancelled'; error: unknown }): void {
    const finishedAt = this.clock().toISOString();
    entry.job =
      outcome.state === 'done'
        ? { ...entry.job, state: 'done', finishedAt, result: outcome.result, progress: { ...entry.job.progress, phase: 'done' } }
        : { ...entry.job, state: outcome.state, finishedAt, error: serializeError(outcome.error) };
    this.emit(entry);
  }

  private emit(entry: Entry): void {
    entry.lastEmit = Date.now();
    const job = this.snapshot(entry);
    for (const listener of this.listeners) listener(job);
  }

  private snapshot(entry: Entry): Job {
    return { ...entry.job };
  }

  private prune(): void {
    const finished = [...this.entries.values()].filter((e) => e.job.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.entries.delete(entry.job.id);
  }
}
