import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { addDays, localDate } from '../../../shared/domain/dates.js';
import type { ClientSummary } from '../../../shared/contract.js';
import type { DepartmentRating, EventKind, Handover } from '../../../shared/ops/handovers.js';
import { api } from '../api.js';
import { ExportButton } from '../components/Export.js';
import { HandoverPrintButton } from '../components/PrintForms.js';
import { ActionFeedback, Dialog, Field, FormActions, TableState } from '../components/ui.js';
import { useAction, useCan, useDebounced, useLoad } from '../hooks.js';
import { localName } from '../format.js';
import { SortHeader, useSort } from '../sorting.js';
import type { SortValue } from '../sorting.js';
import { useLanguage } from '../stores/language.js';
import { useNav } from '../stores/nav.js';
import './Handovers.css';

type HandoverColumn = 'receivedDate' | 'department' | 'handedOverBy' | 'eventDate' | 'deadline' | 'timeliness' | 'fileOrClient' | 'receivedBy';
function handoverValue(h: Handover, key: HandoverColumn): SortValue {
  switch (key) {
    case 'handedOverBy':
      return h.handedOverBy.name;
    case 'receivedBy':
      return h.receivedBy.name;
    case 'timeliness':
      return h.daysLate;
    case 'fileOrClient':
      return h.archiveNo ?? h.clientName;
    default:
      return h[key];
  }
}

/** A rate 0..1 as a percentage (— without handovers). */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** Lines of a textarea as a list (blank lines dropped). */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The register's period, kept while the clerk visits other sections (default: the last 30 days). */
export const useHandoverPeriod = create<{ from: string | null; to: string | null; set(p: { from?: string; to?: string }): void }>()((set) => ({
  from: null,
  to: null,
  set: (p) => set(p),
}));
export const DEFAULT_PERIOD_DAYS = 30;

