import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { HoldsTable, IncidentsTable, LedgerEntriesTable } from '../../components/LedgerTables.js';
import { ErrorLine } from '../../components/ui.js';
import { useLoad } from '../../hooks.js';

/** The file's ledger: every loan and reading with its approvals, the incidents against it, who is waiting for it. */
export function FileLedger({ archiveNo, version }: { archiveNo: string; version?: string | number }) {
  const { t } = useTranslation();
  const load = useLoad(() => api.call('reports.fileHistory', { archiveNo }), `${archiveNo}-${version ?? ''}`);
  const h = load.data;
  return (
    <section className="file-ledger" aria-labelledby="file-ledger-title" data-testid="file-ledger">
      <h2 id="file-ledger-title" className="section-title">
        {t('ui.ledger.fileTitle')}
      </h2>
      <ErrorLine error={load.error} />
      {h ? (
        <>
          <LedgerEntriesTable entries={h.entries} applications={h.applications} show="borrower" testId="file-ledger-entries" />
          {h.incidents.length ? (
            <>
              <h3 className="section-title">{t('ui.ledger.incidents', { count: h.incidents.filter((i) => i.status === 'open').length })}</h3>
              <IncidentsTable incidents={h.incidents} testId="file-incidents" />
            </>
          ) : null}
          {h.holds.some((x) => x.status === 'waiting' || x.status === 'ready') ? (
            <>
              <h3 className="section-title">{t('ui.ledger.holds')}</h3>
              <HoldsTable holds={h.holds.filter((x) => x.status === 'waiting' || x.status === 'ready')} testId="file-holds" />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
