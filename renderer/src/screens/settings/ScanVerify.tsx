/**
 * 扫描件完整性检查: an administrator re-reads every stored scan (scans.verify as a job, with
 * progress and cancel) and sees what is missing, damaged or orphaned, by file and item, with
 * what each means and what to do. The latest check of the session stays shown when the
 * settings are opened again, its job being kept in the jobs store.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Job } from '../../../../shared/ops/jobs.js';
import type { ScanVerifyReport } from '../../../../shared/ops/scans.js';
import { api } from '../../api.js';
import { CancelJobButton } from '../../components/Jobs.js';
import { ErrorLine } from '../../components/ui.js';
import { formatDateTime } from '../../format.js';
import { useAction } from '../../hooks.js';
import { jobList, jobOutcome, useJobs, whenFinished } from '../../stores/jobs.js';
import { useNav } from '../../stores/nav.js';

type Problem = ScanVerifyReport['problems'][number];
type Kind = Problem['problem'];
const KINDS: readonly Kind[] = ['missing', 'corrupt', 'orphaned'];

/** Bytes in the size a person reads (KB below a megabyte). */
function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** Counts of each kind of problem in a report. */
function problemCounts(report: ScanVerifyReport): Record<Kind, number> {
  const counts: Record<Kind, number> = { missing: 0, corrupt: 0, orphaned: 0 };
  for (const p of report.problems) counts[p.problem]++;
  return counts;
}

const storedFileName = (blobId: string) => `${blobId}.blob`;

export function ScanVerifySettings() {
  const { t } = useTranslation();
  const action = useAction();
  // The newest check of this session (jobList is newest first).
  const job = useJobs((s) => jobList(s.jobs).find((j) => j.operation === 'scans.verify'));
  const status = useRef<HTMLDivElement>(null);
  const wasRunning = useRef(job?.state === 'running');

  // Focus follows the check: to its progress when it starts, to its result when it ends
  // (the start button disappears under the keyboard otherwise).
  useEffect(() => {
    const running = job?.state === 'running';
    if (running !== wasRunning.current && job) status.current?.focus();
    wasRunning.current = running;
  }, [job]);

  async function start() {
    await action.run(async () => {
      const started = await useJobs.getState().start('scans.verify', { dryRun: false });
      // Events carry the end; this also looks now and then in case the event stream drops.
      void whenFinished(started.id);
    });
  }

  const running = job?.state === 'running';
  return (
    <section className="settings-section scan-verify" aria-labelledby="scan-verify-title" data-testid="scan-verify">
      <h2 id="scan-verify-title">{t('ui.scanVerify.title')}</h2>
      <p className="muted">{t('ui.scanVerify.intro')}</p>
      <ErrorLine error={action.error} />
      <div ref={status} tabIndex={-1} className="scan-verify-status" data-testid="scan-verify-status">
        {running ? <VerifyProgress job={job} /> : job ? <VerifyOutcome job={job} /> : null}
      </div>
      {running ? null : (
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={action.busy} onClick={() => void start()} data-testid="scan-verify-start">
            {action.busy ? t('ui.scanVerify.starting') : job ? t('ui.scanVerify.again') : t('ui.scanVerify.start')}
          </button>
        </div>
      )}
    </section>
  );
}

function VerifyProgress({ job }: { job: Job }) {
  const { t } = useTranslation();
  const { done, total } = job.progress;
  const known = total !== null && total > 0;
  return (
    <div className="scan-verify-progress" role="status" data-testid="scan-verify-progress">
      <progress max={known ? total : undefined} value={known ? Math.min(done, total) : undefined} aria-label={t('ui.scanVerify.progressLabel')} />
      <span data-testid="scan-verify-count">{t('ui.scanVerify.running', { done, total: total ?? 0 })}</span>
      <CancelJobButton job={job} testId="scan-verify-cancel" />
    </div>
  );
}

function VerifyOutcome({ job }: { job: Job }) {
  const { t } = useTranslation();
  if (job.state === 'cancelled') {
    return (
      <p className="msg" role="status" data-testid="scan-verify-cancelled">
        {t('ui.scanVerify.cancelled')}
      </p>
    );
  }
  let report: ScanVerifyReport;
  try {
    report = jobOutcome<ScanVerifyReport>(job);
  } catch (error) {
    return (
      <div data-testid="scan-verify-failed">
        {t('ui.scanVerify.failed')} <ErrorLine error={error} />
      </div>
    );
  }
  return <VerifyReport report={report} finishedAt={job.finishedAt} />;
}

