import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_KIND_MAX, EVENT_KIND_RE, isCode } from '../../../../shared/domain/codes.js';
import { CALENDAR_DAY_KINDS } from '../../../../shared/domain/workdays.js';
import type { CalendarDayKind } from '../../../../shared/domain/workdays.js';
import type { CalendarDay } from '../../../../shared/ops/calendar.js';
import type { EventKind } from '../../../../shared/ops/handovers.js';
import { api } from '../../api.js';
import { ListEditorHead, useListEditor } from '../../components/ListEditor.js';
import { ActionFeedback, ActiveBadge, Dialog, Field, FormActions, TableState, useConfirm } from '../../components/ui.js';
import { localName, weekdayName } from '../../format.js';
import { useAction, useLoad } from '../../hooks.js';
import { calendarRedundancy, calendarYears } from '../../settingsRules.js';
import { useLanguage } from '../../stores/language.js';

export function HandoverSettings() {
  return (
    <div className="handovers-settings">
      <EventKindsSection />
      <CalendarSection />
    </div>
  );
}

function EventKindsSection() {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const list = useListEditor<EventKind[], { kind: EventKind | null }>(() => api.call('handovers.kinds', { includeInactive: true }));
  const { data: kinds, error } = list;

  return (
    <div>
      <ListEditorHead
        title={t('ui.settings.handovers.kindsTitle')}
        intro={t('ui.settings.handovers.kindsIntro')}
        add={{ label: t('ui.settings.handovers.addKind'), testId: 'new-eventkind-button', onClick: () => list.edit({ kind: null }) }}
        editor={list}
      />
      <table className="table table-compact" data-testid="eventkinds-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.settings.handovers.kindName')}</th>
            {/* Codes are English identifiers: Chinese mode shows the names only (the code is in the edit dialog). */}
            {language === 'en' ? <th scope="col">{t('ui.settings.handovers.kindCode')}</th> : null}
            <th scope="col" className="num">
              {t('ui.settings.handovers.deadlineDays')}
            </th>
            <th scope="col">{t('ui.settings.users.status')}</th>
            <th scope="col" className="actions">
              {t('ui.common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={kinds === null && !error} empty={kinds?.length === 0} columns={language === 'en' ? 5 : 4} />
          {kinds?.map((k) => (
            <tr key={k.code} data-testid="eventkind-row" data-code={k.code} className={k.active ? undefined : 'former'}>
              <td>
                {localName(k.name, k.nameEn, language)}
                {language === 'en' && k.nameEn ? <span className="muted small"> {k.name}</span> : null}
              </td>
              {language === 'en' ? <td className="mono small">{k.code}</td> : null}
              <td className="num" data-testid="eventkind-days">
                {k.deadlineDays}
              </td>
              <td>
                <ActiveBadge active={k.active} />
              </td>
              <td className="actions">
                <button type="button" className="btn btn-small" onClick={() => list.edit({ kind: k })} data-testid="edit-eventkind-button">
                  {t('ui.settings.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.editing ? (
        <EventKindDialog kind={list.editing.kind} onClose={list.close} onSaved={(k) => list.saved((tt) => tt('ui.settings.handovers.kindSaved', { name: k.name }))} />
      ) : null}
    </div>
  );
}

function EventKindDialog({ kind, onSaved, onClose }: { kind: EventKind | null; onSaved(kind: EventKind): void; onClose(): void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(kind?.code ?? '');
  const [name, setName] = useState(kind?.name ?? '');
  const [nameEn, setNameEn] = useState(kind?.nameEn ?? '');
  const [days, setDays] = useState(String(kind?.deadlineDays ?? 5));
  const [active, setActive] = useState(kind?.active ?? true);
  const save = useAction();

  const badCode = code.trim() !== '' && !isCode(code.trim(), EVENT_KIND_RE, EVENT_KIND_MAX);
  const deadlineDays = Number(days);
  const badDays = days.trim() === '' || !Number.isInteger(deadlineDays) || deadlineDays < 0 || deadlineDays > 365;
  const ready = code.trim() && !badCode && name.trim() && !badDays;
  const submit = save.submit(async () => onSaved(await api.call('handovers.saveKind', { code: code.trim(), name: name.trim(), nameEn: nameEn.trim(), deadlineDays, active })), {
    enabled: ready,
  });

  return (
    <Dialog title={kind ? t('ui.settings.handovers.editKindTitle', { name: kind.name }) : t('ui.settings.handovers.newKindTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate data-testid="eventkind-form">
        <Field label={t('ui.settings.handovers.kindName')}>
          <input type="text" required autoFocus maxLength={100} value={name} onChange={(e) => setName(e.target.value)} data-testid="eventkind-name-input" />
        </Field>
        <Field label={t('ui.settings.labelEn')} hint={t('ui.settings.labelEnHint')}>
          <input type="text" lang="en" maxLength={100} value={nameEn} onChange={(e) => setNameEn(e.target.value)} data-testid="eventkind-name-en-input" />
        </Field>
        <div className="form-row">
          <Field
            label={t('ui.settings.handovers.kindCode')}
            hint={t('ui.settings.handovers.kindCodeHint')}
            problem={badCode ? t('ui.settings.handovers.kindCodeBad') : null}
            className="grow"
          >
            <input
              type="text"
              className="mono"
              required
              maxLength={EVENT_KIND_MAX}
              readOnly={kind !== null}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="eventkind-code-input"
            />
          </Field>
          <Field label={t('ui.settings.handovers.deadlineDays')}>
            <input type="number" min={0} max={365} step={1} value={days} onChange={(e) => setDays(e.target.value)} data-testid="eventkind-days-input" />
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="eventkind-active-checkbox" />
          <span>{t('ui.settings.active')}</span>
        </label>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.common.save'), testId: 'eventkind-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}

function CalendarSection() {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const current = new Date().getFullYear();
  const [year, setYear] = useState(current);
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<CalendarDayKind>('holiday');
  const [name, setName] = useState('');
  const load = useLoad(async () => {
    const [ofYear, all] = await Promise.all([api.call('calendar.list', { year }), api.call('calendar.list', {})]);
    return { year, days: [...ofYear].sort((a, b) => a.date.localeCompare(b.date)), usedYears: [...new Set(all.map((d) => Number(d.date.slice(0, 4))))] };
  }, year);
  const action = useAction(load);
  const { dialog, ask } = useConfirm();
  // The year's list once it has arrived (null while another year's is still shown).
  const days = load.data?.year === year ? load.data.days : null;
  const usedYears = load.data?.usedYears ?? [];

  const add = action.submit(
    async () => {
      const saved = await api.call('calendar.save', { date, kind, name });
      setDate('');
      setName('');
      setYear(Number(saved.date.slice(0, 4)));
      return saved;
    },
    { enabled: date, notice: (tt, saved) => tt('ui.settings.handovers.daySaved', { date: saved.date, kind: tt(`enums.calendarDayKind.${saved.kind}`) }) },
  );

  async function remove(day: CalendarDay) {
    if (!(await ask({ title: t('ui.settings.handovers.removeConfirm', { date: day.date }), confirmLabel: t('ui.settings.handovers.removeDay'), danger: true }))) return;
    void action.run(() => api.call('calendar.remove', { date: day.date }), { notice: (tt) => tt('ui.settings.handovers.dayRemoved', { date: day.date }) });
  }

  const holidays = days?.filter((d) => d.kind === 'holiday').length ?? 0;
  const workdays = days?.filter((d) => d.kind === 'workday').length ?? 0;
  const redundancy = date ? calendarRedundancy(date, kind) : null;

  return (
    <div>
      {dialog}
      <div className="screen-head section-head">
        <h2 className="section-title">{t('ui.settings.handovers.calendarTitle')}</h2>
        <label className="inline-field">
          <span>{t('ui.settings.handovers.year')}</span>
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="calendar-year-select">
            {calendarYears(current, usedYears).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small intro">{t('ui.settings.handovers.calendarIntro')}</p>
      <ActionFeedback action={action} />
      <form className="calendar-add" onSubmit={add} noValidate data-testid="calendar-form">
        <Field label={t('ui.settings.handovers.date')} problem={null} hint={redundancy ? t(`ui.settings.handovers.${redundancy}`) : undefined}>
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} data-testid="calendar-date-input" />
        </Field>
        <Field label={t('ui.settings.handovers.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as CalendarDayKind)} data-testid="calendar-kind-select">
            {CALENDAR_DAY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`enums.calendarDayKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('ui.settings.handovers.name')} className="grow">
          <input
            type="text"
            maxLength={100}
            placeholder={t('ui.settings.handovers.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="calendar-name-input"
          />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={action.busy || !date} data-testid="calendar-submit">
          {action.busy ? t('ui.common.busy') : t('ui.settings.handovers.addDay')}
        </button>
      </form>
      {days && days.length ? (
        <p className="muted small" data-testid="calendar-summary">
          {t('ui.settings.handovers.holidays', { count: holidays })} · {t('ui.settings.handovers.workdaysCount', { count: workdays })}
        </p>
      ) : null}
      <table className="table table-compact calendar-table" data-testid="calendar-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.settings.handovers.date')}</th>
            <th scope="col">{t('ui.settings.handovers.weekday')}</th>
            <th scope="col">{t('ui.settings.handovers.kind')}</th>
            <th scope="col">{t('ui.settings.handovers.name')}</th>
            <th scope="col" className="actions">
              {t('ui.common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {days === null ? <TableState loading empty={false} columns={5} /> : null}
          {days?.length === 0 ? (
            <tr className="table-state">
              <td colSpan={5} data-testid="empty">
                {t('ui.settings.handovers.noDays', { year })}
              </td>
            </tr>
          ) : null}
          {days?.map((d) => {
            const odd = calendarRedundancy(d.date, d.kind);
            return (
              <tr key={d.date} data-testid="calendar-row" data-date={d.date} data-kind={d.kind}>
                <td className="mono nowrap">{d.date}</td>
                <td className="nowrap">{weekdayName(d.date, language)}</td>
                <td>
                  <span className={`badge ${d.kind === 'holiday' ? 'badge-holiday' : 'badge-workday'}`}>{t(`enums.calendarDayKind.${d.kind}`)}</span>
                  {odd ? <span className="muted small"> {t(`ui.settings.handovers.${odd}`)}</span> : null}
                </td>
                <td>{d.name || <span className="muted">{t('ui.common.dash')}</span>}</td>
                <td className="actions">
                  <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => void remove(d)} data-testid="calendar-remove-button">
                    {t('ui.settings.handovers.removeDay')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
