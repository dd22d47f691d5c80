/**
 * The jobs tray: a header button with the number of running jobs opens a panel of this
 * session's jobs (running and finished), each with its phase, a progress bar, cancel (after
 * the application's own confirmation) and, once finished, its result or its error.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DossierError } from '../../../shared/errors.js';
import type { ImportReport } from '../../../shared/ops/import.js';
import type { ExportFile } from '../../../shared/ops/export.js';
import type { Job } from '../../../shared/ops/jobs.js';
import { isPrintOperation } from '../../../shared/ops/print.js';
import type { PrintFile } from '../../../shared/ops/print.js';
import type { ScanVerifyReport } from '../../../shared/ops/scans.js';
import { formatDateTime } from '../format.js';
import { useErrorText } from '../hooks.js';
import { isFinished, jobList, useJobs } from '../stores/jobs.js';
import { saveExport } from '../streams.js';
import { ConfirmDialog } from './ui.js';
import './Jobs.css';

/** An import's report in one sentence (the wizard's own words). */
export function importSummary(t: TFunction, report: ImportReport): string {
  return report.dryRun
    ? t('ui.import.checked', {
        total: report.totalRows,
        good: report.goodRows,
        bad: report.badRows,
        clients: report.created.clients,
        files: report.created.files,
        items: report.created.items,
      })
    : t('ui.import.imported', { clients: report.created.clients, files: report.created.files, items: report.created.items, bad: report.badRows });
}

/** A bar and the phase in words: determinate once the amount of work is known. */
export function JobProgressBar({ job }: { job: Job }) {
  const { t } = useTranslation();
  const { phase, done, total } = job.progress;
  const known = total !== null && total > 0;
  return (
    <div className="job-progress" data-testid="job-progress" data-phase={phase}>
      <span className="job-phase">{t(`ui.jobs.phase.${phase}`)}</span>
      {job.state === 'running' ? <progress max={known ? total : undefined} value={known ? Math.min(done, total) : undefined} aria-label={t(`ui.jobs.phase.${phase}`)} /> : null}
      {job.state === 'running' && (done > 0 || known) ? (
        <span className="job-count muted small">{known ? t('ui.jobs.progress', { done, total }) : t('ui.jobs.progressUnknown', { done })}</span>
      ) : null}
    </div>
  );
}

/** Cancel for a running job, behind a confirmation. */
export function CancelJobButton({ job, testId = 'job-cancel' }: { job: Job; testId?: string }) {
  const { t } = useTranslation();
  const cancel = useJobs((s) => s.cancel);
  const [asking, setAsking] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorText = useErrorText();
  if (job.state !== 'running') return null;
  return (
    <>
      <button type="button" className="btn btn-small" disabled={cancelling} onClick={() => setAsking(true)} data-testid={testId}>
        {cancelling ? t('ui.jobs.cancelling') : t('ui.jobs.cancel')}
      </button>
      {error ? <span className="field-problem">{errorText(error)}</span> : null}
      {asking ? (
        <ConfirmDialog
          title={t('ui.jobs.cancelTitle')}
          body={t('ui.jobs.cancelBody')}
          confirmLabel={t('ui.jobs.cancelConfirm')}
          cancelLabel={t('ui.jobs.keepRunning')}
          danger
          onClose={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            setCancelling(true);
            cancel(job.id)
              .catch(setError)
              .finally(() => setCancelling(false));
          }}
        />
      ) : null}
    </>
  );
}

/** Download of a finished export. */
export function DownloadButton({ job }: { job: Job }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<unknown>(null);
  const file = job.result as Partial<ExportFile> | undefined;
  return (
    <>
      <button type="button" className="btn btn-small btn-link" onClick={() => saveExport(job).then(() => setError(null), setError)} data-testid="job-download">
        {t('ui.jobs.download', { fileName: file?.fileName ?? '' })}
      </button>
      {error ? <span className="field-problem">{errorText(error)}</span> : null}
    </>
  );
}