function VerifyReport({ report, finishedAt }: { report: ScanVerifyReport; finishedAt: string | null }) {
  const { t } = useTranslation();
  const counts = problemCounts(report);
  const inbox = useInboxIds(report);
  const damaged = counts.missing + counts.corrupt;
  const summary =
    report.blobs === 0 && report.problems.length === 0
      ? t('ui.scanVerify.empty')
      : report.problems.length === 0
        ? t('ui.scanVerify.allIntact', { count: report.blobs, size: formatSize(report.bytes) })
        : t('ui.scanVerify.problems', { count: report.blobs, ok: report.ok, ...counts });
  return (
    <div className="scan-verify-report" data-testid="scan-verify-report">
      <p className={`msg ${damaged ? 'msg-error' : counts.orphaned ? 'msg-warn' : 'msg-ok'}`} role="status" data-testid="scan-verify-summary">
        {summary}
      </p>
      {finishedAt ? <p className="muted small">{t('ui.scanVerify.checkedAt', { time: formatDateTime(finishedAt) })}</p> : null}
      {KINDS.map((kind) =>
        counts[kind] ? <ProblemSection key={kind} kind={kind} problems={report.problems.filter((p) => p.problem === kind)} removed={report.removedOrphans} inbox={inbox} /> : null,
      )}
    </div>
  );
}

/** Which of the report's scans without an archive number are in the inbox (the others are in files above the user's clearance). */
function useInboxIds(report: ScanVerifyReport): Set<string> {
  const [ids, setIds] = useState<Set<string>>(new Set());
  const unnamed = report.problems.some((p) => p.scans.some((s) => s.archiveNo === null));
  useEffect(() => {
    if (!unnamed) return;
    let live = true;
    api.call('scans.inbox', {}).then(
      (scans) => live && setIds(new Set(scans.map((s) => s.id))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [unnamed]);
  return ids;
}

function ProblemSection({ kind, problems, removed, inbox }: { kind: Kind; problems: Problem[]; removed: number; inbox: Set<string> }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const titleId = `scan-verify-${kind}-title`;
  return (
    <section className={`scan-verify-problems scan-verify-${kind}`} aria-labelledby={titleId} data-testid={`scan-verify-${kind}`}>
      <h3 id={titleId}>{t(`ui.scanVerify.${kind}.title`, { count: problems.length })}</h3>
      <p>{t(`ui.scanVerify.${kind}.meaning`)}</p>
      <p className="scan-verify-todo">
        {kind === 'orphaned' ? (removed ? t('ui.scanVerify.orphaned.removed', { count: removed }) : t('ui.scanVerify.orphaned.kept')) : t(`ui.scanVerify.${kind}.todo`)}
      </p>
      <table className="table table-compact">
        <thead>
          <tr>
            {kind === 'orphaned' ? null : (
              <>
                <th scope="col">{t('ui.scanVerify.archiveNo')}</th>
                <th scope="col">{t('ui.scanVerify.item')}</th>
                <th scope="col">{t('ui.scanVerify.scan')}</th>
              </>
            )}
            <th scope="col">{t('ui.scanVerify.storedFile')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.flatMap((p) =>
            (p.scans.length ? p.scans : [null]).map((scan) => (
              <tr key={`${p.blobId}:${scan?.id ?? ''}`} data-testid="scan-verify-row" data-problem={kind}>
                {kind === 'orphaned' ? null : (
                  <>
                    <td data-testid="scan-verify-archive-no">
                      {scan?.archiveNo ? (
                        <button
                          type="button"
                          className="link mono"
                          onClick={() => go({ name: 'file', archiveNo: scan.archiveNo! })}
                          aria-label={t('ui.scanVerify.openFile', { archiveNo: scan.archiveNo })}
                          data-testid="scan-verify-file-link"
                        >
                          {scan.archiveNo}
                        </button>
                      ) : scan ? (
                        <span className="muted">{inbox.has(scan.id) ? t('ui.scanVerify.inbox') : t('ui.scanVerify.hidden')}</span>
                      ) : null}
                    </td>
                    <td data-testid="scan-verify-item">
                      {scan?.archiveNo ? (scan.itemSeq !== null ? t('ui.scanVerify.itemSeq', { seq: scan.itemSeq }) : t('ui.scanVerify.wholeFile')) : null}
                    </td>
                    <td data-testid="scan-verify-scan">{scan?.name ?? ''}</td>
                  </>
                )}
                <td className="mono small scan-verify-blob">{storedFileName(p.blobId)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}
