/**
 * The session's jobs as the tray and the screens see them: started here (jobs.start), then
 * kept current by the engine's events. A job's own words (which file, which list) are kept
 * beside it, since the engine's job carries only its operation.
 */
import { create } from 'zustand';
import { DossierError } from '../../../shared/errors.js';
import type { Job, JobOperation } from '../../../shared/ops/jobs.js';
import { api } from '../api.js';
import { subscribe } from '../events.js';

export interface JobMeta {
  /** e.g. the imported file's name or the exported list. */
  subject?: string;
}

interface JobsState {
  jobs: Record<string, Job>;
  meta: Record<string, JobMeta>;
  open: boolean;
  setOpen(open: boolean): void;
  upsert(job: Job): void;
  start(operation: JobOperation, input: unknown, meta?: JobMeta): Promise<Job>;
  cancel(id: string): Promise<void>;
  clear(): void;
}

const FINAL = new Set(['done', 'failed', 'cancelled']);
export const isFinished = (job: Job): boolean => FINAL.has(job.state);

export const useJobs = create<JobsState>()((set, get) => ({
  jobs: {},
  meta: {},
  open: false,
  setOpen(open) {
    set({ open });
  },
  upsert(job) {
    set((s) => {
      const known = s.jobs[job.id];
      // A late progress event never takes a finished job back to running.
      if (known && isFinished(known) && !isFinished(job)) return s;
      return { jobs: { ...s.jobs, [job.id]: job } };
    });
  },
  async start(operation, input, meta) {
    const job = await api.call('jobs.start', { operation, input });
    if (meta) set((s) => ({ meta: { ...s.meta, [job.id]: meta } }));
    get().upsert(job);
    return job;
  },
  async cancel(id) {
    get().upsert(await api.call('jobs.cancel', { id }));
  },
  clear() {
    set({ jobs: {}, meta: {}, open: false });
  },
}));

/** Newest first. */
export function jobList(jobs: Record<string, Job>): Job[] {
  return Object.values(jobs).sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : b.id.localeCompare(a.id)));
}

const SAFETY_POLL_MS = 1500;

/** Resolves with the job once it has ended (done, failed or cancelled). */
export function whenFinished(id: string): Promise<Job> {
  return new Promise((resolve) => {
    // Events carry the end; an occasional look of its own covers a dropped event stream.
    const timer = setInterval(() => {
      api.call('jobs.get', { id }).then(useJobs.getState().upsert, () => undefined);
    }, SAFETY_POLL_MS);
    const check = (state: JobsState) => {
      const job = state.jobs[id];
      if (!job || !isFinished(job)) return false;
      off();
      clearInterval(timer);
      resolve(job);
      return true;
    };
    const off = useJobs.subscribe(check);
    check(useJobs.getState());
  });
}

/** A finished job's output, or its error thrown as the engine's DossierError. */
export function jobOutcome<T>(job: Job): T {
  if (job.state === 'done') return job.result as T;
  throw new DossierError((job.error?.code ?? 'internal') as never, job.error?.params ?? {});
}

/** Keeps the store current while a session is open; returns the stop function. */
export function followJobs(onLocked: () => void): () => void {
  const { upsert } = useJobs.getState();
  void api
    .call('jobs.list')
    .then((jobs) => jobs.forEach(upsert))
    .catch(() => undefined);
  return subscribe((event) => {
    if (event.type === 'job') upsert(event.job);
    else onLocked();
  });
}
