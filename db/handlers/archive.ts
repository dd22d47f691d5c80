import type { archiveOps } from '../../shared/ops/archive.js';
import type { HandlersOf } from './kit.js';

/** The handlers of the `archive.*` operations: they run on the archive host, before any session. */
export const archiveHandlers = {
  'archive.status': (host) => host.status(),
  'archive.create': (host, input) => host.create(input),
  'archive.recover': (host, input) => host.recover(input),
  'archive.rekey': (host) => host.rekey(),
  'archive.rekeyOutcome': (host, input) => host.rekeyOutcome(input.jobId),
} satisfies HandlersOf<typeof archiveOps>;
