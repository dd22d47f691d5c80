import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { APPLICATION_KINDS, APPROVER_KINDS, RULE_DEPARTMENTS, STEP_PURPOSES } from '../../../shared/domain/borrowing.js';
import type { ApprovalRule } from '../../../shared/domain/borrowing.js';
import { CONFIDENTIALITY } from '../../../shared/domain/enums.js';
import { api } from '../api.js';
import { useAction, useLoad } from '../hooks.js';
import { ActionFeedback, TableState } from './ui.js';

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * The approval routing an administrator edits (the seeds' rules by default): for each rule, which
 * files it looks at (own / another department's, levels, kinds) and whose step it adds.
 */
export function ApprovalRules() {
  const { t } = useTranslation();
  const load = useLoad(() => api.call('applications.rules', {}));
  const [draft, setDraft] = useState<ApprovalRule[] | null>(null);
  const action = useAction(load);
  const rules = draft ?? load.data?.rules ?? [];
  const change = (i: number, patch: Partial<ApprovalRule>) => setDraft(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = (input: { rules?: ApprovalRule[]; reset?: boolean }) =>
    void action.run(
      async () => {
        const saved = await api.call('applications.updateRules', input);
        setDraft(null);
        return saved;
      },
      { notice: (tt) => tt('ui.rules.saved') },
    );
  return (
    <div className="approval-rules" data-testid="approval-rules">
      <p className="muted small">{load.data?.defaults && !draft ? t('ui.rules.defaults') : t('ui.rules.hint')}</p>
      <ActionFeedback action={action} />
      <table className="table table-compact" data-testid="rules-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.rules.files')}</th>
            <th scope="col">{t('ui.rules.levels')}</th>
            <th scope="col">{t('ui.rules.kinds')}</th>
            <th scope="col">{t('ui.rules.approver')}</th>
            <th scope="col">{t('ui.rules.purpose')}</th>
            <th scope="col" className="actions" />
          </tr>
        </thead>
        <tbody>
          <TableState loading={load.data === null} empty={rules.length === 0} columns={6} />
          {rules.map((rule, i) => (
            <tr key={`${rule.id}-${i}`} data-testid="rule-row">
              <td>
                <select aria-label={t('ui.rules.files')} value={rule.department} onChange={(e) => change(i, { department: e.target.value as ApprovalRule['department'] })}>
                  {RULE_DEPARTMENTS.map((d) => (
                    <option key={d} value={d}>
                      {t(`ui.access.ruleDepartment.${d}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {CONFIDENTIALITY.map((level) => (
                  <label key={level} className="check small">
                    <input type="checkbox" checked={rule.levels.includes(level)} onChange={() => change(i, { levels: toggle(rule.levels, level) })} />
                    <span>{t(`enums.confidentiality.${level}`)}</span>
                  </label>
                ))}
                {rule.levels.length === 0 ? <span className="muted small">{t('ui.rules.all')}</span> : null}
              </td>
              <td>
                {APPLICATION_KINDS.map((kind) => (
                  <label key={kind} className="check small">
                    <input type="checkbox" checked={rule.kinds.includes(kind)} onChange={() => change(i, { kinds: toggle(rule.kinds, kind) })} />
                    <span>{t(`ui.access.kind.${kind}`)}</span>
                  </label>
                ))}
                {rule.kinds.length === 0 ? <span className="muted small">{t('ui.rules.all')}</span> : null}
              </td>
              <td>
                <select aria-label={t('ui.rules.approver')} value={rule.approver} onChange={(e) => change(i, { approver: e.target.value as ApprovalRule['approver'] })}>
                  {APPROVER_KINDS.map((a) => (
                    <option key={a} value={a}>
                      {t(`ui.access.approver.${a}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={t('ui.rules.purpose')} value={rule.purpose} onChange={(e) => change(i, { purpose: e.target.value as ApprovalRule['purpose'] })}>
                  {STEP_PURPOSES.map((p) => (
                    <option key={p} value={p}>
                      {t(`ui.access.stepPurpose.${p}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td className="actions">
                <button type="button" className="btn btn-small" onClick={() => setDraft(rules.filter((_, j) => j !== i))}>
                  {t('ui.rules.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          onClick={() => setDraft([...rules, { id: `rule-${Date.now().toString(36)}`, department: 'any', levels: [], kinds: [], approver: 'archive_manager', purpose: 'access' }])}
          data-testid="rule-add"
        >
          {t('ui.rules.add')}
        </button>
        <button type="button" className="btn" disabled={action.busy} onClick={() => save({ reset: true })} data-testid="rules-reset">
          {t('ui.rules.reset')}
        </button>
        <button type="button" className="btn btn-primary" disabled={action.busy || !draft} onClick={() => draft && save({ rules: draft })} data-testid="rules-save">
          {t('ui.rules.save')}
        </button>
      </div>
    </div>
  );
}
