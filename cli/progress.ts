/**
 * A job's progress as one line on stderr, redrawn in place: only when stderr is a terminal
 * and the output is not --json (scripts and pipes get nothing extra).
 */
import type { Job } from '../shared/ops/jobs.js';
import type { CliMessages } from './messages.js';

export interface ProgressBar {
  update(job: Job): void;
  /** Removes the line (before the command's own output). */
  clear(): void;
}

const WIDTH = 24;
const SILENT: ProgressBar = { update: () => {}, clear: () => {} };

export function progressBar(m: CliMessages, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!enabled) return SILENT;
  let drawn = false;
  return {
    update(job) {
      const { phase, done, total } = job.progress;
      const share = total ? Math.min(1, done / total) : null;
      const bar = share === null ? '·'.repeat(WIDTH) : '#'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '-');
      const count = total ? ` ${done}/${total}` : '';
      stream.write(`\r\x1b[2K[${bar}] ${m.phase[phase]}${count}${share === null ? '' : ` ${Math.round(share * 100)}%`}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
