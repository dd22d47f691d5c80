/**
 * The print buttons of the screens that hold the data: a file's contents list, cover and note
 * sheet; the client roster with the columns the clerk picks; the lending register for a
 * period, the overdue list and reminder slips; the handover register as filtered.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDate } from '../../../shared/domain/dates.js';
import type { OpInput } from '../../../shared/contract.js';
import { DEFAULT_ROSTER_COLUMNS, ROSTER_COLUMNS } from '../../../shared/ops/print.js';
import type { RosterColumn } from '../../../shared/ops/print.js';
import { useCan } from '../hooks.js';
import { PrintButton } from './PrintPreview.js';
import { Dialog, Field } from './ui.js';

/** 卷内目录 · 案卷封面 · 卷内备考表 of one file. */
export function FilePrintButtons({ archiveNo }: { archiveNo: string }) {
  const { t } = useTranslation();
  return (
    <span className="print-group" role="group" aria-label={t('ui.print.menu')}>
      <PrintButton operation="print.contents" input={{ archiveNos: [archiveNo] }} form="contents" testId="print-contents-button" />
      <PrintButton operation="print.cover" input={{ archiveNos: [archiveNo] }} form="cover" testId="print-cover-button" />
      <PrintButton operation="print.noteSheet" input={{ archiveNos: [archiveNo] }} form="noteSheet" testId="print-notesheet-button" />
    </span>
  );
}

/** 客户信息一览表: the list's search and filters, the columns ticked in a dialog. */
export function RosterPrintButton({ filter, count }: { filter: NonNullable<OpInput<'print.roster'>['clientFilter']>; count: number | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const [open, setOpen] = useState(false);
  const [columns, setColumns] = useState<RosterColumn[]>(DEFAULT_ROSTER_COLUMNS);
  if (!can('print.roster')) return null;
  const toggle = (column: RosterColumn, on: boolean) => setColumns((c) => ROSTER_COLUMNS.filter((k) => (k === column ? on : c.includes(k))));
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="print-roster-button">
        {t('ui.print.button', { form: t('ui.print.forms.roster') })}
      </button>
      {open ? (
        <Dialog title={t('ui.print.roster.title')} onClose={() => setOpen(false)} testId="print-roster-dialog">
          {count !== null ? <p className="muted">{t('ui.print.roster.scope', { count })}</p> : null}
          <fieldset className="print-columns">
            <legend>{t('ui.print.roster.columnsLegend')}</legend>
            {ROSTER_COLUMNS.map((column) => (
              <label key={column} className="check">
                <input type="checkbox" checked={columns.includes(column)} onChange={(e) => toggle(column, e.target.checked)} data-testid={`roster-column-${column}`} />
                <span>{t(`ui.print.roster.columns.${column}`)}</span>
              </label>
            ))}
          </fieldset>
          {columns.length === 0 ? (
            <p className="field-problem" role="alert">
              {t('ui.print.roster.noColumns')}
            </p>
          ) : null}
          <div className="form-actions">
            {columns.length > 0 ? (
              <PrintButton operation="print.roster" input={{ columns, clientFilter: filter }} form="roster" testId="print-roster-submit" className="btn btn-primary">
                {t('ui.print.roster.submit')}
              </PrintButton>
            ) : null}
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('ui.print.roster.cancel')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}

/** 借阅登记簿 for a period (this month by default), 逾期清单 and 催还单. */
export function LoanPrintButtons() {
  const { t } = useTranslation();
  const can = useCan();
  const today = localDate(new Date());
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  return (
    <span className="print-group" role="group" aria-label={t('ui.print.menu')}>
      {can('print.register') ? (
        <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="print-register-button">
          {t('ui.print.button', { form: t('ui.print.forms.register') })}
        </button>
      ) : null}
      <PrintButton operation="print.overdue" input={{}} form="overdue" testId="print-overdue-button" />
      <PrintButton operation="print.reminders" input={{}} form="reminders" testId="print-reminders-button" />
      {open ? (
        <Dialog title={t('ui.print.register.title')} onClose={() => setOpen(false)} testId="print-register-dialog">
          <div className="form-row">
            <Field label={t('ui.print.register.from')}>
              <input type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} data-testid="print-register-from" />
            </Field>
            <Field label={t('ui.print.register.to')}>
              <input type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} data-testid="print-register-to" />
            </Field>
          </div>
          <div className="form-actions">
            <PrintButton operation="print.register" input={{ from, to }} form="register" testId="print-register-submit" className="btn btn-primary">
              {t('ui.print.register.submit')}
            </PrintButton>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('ui.print.register.cancel')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </span>
  );
}

/** 移交登记簿 of the period and department the register shows. */
export function HandoverPrintButton({ filter }: { filter: OpInput<'print.handovers'> }) {
  return <PrintButton operation="print.handovers" input={filter} form="handovers" testId="print-handovers-button" />;
}
