/**
 * Long work as jobs (任务): an operation that may take seconds (an import, an export, later
 * printing, scans and OCR) can be started as a job that answers at once with its id, reports
 * progress while it runs and can be cancelled at any point, leaving nothing half-written.
 */
import { z } from 'zod';
import { Id, op } from './kit.js';
import { PRINT_OPERATIONS } from './print.js';
import { LABEL_PRINT_OPERATIONS } from '../domain/labels.js';

/** The operations that may run as jobs. Called directly, they run the same way and answer when done. */
export const JOB_OPERATIONS = [
  'import.check',
  'import.run',
  'export.create',
  ...PRINT_OPERATIONS,
  ...LABEL_PRINT_OPERATIONS,
  'scans.add',
  'scans.verify',
  'archive.rekey',
  'ocr.run',
] as const;
export type JobOperation = (typeof JOB_OPERATIONS)[number];

export const JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
/** Phases a job reports (labels: `ui.jobs.phase.*`); `recognize`: OCR reading a scan's text (not a file read). */
export const JOB_PHASES = ['start', 'read', 'recognize', 'check', 'write', 'build', 'done'] as const;

export const JobProgress = z.object({
  phase: z.enum(JOB_PHASES),
  done: z.number().int().min(0),
  /** null while the amount of work is not known yet. */
  total: z.number().int().min(0).nullable(),
});

export const Job = z.object({
  id: Id,
  operation: z.enum(JOB_OPERATIONS),
  state: z.enum(JOB_STATES),
  progress: JobProgress,
  username: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The operation's output, once done. */
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).nullable(),
});

export const jobsOps = {
  /** Validates and authorises the operation at once (a refusal is the start's error), then runs it in the background. */
  'jobs.start': op(z.object({ operation: z.enum(JOB_OPERATIONS), input: z.unknown() }), Job),
  /** This session's jobs, newest first. */
  'jobs.list': op(z.object({}).default({}), z.array(Job)),
  'jobs.get': op(z.object({ id: Id }), Job),
  'jobs.cancel': op(z.object({ id: Id }), Job),
} as const;

export type Job = z.output<typeof Job>;
export type JobProgress = z.output<typeof JobProgress>;
