import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../shared/ops/reports.js';
import { api } from '../api.js';
import { useAction } from '../hooks.js';
import { Dialog, Field, FormActions } from './ui.js';
import './IncidentResolve.css';

type Resolution = 'found' | 'replaced' | 'written_off';
const RESOLUTIONS: Resolution[] = ['found', 'replaced', 'written_off'];

/**
 * Resolves an open incident (found / replaced / written off): the app's own dialog, keyboard only
 * (the first choice has focus, arrows move between the choices, Enter confirms, Esc closes). A
 * write-off needs a reason; the engine refuses one without it too (incident.reasonRequired).
 */
export function IncidentResolveDialog({ incident, onClose, onDone }: { incident: Incident; onClose: () => void; onDone: (resolved: Resolution) => void }) {
  const { t } = useTranslation();
  const [resolution, setResolution] = useState<Resolution>('found');
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const action = useAction();
  const needsReason = resolution === 'written_off';
  const what = t('ui.ledger.resolveWhat', {
    kind: t(`ui.access.incidentKind.${incident.kind}`),
    item: incident.itemSeq !== null ? t('ui.ledger.itemLine', { seq: incident.itemSeq, title: incident.itemTitle ?? '' }) : incident.archiveNo,
    person: incident.personName ?? '',
  });
  return (
    <Dialog title={t('ui.ledger.resolveTitle', { archiveNo: incident.archiveNo })} onClose={onClose} testId="incident-resolve-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (needsReason && !reason.trim()) {
            setMissingReason(true);
            return;
          }
          void action.run(() => api.call('incidents.resolve', { id: incident.id, resolution, reason: reason.trim() })).then((r) => r && onDone(resolution));
        }}
      >
        <p className="confirm-body">{what}</p>
        <fieldset className="radio-group resolution" data-testid="incident-resolution">
          <legend>{t('ui.ledger.resolveAs')}</legend>
          {RESOLUTIONS.map((r, i) => (
            <label key={r} className="check">
              <input
                type="radio"
                name="resolution"
                value={r}
                checked={resolution === r}
                autoFocus={i === 0}
                onChange={() => {
                  setResolution(r);
                  setMissingReason(false);
                }}
                data-testid={`resolve-${r}`}
              />
              <span>{t(`ui.access.incidentStatus.${r}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field label={needsReason ? t('ui.ledger.reasonRequired') : t('ui.ledger.reasonOptional')} problem={missingReason ? t('ui.ledger.reasonMissing') : null}>
          <input
            type="text"
            value={reason}
            maxLength={500}
            onChange={(e) => {
              setReason(e.target.value);
              setMissingReason(false);
            }}
            data-testid="resolve-reason"
          />
        </Field>
        <FormActions action={action} onCancel={onClose} submit={{ label: t('ui.ledger.resolveSubmit'), testId: 'resolve-submit' }} />
      </form>
    </Dialog>
  );
}