/** What a finished job came to: its result, or its error in the user's language. */
export function JobOutcome({ job }: { job: Job }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (job.state === 'running') return null;
  if (job.state !== 'done') {
    const error = new DossierError((job.error?.code ?? 'internal') as never, job.error?.params ?? {});
    return (
      <div className={`job-outcome ${job.state === 'cancelled' ? 'job-cancelled' : 'job-failed'}`} data-testid="job-outcome" role={job.state === 'failed' ? 'alert' : undefined}>
        {errorText(error)}
      </div>
    );
  }
  if (isPrintOperation(job.operation)) {
    const file = job.result as Partial<PrintFile> | undefined;
    return (
      <div className="job-outcome job-done" data-testid="job-outcome">
        <span>{t('ui.jobs.printed', { count: file?.pages ?? 0 })}</span> <DownloadButton job={job} />
      </div>
    );
  }
  if (job.operation === 'export.create') {
    const file = job.result as Partial<ExportFile> | undefined;
    return (
      <div className="job-outcome job-done" data-testid="job-outcome">
        <span>{t('ui.jobs.exported', { rows: file?.rows ?? 0 })}</span> <DownloadButton job={job} />
      </div>
    );
  }
  if (job.operation === 'scans.verify') {
    const report = job.result as ScanVerifyReport;
    return (
      <div className={`job-outcome ${report.problems.length ? 'job-failed' : 'job-done'}`} data-testid="job-outcome">
        {report.problems.length ? t('ui.scanVerify.trayProblems', { count: report.blobs, problems: report.problems.length }) : t('ui.scanVerify.tray', { count: report.blobs })}
      </div>
    );
  }
  return (
    <div className="job-outcome job-done" data-testid="job-outcome">
      {importSummary(t, job.result as ImportReport)}
    </div>
  );
}

function JobRow({ job }: { job: Job }) {
  const { t } = useTranslation();
  const subject = useJobs((s) => s.meta[job.id]?.subject);
  return (
    <li className={`job job-${job.state}`} data-testid="job-row" data-state={job.state} data-operation={job.operation}>
      <div className="job-head">
        <span className="job-title">
          {t(`ui.jobs.operations.${job.operation}`)}
          {subject ? <span className="job-subject"> · {subject}</span> : null}
        </span>
        <span className={`badge job-state-${job.state}`} data-testid="job-state">
          {t(`ui.jobs.state.${job.state}`)}
        </span>
      </div>
      <div className="muted small">{t('ui.jobs.startedAt', { time: formatDateTime(job.startedAt) })}</div>
      {job.state === 'running' ? (
        <div className="job-running">
          <JobProgressBar job={job} />
          <CancelJobButton job={job} />
        </div>
      ) : (
        <JobOutcome job={job} />
      )}
    </li>
  );
}

/** The header button and, while open, the panel. */
export function JobsTray() {
  const { t } = useTranslation();
  const jobs = useJobs((s) => s.jobs);
  const open = useJobs((s) => s.open);
  const setOpen = useJobs((s) => s.setOpen);
  const list = jobList(jobs);
  const running = list.filter((j) => !isFinished(j)).length;
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Esc or a click elsewhere closes the panel (not while a confirmation above it is open).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) setOpen(false);
    };
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (panel.current?.contains(target) || button.current?.contains(target)) return;
      if ((target as Element).closest?.('dialog')) return;
      setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, [open, setOpen]);

  return (
    <div className="jobs-tray">
      <button
        ref={button}
        type="button"
        className={`btn btn-small jobs-button${running ? ' jobs-busy' : ''}`}
        title={t('ui.jobs.buttonTitle')}
        aria-expanded={open}
        aria-controls="jobs-panel"
        onClick={() => setOpen(!open)}
        data-testid="jobs-button"
      >
        {t('ui.jobs.button')}
        {running ? (
          <span className="jobs-count" data-testid="jobs-running-count" aria-label={t('ui.jobs.running', { count: running })}>
            {running}
          </span>
        ) : null}
      </button>
      {open ? (
        <div ref={panel} id="jobs-panel" className="jobs-panel" role="region" aria-label={t('ui.jobs.title')} data-testid="jobs-panel">
          <div className="jobs-panel-head">
            <h2>{t('ui.jobs.title')}</h2>
            <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
              {t('ui.jobs.close')}
            </button>
          </div>
          {list.length === 0 ? (
            <p className="muted small" data-testid="jobs-empty">
              {t('ui.jobs.empty')}
            </p>
          ) : (
            <ul className="jobs-list">
              {list.map((job) => (
                <JobRow key={job.id} job={job} />
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** A job's progress and cancel where it was started (the wizard, an export button). */
export function InlineJob({ id }: { id: string | null }) {
  const job = useJobs((s) => (id ? s.jobs[id] : undefined));
  if (!job || job.state !== 'running') return null;
  return (
    <div className="inline-job" data-testid="inline-job">
      <JobProgressBar job={job} />
      <CancelJobButton job={job} testId="inline-job-cancel" />
    </div>
  );
}
