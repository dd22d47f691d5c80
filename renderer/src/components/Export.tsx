/** Export buttons (client list, on-loan list): the export runs as a job; its file is saved once done. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpInput } from '../../../shared/contract.js';
import type { ExportFile, ExportList } from '../../../shared/ops/export.js';
import { useAction, useCan, useErrorText } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { jobOutcome, useJobs, whenFinished } from '../stores/jobs.js';
import { saveExport } from '../streams.js';
import { InlineJob } from './Jobs.js';
import './Export.css';

export { base64Bytes, bytesBase64, downloadBase64 } from '../streams.js';

/** What the screen shows, so the export holds the same rows (its search, filters, period). */
export type ExportFilter = Pick<NonNullable<OpInput<'export.create'>>, 'clientFilter' | 'handoverFilter' | 'overdueOnly' | 'auditFilter'>;

export function ExportButton({ kind, filter }: { kind: ExportList; filter?: ExportFilter }) {
  const { t } = useTranslation();
  const can = useCan();
  const language = useLanguage((s) => s.language);
  const errorText = useErrorText();
  const exporting = useAction();
  const [jobId, setJobId] = useState<string | null>(null);
  if (!can('export.create')) return null;
  const { busy } = exporting;
  const problem = exporting.error ? errorText(exporting.error) : null;

  const run = (format: 'xlsx' | 'csv') =>
    exporting.run(async () => {
      const started = await useJobs
        .getState()
        .start('export.create', { list: kind, format, language, open: kind === 'loans', ...filter }, { subject: t(`ui.nav.${kind === 'files' ? 'search' : kind}`) });
      setJobId(started.id);
      const job = await whenFinished(started.id);
      jobOutcome<ExportFile>(job);
      await saveExport(job);
    });

  return (
    <span className="export-group" role="group" aria-label={t('ui.export.label')}>
      <button type="button" className="btn" disabled={busy} onClick={() => void run('xlsx')} data-testid="export-button" title={problem ?? undefined}>
        {busy ? t('ui.common.busy') : t('ui.export.xlsx')}
      </button>
      <button type="button" className="btn" disabled={busy} onClick={() => void run('csv')} data-testid="export-csv-button">
        {t('ui.export.csv')}
      </button>
      {busy ? <InlineJob id={jobId} /> : null}
      {problem ? (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
