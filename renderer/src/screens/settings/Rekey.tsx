/**
 * 更换全部密钥: an administrator renews every key of the archive (archive.rekey) as a job,
 * after the application's own confirmation. The session ends with it; the new recovery key
 * waits in the session store and is shown once on the way back to the sign-in screen.
 */
import { useTranslation } from 'react-i18next';
import { DossierError } from '../../../../shared/errors.js';
import { api } from '../../api.js';
import { ErrorLine, useConfirm } from '../../components/ui.js';
import { useAction } from '../../hooks.js';
import { isFinished, useJobs } from '../../stores/jobs.js';
import { useSession } from '../../stores/session.js';
import { useState } from 'react';
import type { Job } from '../../../../shared/ops/jobs.js';

const OUTCOME_POLL_MS = 400;

/**
 * The rekey's end, asked of the host (archive.rekeyOutcome) rather than awaited as an event:
 * the session ends with the rekey, and its last job event can be lost with the event stream.
 */
async function rekeyEnd(jobId: string): Promise<Job> {
  for (;;) {
    const job = await api.call('archive.rekeyOutcome', { jobId });
    if (!job) throw new DossierError('job.notFound');
    useJobs.getState().upsert(job);
    if (isFinished(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS));
  }
}

export function RekeySettings() {
  const { t } = useTranslation();
  const { dialog, ask } = useConfirm();
  const action = useAction();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobs((s) => (jobId ? s.jobs[jobId] : undefined));

  async function renew() {
    const ok = await ask({ title: t('ui.rekey.confirmTitle'), body: t('ui.rekey.confirmBody'), confirmLabel: t('ui.rekey.confirm'), danger: true, testId: 'rekey-confirm' });
    if (!ok) return;
    await action.run(async () => {
      const started = await api.call('archive.rekey', {});
      useJobs.getState().upsert(started);
      setJobId(started.id);
      const ended = await rekeyEnd(started.id);
      if (ended.state !== 'done') throw ended.error ? new DossierError(ended.error.code as never, ended.error.params) : new DossierError('internal');
      const { recoveryKey } = ended.result as { recoveryKey: string };
      // Kept for the sign-in screen: the host locks the archive as the job ends.
      useSession.getState().setRenewedRecoveryKey(recoveryKey);
      useSession.getState().markLocked();
    });
  }

  const running = job?.state === 'running';
  return (
    <section className="settings-section" aria-labelledby="rekey-title" data-testid="rekey-settings">
      <h2 id="rekey-title">{t('ui.rekey.title')}</h2>
      <p className="muted">{t('ui.rekey.intro')}</p>
      {running ? (
        <p role="status" data-testid="rekey-progress">
          {t('ui.rekey.running', { done: job.progress.done, total: job.progress.total ?? 4 })}
        </p>
      ) : null}
      {action.error ? (
        <div data-testid="rekey-failed">
          {t('ui.rekey.failed')} <ErrorLine error={action.error} />
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn-danger" disabled={action.busy} onClick={() => void renew()} data-testid="rekey-button">
          {t('ui.rekey.button')}
        </button>
      </div>
      {dialog}
    </section>
  );
}
