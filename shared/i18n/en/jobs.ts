import type { jobsUi as zhJobsUi } from '../zh-CN/jobs.js';

/** English: the jobs tray (long work running in the background) and confirmations. */
export const jobsUi: typeof zhJobsUi = {
  jobs: {
    button: 'Tasks',
    buttonTitle: 'Background tasks: running and finished',
    running: '{{count}} running',
    title: 'Background tasks',
    empty: 'No background tasks in this session yet.',
    close: 'Close',
    cancel: 'Cancel task',
    cancelling: 'Cancelling…',
    cancelTitle: 'Cancel this task?',
    cancelBody: 'The task stops and everything it did so far is rolled back; nothing is written.',
    cancelConfirm: 'Cancel task',
    keepRunning: 'Keep running',
    download: 'Download {{fileName}}',
    exported: '{{rows}} rows exported',
    startedAt: 'started {{time}}',
    progress: '{{done}} / {{total}}',
    progressUnknown: '{{done}} so far',
    operations: {
      import: { check: 'Import dry run', run: 'Import' },
      export: { create: 'Export' },
    },
    phase: {
      start: 'Preparing',
      read: 'Reading the file',
      check: 'Checking the data',
      write: 'Writing to the archive',
      build: 'Building the file',
      done: 'Done',
    },
    state: {
      running: 'Running',
      done: 'Done',
      failed: 'Failed',
      cancelled: 'Cancelled',
    },
    uploading: 'Uploading the file…',
  },
  confirm: {
    title: 'Please confirm',
    ok: 'OK',
  },
};
