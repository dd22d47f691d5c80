import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { ErrorLine } from './ui.js';
import { useCan, useLoad } from '../hooks.js';
import { useNav } from '../stores/nav.js';
import { showReadyHoldsNext } from '../screens/Loans.js';
import '../screens/Access.css';

/** The desk's dashboard: out now, due today, overdue, applications waiting for me, holds ready (refreshed with `version`). */
export function DeskDashboard({ version }: { version: number }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const mayApprove = useCan()('applications.approve');
  const load = useLoad(() => api.call('reports.desk', {}), version);
  const d = load.data;
  if (!d) return <ErrorLine error={load.error} />;
  const tiles = [
    { key: 'outNow' as const, count: d.outNow, warn: false, to: { name: 'loans' } as const },
    { key: 'dueToday' as const, count: d.dueToday.length, warn: false, to: { name: 'loans' } as const },
    { key: 'overdue' as const, count: d.overdueCount, warn: d.overdueCount > 0, to: { name: 'reports' } as const },
    // Only approvers have applications waiting for them.
    ...(mayApprove ? [{ key: 'waitingForMe' as const, count: d.waitingForMe.length, warn: false, to: { name: 'applications' } as const }] : []),
    { key: 'holdsReady' as const, count: d.holdsReady.length, warn: false, to: { name: 'loans' } as const, holds: true },
  ];
  return (
    <section className="desk-dashboard" aria-label={t('ui.dashboard.label')} data-testid="desk-dashboard">
      <div className="dashboard">
        {tiles.map((tile) => (
          <button
            key={tile.key}
            type="button"
            className={tile.warn ? 'tile warn' : 'tile'}
            onClick={() => {
              if ('holds' in tile) showReadyHoldsNext();
              go(tile.to);
            }}
            data-testid={`tile-${tile.key}`}
          >
            <span className="count">{tile.count}</span>
            <span className="muted">{t(`ui.dashboard.${tile.key}`)}</span>
          </button>
        ))}
      </div>
      <div className="dashboard-lists">
        {d.overdue.length || d.dueToday.length ? (
          <table className="table table-compact" data-testid="dashboard-due">
            <tbody>
              {[...d.overdue.slice(0, 6), ...d.dueToday.slice(0, 4)].map((e) => (
                <tr key={e.id} className={e.daysOverdue > 0 ? 'overdue' : undefined}>
                  <td className="mono nowrap">{e.archiveNo}</td>
                  <td>{e.borrower}</td>
                  <td className="nowrap">{e.daysOverdue > 0 ? t('ui.ledger.daysOverdue', { count: e.daysOverdue }) : t('ui.dashboard.dueTodayShort')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {d.waitingForMe.length || d.holdsReady.length ? (
          <table className="table table-compact" data-testid="dashboard-waiting">
            <tbody>
              {d.waitingForMe.slice(0, 5).map((a) => (
                <tr key={a.id}>
                  <td>{t('ui.dashboard.applicationLine', { name: a.requester.name, kind: t(`ui.access.kind.${a.kind}`) })}</td>
                  <td className="mono">{a.files.map((f) => f.archiveNo).join(' ')}</td>
                </tr>
              ))}
              {d.holdsReady.slice(0, 5).map((h) => (
                <tr key={h.id}>
                  <td>{t('ui.dashboard.holdLine', { name: h.personName })}</td>
                  <td className="mono">{h.archiveNo}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}
