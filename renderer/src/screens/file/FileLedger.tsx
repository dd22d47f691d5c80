import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileFlagged } from '../../../../shared/domain/borrowing.js';
import type { Person } from '../../../../shared/ops/people.js';
import { api } from '../../api.js';
import { PersonPicker } from '../../components/ApplicationForm.js';
import { HoldsTable, IncidentsTable, LedgerEntriesTable } from '../../components/LedgerTables.js';
import { ActionFeedback, Dialog, FormActions } from '../../components/ui.js';
import { useAction, useCan, useLoad } from '../../hooks.js';

/** The file's ledger: every loan and reading with its approvals, the incidents against it (resolvable), who is waiting for it. */
export function FileLedger({ archiveNo, version }: { archiveNo: string; version?: string | number }) {
  const { t } = useTranslation();
  const can = useCan();
  const load = useLoad(() => api.call('reports.fileHistory', { archiveNo }), `${archiveNo}-${version ?? ''}`);
  const action = useAction(load);
  const [placing, setPlacing] = useState(false);
  const h = load.data;
  const open = h ? h.incidents.filter((i) => i.status === 'open').length : 0;
  const queue = h ? h.holds.filter((x) => x.status === 'waiting' || x.status === 'ready') : [];
  return (
    <section className="file-ledger" aria-labelledby="file-ledger-title" data-testid="file-ledger">
      <div className="screen-head">
        <h2 id="file-ledger-title" className="section-title">
          {t('ui.ledger.fileTitle')}
          {h && fileFlagged(h.incidents) ? (
            <span className="badge badge-incident-open ledger-flag" data-testid="file-flagged">
              {t('ui.ledger.flagged', { count: open })}
            </span>
          ) : null}
        </h2>
        {can('holds.place') ? (
          <button type="button" className="btn btn-small" onClick={() => setPlacing(true)} data-testid="hold-place">
            {t('ui.ledger.holdPlace')}
          </button>
        ) : null}
      </div>
      <ActionFeedback action={action} />
      {h ? (
        <>
          <LedgerEntriesTable entries={h.entries} applications={h.applications} show="borrower" testId="file-ledger-entries" />
          {h.incidents.length ? (
            <>
              <h3 className="section-title">{t('ui.ledger.incidents', { count: open })}</h3>
              <IncidentsTable incidents={h.incidents} testId="file-incidents" onResolved={action.confirm} />
            </>
          ) : null}
          {queue.length ? (
            <>
              <h3 className="section-title">{t('ui.ledger.holds')}</h3>
              <HoldsTable holds={queue} testId="file-holds" onCancelled={action.confirm} />
            </>
          ) : null}
        </>
      ) : null}
      {placing ? (
        <HoldDialog
          archiveNo={archiveNo}
          onClose={() => setPlacing(false)}
          onDone={(person, ready) => {
            setPlacing(false);
            action.confirm((tt) => (ready ? tt('ui.ledger.holdReadyOk', { archiveNo, person }) : tt('ui.ledger.holdPlacedOk', { archiveNo, person })));
          }}
        />
      ) : null}
    </section>
  );
}

/** A hold for a person of the register (searched by name, staff, card or ID number). */
function HoldDialog({ archiveNo, onClose, onDone }: { archiveNo: string; onClose: () => void; onDone: (person: string, ready: boolean) => void }) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<Person | null>(null);
  const action = useAction();
  return (
    <Dialog title={t('ui.ledger.holdTitle', { archiveNo })} onClose={onClose} testId="hold-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!person) return;
          void action.run(() => api.call('holds.place', { archiveNo, person: person.id })).then((hold) => hold && onDone(hold.person, hold.status === 'ready'));
        }}
      >
        <PersonPicker value={person} onChange={setPerson} testId="hold-person" label={t('ui.ledger.holdFor')} />
        <FormActions action={action} onCancel={onClose} submit={{ label: t('ui.ledger.holdSubmit'), testId: 'hold-submit', disabled: !person }} />
      </form>
    </Dialog>
  );
}
