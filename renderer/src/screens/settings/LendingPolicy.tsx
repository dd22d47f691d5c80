/**
 * 借阅规则: the lending policy an administrator sets (loans.updatePolicy) — whether a loan needs
 * an approved application, the due period (calendar or working days) with periods per kind and
 * level, how many renewals, and whether a borrower with an overdue file may borrow more.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITY } from '../../../../shared/domain/enums.js';
import type { Confidentiality } from '../../../../shared/domain/enums.js';
import { DAY_UNITS } from '../../../../shared/domain/borrowing.js';
import type { DayUnit } from '../../../../shared/domain/borrowing.js';
import { api } from '../../api.js';
import { ActionFeedback, Field, FormActions } from '../../components/ui.js';
import { useAction } from '../../hooks.js';

interface RuleDraft {
  kind: '' | 'loan' | 'copy';
  level: '' | Confidentiality;
  days: string;
  unit: DayUnit;
}

const validDays = (days: string) => /^\d{1,3}$/.test(days) && Number(days) <= 366;

export function LendingPolicySettings() {
  const { t } = useTranslation();
  const action = useAction();
  const [loaded, setLoaded] = useState(false);
  const [requireApplication, setRequireApplication] = useState(true);
  const [blockOverdue, setBlockOverdue] = useState(true);
  const [maxRenewals, setMaxRenewals] = useState('1');
  const [days, setDays] = useState('3');
  const [unit, setUnit] = useState<DayUnit>('calendar');
  const [rules, setRules] = useState<RuleDraft[]>([]);

  useEffect(() => {
    api.call('loans.policy', {}).then((p) => {
      setRequireApplication(p.requireApplication);
      setBlockOverdue(p.blockOverdue);
      setMaxRenewals(String(p.maxRenewals));
      setDays(String(p.period.days));
      setUnit(p.period.unit);
      setRules(p.rules.map((r) => ({ kind: r.kind ?? '', level: r.level ?? '', days: String(r.days), unit: r.unit })));
      setLoaded(true);
    }, action.setError);
  }, [action.setError]);

  const renewalsOk = /^\d{1,2}$/.test(maxRenewals) && Number(maxRenewals) <= 20;
  // Two rules for the same kind and level: the second could never apply.
  const keys = rules.map((r) => `${r.kind}/${r.level}`);
  const duplicate = (i: number) => keys.indexOf(keys[i]!) !== i;
  const ruleProblem = (r: RuleDraft, i: number) =>
    !r.kind && !r.level ? t('ui.settings.lending.ruleEmpty') : !validDays(r.days) ? t('ui.settings.lending.daysRange') : duplicate(i) ? t('ui.settings.lending.ruleTwice') : null;
  const valid = loaded && renewalsOk && validDays(days) && rules.every((r, i) => ruleProblem(r, i) === null);

  function change(i: number, patch: Partial<RuleDraft>) {
    setRules((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  }

  const submit = action.submit(
    () =>
      api.call('loans.updatePolicy', {
        requireApplication,
        blockOverdue,
        maxRenewals: Number(maxRenewals),
        period: { days: Number(days), unit },
        rules: rules.map((r) => ({ days: Number(r.days), unit: r.unit, ...(r.kind ? { kind: r.kind } : {}), ...(r.level ? { level: r.level } : {}) })),
      }),
    { enabled: valid, notice: (tt) => tt('ui.settings.lending.saved') },
  );

  const unitSelect = (value: DayUnit, onChange: (u: DayUnit) => void, testId: string, label?: string) => (
    <select value={value} onChange={(e) => onChange(e.target.value as DayUnit)} data-testid={testId} aria-label={label}>
      {DAY_UNITS.map((u) => (
        <option key={u} value={u}>
          {t(`ui.settings.lending.unit.${u}`)}
        </option>
      ))}
    </select>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="lending-policy-form">
      <p className="muted">{t('ui.settings.lending.intro')}</p>
      <ActionFeedback action={action} />
      <div>
        <label className="check">
          <input type="checkbox" checked={requireApplication} onChange={(e) => setRequireApplication(e.target.checked)} data-testid="policy-require-application" />
          <span>{t('ui.settings.lending.requireApplication')}</span>
        </label>
      </div>
      <div>
        <label className="check">
          <input type="checkbox" checked={blockOverdue} onChange={(e) => setBlockOverdue(e.target.checked)} data-testid="policy-block-overdue" />
          <span>{t('ui.settings.lending.blockOverdue')}</span>
        </label>
      </div>
      <div className="form-row">
        <Field label={t('ui.settings.lending.days')} problem={days && !validDays(days) ? t('ui.settings.lending.daysRange') : null}>
          <input type="number" min={0} max={366} value={days} onChange={(e) => setDays(e.target.value)} data-testid="policy-days" />
        </Field>
        <Field label={t('ui.settings.lending.unitLabel')}>{unitSelect(unit, setUnit, 'policy-unit')}</Field>
        <Field label={t('ui.settings.lending.maxRenewals')} problem={renewalsOk ? null : t('ui.settings.lending.renewalsRange')}>
          <input type="number" min={0} max={20} value={maxRenewals} onChange={(e) => setMaxRenewals(e.target.value)} data-testid="policy-max-renewals" />
        </Field>
      </div>
      <h3 className="section-title">{t('ui.settings.lending.rules')}</h3>
      <p className="muted small">{t('ui.settings.lending.rulesHint')}</p>
      <table className="table table-compact" data-testid="policy-rules">
        <thead>
          <tr>
            <th scope="col">{t('ui.settings.lending.kind')}</th>
            <th scope="col">{t('ui.settings.lending.level')}</th>
            <th scope="col">{t('ui.settings.lending.days')}</th>
            <th scope="col">{t('ui.settings.lending.unitLabel')}</th>
            <th scope="col" className="actions">
              {t('ui.common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => {
            const problem = ruleProblem(r, i);
            return (
              <tr key={i} data-testid="policy-rule">
                <td>
                  <select
                    value={r.kind}
                    onChange={(e) => change(i, { kind: e.target.value as RuleDraft['kind'] })}
                    aria-label={t('ui.settings.lending.kind')}
                    data-testid="rule-kind"
                  >
                    <option value="">{t('ui.settings.lending.anyKind')}</option>
                    <option value="loan">{t('ui.access.kind.loan')}</option>
                    <option value="copy">{t('ui.access.kind.copy')}</option>
                  </select>
                </td>
                <td>
                  <select
                    value={r.level}
                    onChange={(e) => change(i, { level: e.target.value as RuleDraft['level'] })}
                    aria-label={t('ui.settings.lending.level')}
                    data-testid="rule-level"
                  >
                    <option value="">{t('ui.settings.lending.anyLevel')}</option>
                    {CONFIDENTIALITY.map((c) => (
                      <option key={c} value={c}>
                        {t(`enums.confidentiality.${c}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={366}
                    value={r.days}
                    onChange={(e) => change(i, { days: e.target.value })}
                    aria-label={t('ui.settings.lending.days')}
                    aria-invalid={problem ? true : undefined}
                    data-testid="rule-days"
                  />
                  {problem ? (
                    <div className="field-problem" data-testid="field-error">
                      {problem}
                    </div>
                  ) : null}
                </td>
                <td>{unitSelect(r.unit, (u) => change(i, { unit: u }), 'rule-unit', t('ui.settings.lending.unitLabel'))}</td>
                <td className="actions">
                  <button type="button" className="btn btn-small" onClick={() => setRules((rs) => rs.filter((_, j) => j !== i))} data-testid="rule-remove">
                    {t('ui.settings.lending.removeRule')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="btn" disabled={rules.length >= 20} onClick={() => setRules((rs) => [...rs, { kind: 'loan', level: '', days, unit }])} data-testid="rule-add">
        {t('ui.settings.lending.addRule')}
      </button>
      <FormActions action={{ busy: action.busy, error: null }} submit={{ label: t('ui.common.save'), testId: 'policy-submit', disabled: !valid }} />
    </form>
  );
}