export function HandoversScreen() {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const can = useCan();
  const go = useNav((s) => s.go);
  const today = localDate(new Date());
  const period = useHandoverPeriod();
  const from = period.from ?? addDays(today, -DEFAULT_PERIOD_DAYS);
  const to = period.to ?? today;
  const setFrom = (value: string) => period.set({ from: value, to });
  const setTo = (value: string) => period.set({ from, to: value });
  const [department, setDepartment] = useState('');
  const dept = useDebounced(department.trim(), 200);
  const load = useLoad(
    async () => {
      const [rows, report] = await Promise.all([
        api.call('handovers.list', { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(dept ? { department: dept } : {}) }),
        from && to ? api.call('handovers.report', { from, to }) : Promise.resolve(null),
      ]);
      return { rows, report };
    },
    JSON.stringify([from, to, dept]),
  );
  const action = useAction(load);
  const { error } = load;
  const rows: Handover[] | null = load.data?.rows ?? null;
  const { sorted, sort, toggle } = useSort<Handover, HandoverColumn>(rows, handoverValue);
  const report: { departments: DepartmentRating[]; total: DepartmentRating } | null = load.data?.report ?? null;
  const [registering, setRegistering] = useState(false);

  return (
    <section className="screen" aria-labelledby="handovers-title">
      <div className="screen-head">
        <h1 id="handovers-title" className="screen-title">
          {t('ui.handovers.title')}
        </h1>
        <div className="head-actions">
          <ExportButton kind="handovers" filter={{ handoverFilter: { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(dept ? { department: dept } : {}) } }} />
          <HandoverPrintButton filter={{ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(dept ? { department: dept } : {}) }} />
          {can('handovers.register') ? (
            <button type="button" className="btn btn-primary" onClick={() => setRegistering(true)} data-testid="new-handovers-button">
              {t('ui.handovers.register')}
            </button>
          ) : null}
        </div>
      </div>
      <div className="toolbar">
        <div className="toolbar-left">
          <label className="inline-field">
            <span>{t('ui.handovers.from')}</span>
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="handovers-from" />
          </label>
          <label className="inline-field">
            <span>{t('ui.handovers.to')}</span>
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="handovers-to" />
          </label>
          <label className="inline-field">
            <span>{t('ui.handovers.department')}</span>
            <input type="search" value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="handovers-department" />
          </label>
        </div>
        <span className="muted">{rows ? t('ui.handovers.count', { count: rows.length }) : null}</span>
      </div>
      <ActionFeedback action={action} />
      <div className="table-scroll">
        <table className="table table-compact" data-testid="handovers-table">
          <thead>
            <tr>
              <SortHeader label={t('ui.handovers.receivedDate')} column="receivedDate" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.handovers.department')} column="department" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.handovers.handedOverBy')} column="handedOverBy" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.handovers.event')} column="eventDate" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.handovers.deadline')} column="deadline" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.handovers.timeliness')} column="timeliness" sort={sort} onSort={toggle} />
              <SortHeader label={t('ui.handovers.fileOrClient')} column="fileOrClient" sort={sort} onSort={toggle} />
              <th scope="col">{t('ui.handovers.items')}</th>
              <th scope="col">{t('ui.handovers.missing')}</th>
              <SortHeader label={t('ui.handovers.receivedBy')} column="receivedBy" sort={sort} onSort={toggle} />
            </tr>
          </thead>
          <tbody>
            <TableState loading={rows === null && !error} empty={rows?.length === 0} columns={10} />
            {sorted?.map((h) => (
              <tr key={h.id} data-testid="handovers-row" className={h.onTime ? undefined : 'late'}>
                <td className="nowrap">{h.receivedDate}</td>
                <td>{h.department}</td>
                <td>{h.handedOverBy.name}</td>
                <td>
                  {localName(h.eventKindName, h.eventKindNameEn, language)}
                  <div className="muted small nowrap">{h.eventDate}</div>
                </td>
                <td className="nowrap">
                  {h.deadline}
                  <div className="muted small">{t('ui.handovers.workdays', { days: h.deadlineDays, count: h.deadlineDays })}</div>
                </td>
                <td>
                  {h.onTime ? (
                    <span className="badge badge-complete" data-testid="ontime-badge">
                      {t('ui.handovers.onTime')}
                    </span>
                  ) : (
                    <span className="badge badge-late" data-testid="late-badge">
                      {t('ui.handovers.late', { days: h.daysLate, count: h.daysLate })}
                    </span>
                  )}
                </td>
                <td>
                  {h.archiveNo ? (
                    <button type="button" className="link mono nowrap" onClick={() => go({ name: 'file', archiveNo: h.archiveNo! })}>
                      {h.archiveNo}
                    </button>
                  ) : null}
                  {h.clientName ? <div className={h.archiveNo ? 'muted small' : undefined}>{h.clientName}</div> : null}
                </td>
                <td className="small">{h.items.map((i) => i.name).join('、') || t('ui.common.dash')}</td>
                <td className="small">
                  {h.missing.length ? <span className="text-danger">{h.missing.join('、')}</span> : <span className="badge badge-complete">{t('ui.badges.complete')}</span>}
                </td>
                <td className="nowrap">{h.receivedBy.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="section-title">{t('ui.handovers.reportTitle', { from, to })}</h2>
      <div className="table-scroll">
        <table className="table table-compact report" data-testid="handovers-report">
          <thead>
            <tr>
              <th scope="col">{t('ui.handovers.department')}</th>
              <th scope="col" className="num">
                {t('ui.handovers.handovers')}
              </th>
              <th scope="col" className="num">
                {t('ui.handovers.onTime')}
              </th>
              <th scope="col" className="num">
                {t('ui.handovers.lateCount')}
              </th>
              <th scope="col" className="num">
                {t('ui.handovers.timelinessRate')}
              </th>
              <th scope="col" className="num">
                {t('ui.handovers.completenessRate')}
              </th>
            </tr>
          </thead>
          <tbody>
            <TableState loading={false} empty={!report || report.departments.length === 0} columns={6} />
            {report?.departments.map((d) => (
              <RatingRow key={d.department} rating={d} />
            ))}
          </tbody>
          {report && report.departments.length ? (
            <tfoot>
              <RatingRow rating={{ ...report.total, department: t('ui.handovers.total') }} />
            </tfoot>
          ) : null}
        </table>
      </div>
      {registering ? (
        <HandoverDialog
          onClose={() => setRegistering(false)}
          onSaved={(h) => {
            setRegistering(false);
            action.confirm((tt) =>
              h.onTime
                ? tt('ui.handovers.savedOnTime', { department: h.department })
                : tt('ui.handovers.savedLate', { department: h.department, days: h.daysLate, count: h.daysLate }),
            );
          }}
        />
      ) : null}
    </section>
  );
}

function RatingRow({ rating }: { rating: DepartmentRating }) {
  return (
    <tr data-testid="report-row">
      <td>{rating.department}</td>
      <td className="num">{rating.handovers}</td>
      <td className="num">{rating.onTime}</td>
      <td className="num">{rating.late}</td>
      <td className="num">{percent(rating.timelinessRate)}</td>
      <td className="num">{percent(rating.completenessRate)}</td>
    </tr>
  );
}

function HandoverDialog({ onSaved, onClose }: { onSaved(h: Handover): void; onClose(): void }) {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const today = localDate(new Date());
  const [kinds, setKinds] = useState<EventKind[]>([]);
  const [department, setDepartment] = useState('');
  const [handedOverBy, setHandedOverBy] = useState('');
  const [eventKind, setEventKind] = useState('');
  const [eventDate, setEventDate] = useState(today);
  const [receivedDate, setReceivedDate] = useState(today);
  const [deadline, setDeadline] = useState<{ deadline: string; deadlineDays: number } | null>(null);
  const [archiveNo, setArchiveNo] = useState('');
  const [clientQuery, setClientQuery] = useState('');
  const clientSearch = useDebounced(clientQuery.trim(), 200);
  const [clientOptions, setClientOptions] = useState<ClientSummary[]>([]);
  const [items, setItems] = useState('');
  const [missing, setMissing] = useState('');
  const [remarks, setRemarks] = useState('');
  const save = useAction();
  const { setError } = save;

  useEffect(() => {
    api.call('handovers.kinds').then((list) => {
      setKinds(list);
      setEventKind((k) => k || list[0]?.code || '');
    }, setError);
  }, [setError]);

  useEffect(() => {
    if (!eventKind || !eventDate) {
      setDeadline(null);
      return;
    }
    api.call('handovers.deadline', { eventKind, eventDate }).then(setDeadline, () => setDeadline(null));
  }, [eventKind, eventDate]);

  useEffect(() => {
    if (!clientSearch) return;
    api.call('clients.list', { search: clientSearch, limit: 10 }).then(
      (r) => setClientOptions(r.rows),
      () => setClientOptions([]),
    );
  }, [clientSearch]);

  const client = clientOptions.find((c) => c.name === clientQuery.trim());
  const late = deadline !== null && receivedDate > deadline.deadline;

  const ready = department.trim() && handedOverBy.trim() && eventKind && eventDate;
  const submit = save.submit(async () => {
    const missingList = lines(missing);
    const saved = await api.call('handovers.register', {
      department,
      handedOverBy,
      eventKind,
      eventDate,
      receivedDate,
      ...(client ? { clientId: client.id } : {}),
      ...(archiveNo.trim() ? { archiveNo: archiveNo.trim() } : {}),
      items: lines(items),
      ...(missingList.length || !archiveNo.trim() ? { missing: missingList } : {}),
      remarks,
    });
    onSaved(saved);
  });
  return (
    <Dialog title={t('ui.handovers.register')} onClose={onClose} wide>
      <form data-testid="handovers-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label={t('ui.handovers.department')} className="grow">
            <input type="text" required autoFocus maxLength={100} value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="handovers-department-input" />
          </Field>
          <Field label={t('ui.handovers.handedOverBy')} className="grow">
            <input type="text" required maxLength={100} value={handedOverBy} onChange={(e) => setHandedOverBy(e.target.value)} data-testid="handovers-by-input" />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('ui.handovers.event')} className="grow">
            <select value={eventKind} onChange={(e) => setEventKind(e.target.value)} data-testid="handovers-kind-select">
              {kinds.map((k) => (
                <option key={k.code} value={k.code}>
                  {t('ui.handovers.kindOption', { name: localName(k.name, k.nameEn, language), days: k.deadlineDays, count: k.deadlineDays })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ui.handovers.eventDate')} className="grow">
            <input type="date" value={eventDate} onChange={(e) => setEventDate(e.target.value)} data-testid="handovers-event-date" />
          </Field>
          <Field label={t('ui.handovers.receivedDate')} className="grow">
            <input type="date" value={receivedDate} onChange={(e) => setReceivedDate(e.target.value)} data-testid="handovers-received-date" />
          </Field>
        </div>
        <div className={`deadline-line${late ? ' late' : ''}`} data-testid="handovers-deadline">
          {deadline ? (
            <>
              {t('ui.handovers.deadlineIs', { deadline: deadline.deadline, days: deadline.deadlineDays, count: deadline.deadlineDays })}{' '}
              {late ? <span className="badge badge-late">{t('ui.handovers.wouldBeLate')}</span> : <span className="badge badge-complete">{t('ui.handovers.onTime')}</span>}
            </>
          ) : (
            <span className="muted">{t('ui.handovers.deadlineUnknown')}</span>
          )}
        </div>
        <div className="form-row">
          <Field label={t('ui.handovers.client')} className="grow" hint={client ? undefined : t('ui.handovers.clientHint')}>
            <input type="text" list="handovers-clients" maxLength={200} value={clientQuery} onChange={(e) => setClientQuery(e.target.value)} data-testid="handovers-client-input" />
          </Field>
          <datalist id="handovers-clients">
            {clientOptions.map((c) => (
              <option key={c.id} value={c.name} />
            ))}
          </datalist>
          <Field label={t('ui.fields.archiveNo')} className="grow" hint={t('ui.handovers.archiveNoHint')}>
            <input type="text" className="mono" maxLength={64} value={archiveNo} onChange={(e) => setArchiveNo(e.target.value)} data-testid="handovers-archive-no" />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('ui.handovers.items')} className="grow" hint={t('ui.handovers.onePerLine')}>
            <textarea rows={4} value={items} onChange={(e) => setItems(e.target.value)} data-testid="handovers-items" />
          </Field>
          <Field label={t('ui.handovers.missing')} className="grow" hint={t('ui.handovers.missingHint')}>
            <textarea rows={4} value={missing} onChange={(e) => setMissing(e.target.value)} data-testid="handovers-missing" />
          </Field>
        </div>
        <Field label={t('ui.items.remarks')}>
          <input type="text" maxLength={1000} value={remarks} onChange={(e) => setRemarks(e.target.value)} />
        </Field>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.handovers.submit'), testId: 'handovers-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}
