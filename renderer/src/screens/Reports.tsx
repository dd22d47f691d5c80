import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDate } from '../../../shared/domain/dates.js';
import type { Statistics } from '../../../shared/ops/reports.js';
import { api } from '../api.js';
import { downloadBase64 } from '../streams.js';
import { ActionFeedback, ErrorLine, Field, TableState } from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import { useNav } from '../stores/nav.js';
import './Access.css';

type Tab = 'overdue' | 'statistics';

function OverdueTab() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [department, setDepartment] = useState('');
  const departments = useLoad(() => api.call('departments.list', {}));
  const load = useLoad(() => api.call('reports.overdue', department ? { departmentId: department } : {}), department);
  const r = load.data;
  return (
    <>
      <div className="toolbar">
        <Field label={t('ui.reports.department')}>
          <select value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="overdue-department">
            <option value="">{t('ui.reports.allDepartments')}</option>
            {(departments.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <span className="muted" data-testid="overdue-summary">
          {r ? t('ui.reports.overdueSummary', { count: r.rows.length, today: r.today }) : ''}
        </span>
      </div>
      <ErrorLine error={load.error} />
      <table className="table table-compact" data-testid="overdue-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('ui.reports.daysOverdue')}
            </th>
            <th scope="col">{t('ui.fields.archiveNo')}</th>
            <th scope="col">{t('ui.fields.fileTitle')}</th>
            <th scope="col">{t('ui.fields.borrower')}</th>
            <th scope="col">{t('ui.fields.dueDate')}</th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={!r} empty={!!r && r.rows.length === 0} columns={5} />
          {(r?.rows ?? []).map((e) => (
            <tr key={e.id} className="overdue" data-testid="overdue-row">
              <td className="num">{e.daysOverdue}</td>
              <td className="mono nowrap">
                <button type="button" className="link" onClick={() => go({ name: 'file', archiveNo: e.archiveNo })}>
                  {e.archiveNo}
                </button>
              </td>
              <td>{e.fileTitle}</td>
              <td>{e.borrower}</td>
              <td className="nowrap">{e.dueDate}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r && r.rows.length ? (
        <div className="dashboard-lists">
          <div>
            <h2 className="section-title">{t('ui.reports.perBorrower')}</h2>
            <table className="table table-compact" data-testid="overdue-by-borrower">
              <thead>
                <tr>
                  <th scope="col">{t('ui.fields.borrower')}</th>
                  <th scope="col" className="num">
                    {t('ui.reports.files')}
                  </th>
                  <th scope="col" className="num">
                    {t('ui.reports.maxDays')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.byBorrower.map((b) => (
                  <tr key={b.borrowerId ?? b.borrower}>
                    <td>{b.borrower}</td>
                    <td className="num">{b.files}</td>
                    <td className="num">{b.maxDays}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <h2 className="section-title">{t('ui.reports.perDepartment')}</h2>
            <table className="table table-compact" data-testid="overdue-by-department">
              <thead>
                <tr>
                  <th scope="col">{t('ui.reports.department')}</th>
                  <th scope="col" className="num">
                    {t('ui.reports.files')}
                  </th>
                  <th scope="col" className="num">
                    {t('ui.reports.borrowers')}
                  </th>
                  <th scope="col" className="num">
                    {t('ui.reports.maxDays')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.byDepartment.map((d) => (
                  <tr key={d.departmentId ?? ''}>
                    <td>{d.department ?? t('ui.reports.noDepartment')}</td>
                    <td className="num">{d.files}</td>
                    <td className="num">{d.borrowers}</td>
                    <td className="num">{d.maxDays}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}

function Breakdown({ title, rows, testId }: { title: string; rows: { label: string; loans: number; readings: number }[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <h2 className="section-title">{title}</h2>
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="num">
              {t('ui.reports.loans')}
            </th>
            <th scope="col" className="num">
              {t('ui.reports.readings')}
            </th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={false} empty={rows.length === 0} columns={3} />
          {rows.map((r) => (
            <tr key={r.label}>
              <td>{r.label}</td>
              <td className="num">{r.loans}</td>
              <td className="num">{r.readings}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatisticsTab() {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const today = localDate(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [stats, setStats] = useState<Statistics | null>(null);
  const action = useAction();
  const none = t('ui.access.xlsx.none');
  const show = action.submit(async () => setStats(await api.call('reports.statistics', { from, to })));
  return (
    <>
      <form className="toolbar" onSubmit={show} data-testid="statistics-form">
        <Field label={t('ui.reports.from')}>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="statistics-from" />
        </Field>
        <Field label={t('ui.reports.to')}>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="statistics-to" />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={action.busy} data-testid="statistics-show">
          {t('ui.reports.show')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={action.busy}
          onClick={() =>
            void action.run(
              async () => {
                const file = await api.call('reports.exportStatistics', { from, to, language });
                downloadBase64(file.contentBase64, file.fileName, file.mimeType);
                return file;
              },
              { notice: (tt, file) => tt('ui.reports.exported', { name: file.fileName }) },
            )
          }
          data-testid="statistics-export"
        >
          {t('ui.reports.export')}
        </button>
      </form>
      <ActionFeedback action={action} />
      {stats ? (
        <div data-testid="statistics">
          <div className="stat-figures">
            <div>
              <span className="muted">{t('ui.reports.loans')}</span>
              <strong data-testid="stat-loans">{stats.loans}</strong>
            </div>
            <div>
              <span className="muted">{t('ui.reports.readings')}</span>
              <strong data-testid="stat-readings">{stats.readings}</strong>
            </div>
            <div>
              <span className="muted">{t('ui.reports.overdueRate')}</span>
              <strong data-testid="stat-overdue-rate">
                {t('ui.reports.percent', { value: Math.round(stats.overdueRate * 1000) / 10 })}
                <span className="muted small"> {t('ui.reports.ofLoans', { count: stats.overdueLoans })}</span>
              </strong>
            </div>
            <div>
              <span className="muted">{t('ui.reports.averageDays')}</span>
              <strong data-testid="stat-average">{stats.averageLoanDays === null ? '—' : t('ui.reports.days', { count: stats.averageLoanDays })}</strong>
            </div>
          </div>
          <div className="stat-grid">
            <Breakdown
              title={t('ui.access.xlsx.byDepartment')}
              testId="stat-by-department"
              rows={stats.byDepartment.map((r) => ({ ...r, label: r.department ?? t('ui.access.xlsx.noDepartment') }))}
            />
            <Breakdown
              title={t('ui.access.xlsx.byKind')}
              testId="stat-by-kind"
              rows={stats.byKind.map((r) => ({ ...r, label: r.kind ? t(`ui.access.kind.${r.kind}`) : t('ui.access.xlsx.noApplication') }))}
            />
            <Breakdown
              title={t('ui.access.xlsx.byCategory')}
              testId="stat-by-category"
              rows={stats.byCategory.map((r) => ({ ...r, label: (language === 'en' ? (r.categoryEn ?? r.category) : r.category) ?? none }))}
            />
            <Breakdown title={t('ui.access.xlsx.byPurpose')} testId="stat-by-purpose" rows={stats.byPurpose.slice(0, 12).map((r) => ({ ...r, label: r.purpose || none }))} />
            <Breakdown
              title={t('ui.access.xlsx.byBorrowerKind')}
              testId="stat-by-borrower-kind"
              rows={stats.byBorrowerKind.map((r) => ({ ...r, label: r.borrowerKind ? t(`ui.access.personKind.${r.borrowerKind}`) : none }))}
            />
          </div>
          <p className="muted small">{t('ui.reports.periodNote', { from: stats.from, to: stats.to })}</p>
        </div>
      ) : null}
    </>
  );
}

/** 借阅统计: the overdue list (by days, per borrower, per department) and statistics for a period with an .xlsx export. */
export function ReportsScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('overdue');
  return (
    <section className="screen reports" aria-labelledby="reports-title">
      <div className="screen-head">
        <h1 id="reports-title" className="screen-title">
          {t('ui.reports.title')}
        </h1>
      </div>
      <div className="toolbar tabs" role="tablist" aria-label={t('ui.reports.tabs')}>
        {(['overdue', 'statistics'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'btn btn-small active' : 'btn btn-small'}
            onClick={() => setTab(k)}
            data-testid={`reports-tab-${k}`}
          >
            {t(`ui.reports.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'overdue' ? <OverdueTab /> : <StatisticsTab />}
    </section>
  );
}
