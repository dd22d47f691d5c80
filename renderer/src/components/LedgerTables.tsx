import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../shared/ops/applications.js';
import type { Hold, Incident, LedgerEntry } from '../../../shared/ops/reports.js';
import { formatDateTime } from '../format.js';
import { api } from '../api.js';
import { useAction, useCan } from '../hooks.js';
import type { Notice } from '../hooks.js';
import { IncidentResolveDialog } from './IncidentResolve.js';
import { useNav } from '../stores/nav.js';
import { ErrorLine, TableState, useConfirm } from './ui.js';

/** Loans and readings: kind, file or borrower, when, due, back, days overdue, the application's state. */
export function LedgerEntriesTable({
  entries,
  show,
  applications = [],
  testId,
}: {
  entries: LedgerEntry[];
  show: 'borrower' | 'file';
  applications?: Application[];
  testId: string;
}) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const byId = new Map(applications.map((a) => [a.id, a]));
  return (
    <table className="table table-compact" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('ui.ledger.kind')}</th>
          <th scope="col">{show === 'borrower' ? t('ui.fields.borrower') : t('ui.fields.archiveNo')}</th>
          <th scope="col">{t('ui.fields.lentAt')}</th>
          <th scope="col">{t('ui.fields.dueDate')}</th>
          <th scope="col">{t('ui.fields.returnedAt')}</th>
          <th scope="col">{t('ui.ledger.approval')}</th>
        </tr>
      </thead>
      <tbody>
        <TableState loading={false} empty={entries.length === 0} columns={6} />
        {entries.map((e) => {
          const app = e.applicationId ? byId.get(e.applicationId) : undefined;
          return (
            <tr key={e.id} className={e.daysOverdue > 0 && !e.returnedAt ? 'overdue' : undefined} data-testid={`${testId}-row`}>
              <td className="nowrap">
                {t(`ui.access.entryKind.${e.kind}`)}
                {e.reversed ? <span className="badge"> {t('ui.ledger.reversed')}</span> : null}
                {e.correctsId ? <span className="badge"> {t('ui.ledger.correction')}</span> : null}
              </td>
              <td>
                {show === 'borrower' ? (
                  e.borrower
                ) : (
                  <button type="button" className="link mono" onClick={() => go({ name: 'file', archiveNo: e.archiveNo })} data-testid="ledger-file-link">
                    {e.archiveNo}
                  </button>
                )}
              </td>
              <td className="nowrap">{formatDateTime(e.lentAt)}</td>
              <td className="nowrap">
                {e.dueDate ?? ''}
                {e.renewals ? <span className="muted small"> {t('ui.ledger.renewed', { count: e.renewals })}</span> : null}
              </td>
              <td className="nowrap">
                {e.returnedAt ? formatDateTime(e.returnedAt) : <span className="muted">{t('ui.ledger.notBack')}</span>}
                {e.daysOverdue > 0 ? <span className="badge badge-overdue"> {t('ui.ledger.daysOverdue', { count: e.daysOverdue })}</span> : null}
              </td>
              <td>
                {app ? (
                  app.paper ? (
                    t('ui.applications.paperNote', { signedBy: app.paper.signedBy, signedOn: app.paper.signedOn })
                  ) : (
                    app.steps
                      .map((s) =>
                        t('ui.ledger.stepLine', {
                          who: s.decidedBy ?? t(`ui.access.approver.${s.approver}`),
                          decision: s.decision ? t(`ui.access.decision.${s.decision}`) : t('ui.applications.waiting'),
                        }),
                      )
                      .join(t('ui.ledger.separator'))
                  )
                ) : e.applicationId ? (
                  ''
                ) : (
                  <span className="muted">{t('ui.ledger.noApplication')}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Incidents against a file or a person; with `onResolved` (and the right to) an open one has a 处理 button opening the resolve dialog. */
export function IncidentsTable({ incidents, testId, onResolved }: { incidents: Incident[]; testId: string; onResolved?: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const [resolving, setResolving] = useState<Incident | null>(null);
  const mayResolve = !!onResolved && can('incidents.resolve');
  const columns = mayResolve ? 7 : 6;
  return (
    <>
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('ui.ledger.incident')}</th>
            <th scope="col">{t('ui.fields.archiveNo')}</th>
            <th scope="col">{t('ui.ledger.item')}</th>
            <th scope="col">{t('ui.ledger.person')}</th>
            <th scope="col">{t('ui.ledger.recordedAt')}</th>
            <th scope="col">{t('ui.ledger.state')}</th>
            {mayResolve ? (
              <th scope="col" className="actions">
                {t('ui.common.actions')}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          <TableState loading={false} empty={incidents.length === 0} columns={columns} />
          {incidents.map((i) => (
            <tr key={i.id} data-testid={`${testId}-row`} data-status={i.status} data-seq={i.itemSeq ?? undefined}>
              <td>
                {t(`ui.access.incidentKind.${i.kind}`)}
                {i.note ? <span className="muted small"> · {i.note}</span> : null}
              </td>
              <td className="mono nowrap">{i.archiveNo}</td>
              <td>{i.itemSeq !== null ? t('ui.ledger.itemLine', { seq: i.itemSeq, title: i.itemTitle ?? '' }) : ''}</td>
              <td>{i.personName ?? ''}</td>
              <td className="nowrap">{formatDateTime(i.createdAt)}</td>
              <td>
                <span className={i.status === 'open' ? 'badge badge-incident-open' : 'badge'}>{t(`ui.access.incidentStatus.${i.status}`)}</span>
                {i.resolutionReason ? <span className="muted small"> · {i.resolutionReason}</span> : null}
              </td>
              {mayResolve ? (
                <td className="actions">
                  {i.status === 'open' ? (
                    <button type="button" className="btn btn-small" onClick={() => setResolving(i)} data-testid="incident-resolve">
                      {t('ui.ledger.resolve')}
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {resolving && onResolved ? (
        <IncidentResolveDialog
          incident={resolving}
          onClose={() => setResolving(null)}
          onDone={(how) => {
            const done = resolving;
            setResolving(null);
            onResolved((tt) =>
              tt('ui.ledger.resolvedOk', {
                archiveNo: done.archiveNo,
                item: done.itemSeq !== null ? tt('ui.ledger.itemLine', { seq: done.itemSeq, title: done.itemTitle ?? '' }) : '',
                how: tt(`ui.access.incidentStatus.${how}`),
              }),
            );
          }}
        />
      ) : null}
    </>
  );
}

/** Holds in queue order; with `onCancelled` (and the right to) an active one has a 取消 button (confirmed in the app's dialog). */
export function HoldsTable({ holds, testId, onCancelled }: { holds: Hold[]; testId: string; onCancelled?: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const action = useAction();
  const { dialog, ask } = useConfirm();
  const mayCancel = !!onCancelled && can('holds.cancel');
  const columns = mayCancel ? 5 : 4;
  async function cancel(h: Hold) {
    const ok = await ask({
      title: t('ui.ledger.holdCancelConfirm', { archiveNo: h.archiveNo, person: h.personName }),
      confirmLabel: t('ui.ledger.holdCancel'),
      cancelLabel: t('ui.ledger.holdKeep'),
      danger: true,
    });
    if (!ok) return;
    const done = await action.run(() => api.call('holds.cancel', { id: h.id }));
    if (done && onCancelled) onCancelled((tt) => tt('ui.ledger.holdCancelledOk', { archiveNo: h.archiveNo, person: h.personName }));
  }
  return (
    <>
      {dialog}
      <ErrorLine error={action.error} />
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('ui.fields.archiveNo')}</th>
            <th scope="col">{t('ui.ledger.person')}</th>
            <th scope="col">{t('ui.ledger.recordedAt')}</th>
            <th scope="col">{t('ui.ledger.state')}</th>
            {mayCancel ? (
              <th scope="col" className="actions">
                {t('ui.common.actions')}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          <TableState loading={false} empty={holds.length === 0} columns={columns} />
          {holds.map((h) => (
            <tr key={h.id} data-testid={`${testId}-row`} data-status={h.status}>
              <td className="mono nowrap">{h.archiveNo}</td>
              <td>{h.personName}</td>
              <td className="nowrap">{formatDateTime(h.createdAt)}</td>
              <td>{t(`ui.access.holdStatus.${h.status}`)}</td>
              {mayCancel ? (
                <td className="actions">
                  {h.status === 'waiting' || h.status === 'ready' ? (
                    <button type="button" className="btn btn-small" disabled={action.busy} onClick={() => void cancel(h)} data-testid="hold-cancel">
                      {t('ui.ledger.holdCancel')}
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
