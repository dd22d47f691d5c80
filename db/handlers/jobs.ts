import type { jobsOps } from '../../shared/ops/jobs.js';
import type { HandlersOf } from './kit.js';

/** The handlers of the `jobs.*` operations: the session's own jobs. */
export const jobsHandlers = {
  'jobs.start': (ctx, input) => ctx.jobs.start(input.operation, input.input),
  'jobs.list': (ctx) => ctx.jobs.list(),
  'jobs.get': (ctx, input) => ctx.jobs.get(input.id),
  'jobs.cancel': (ctx, input) => ctx.jobs.cancel(input.id),
} satisfies HandlersOf<typeof jobsOps>;
