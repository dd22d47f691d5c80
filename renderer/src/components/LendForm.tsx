import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Loan, Reading } from '../../../shared/contract.js';
import type { Person } from '../../../shared/ops/people.js';
import type { LoanPeriod } from '../../../shared/domain/borrowing.js';
import { loanPeriodFor } from '../../../shared/domain/borrowing.js';
import type { Confidentiality } from '../../../shared/domain/enums.js';
import { looksLikeArchiveNo } from '../../../shared/domain/archiveNo.js';
import { localDate } from '../../../shared/domain/dates.js';
import { DossierError } from '../../../shared/errors.js';
import { api } from '../api.js';
import { useAction, useErrorText } from '../hooks.js';
import { useSettings } from '../stores/settings.js';
import { Field, FormActions } from './ui.js';

interface LendFormProps {
  archiveNo: string;
  submitLabel: string;
  onLent(loan: Loan): void;
  onCancel?: () => void;
  /** Off at the desk, which decides itself (not while the next scan is being typed). */
  autoFocus?: boolean;
  /** The desk also records an in-room reading (查阅) instead of a loan. */
  onRead?: (reading: Reading) => void;
  /** The file's level: the lending policy may give its loans a period of their own. */
  confidentiality?: Confidentiality;
}

/** Borrower (focused), purpose, due date; Enter in any field lends, or says what is missing. */
export function LendForm({ archiveNo, submitLabel, onLent, onCancel, autoFocus = true, onRead, confidentiality = 'normal' }: LendFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const settings = useSettings((s) => s.settings);
  const loadSettings = useSettings((s) => s.load);
  const [borrower, setBorrower] = useState('');
  const [person, setPerson] = useState<Person | null | undefined>(undefined);
  const [signedBy, setSignedBy] = useState('');
  const [signedOn, setSignedOn] = useState(localDate(new Date()));
  const [purpose, setPurpose] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<'loan' | 'read'>('loan');
  const reading = mode === 'read' && onRead !== undefined;
  const [openLoans, setOpenLoans] = useState<Loan[]>([]);
  const borrowerRef = useRef<HTMLInputElement>(null);
  const lend = useAction();

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  // The period the engine will give an empty due date: the lending policy's, for this file's level.
  const [period, setPeriod] = useState<LoanPeriod | null>(null);
  useEffect(() => {
    let live = true;
    api.call('loans.policy', {}).then(
      (policy) => live && setPeriod(loanPeriodFor(policy, 'loan', confidentiality)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [confidentiality]);

  // Who already has files out, for the overdue warning while the borrower is typed.
  useEffect(() => {
    let live = true;
    api.call('loans.list', { open: true, limit: 5000 }).then(
      (loans) => live && setOpenLoans(loans),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const patterns = settings ? [settings.archiveNoPattern] : [];
  const name = borrower.trim();

  // Who the typed or scanned number is, as it is typed (older answers dropped).
  useEffect(() => {
    if (!name || looksLikeArchiveNo(name, patterns)) {
      setPerson(undefined);
      return;
    }
    let live = true;
    api.call('people.get', { person: name }).then(
      (found) => live && setPerson(found),
      () => live && setPerson(null),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the patterns follow the settings, the lookup the typed text
  }, [name]);

  const overdue = person ? openLoans.filter((l) => l.overdue && l.borrowerId === person.id) : [];

  function send(e: FormEvent) {
    e.preventDefault();
    if (!name) {
      setProblem(t('ui.circulation.borrowerMissing'));
      borrowerRef.current?.focus();
      return;
    }
    if (looksLikeArchiveNo(name, patterns)) {
      setProblem(errorText(new DossierError('loan.borrowerIsArchiveNo', { borrower: name })));
      borrowerRef.current?.select();
      return;
    }
    setProblem(null);
    const paperApproval = signedBy.trim() ? { signedBy: signedBy.trim(), signedOn } : undefined;
    if (reading) void lend.run(async () => onRead(await api.call('loans.read', { archiveNo, reader: name, purpose, paperApproval })));
    else void lend.run(async () => onLent(await api.call('loans.lend', { archiveNo, borrower: name, purpose, paperApproval, ...(dueDate ? { dueDate } : {}) })));
  }

  const hint = period
    ? t(period.unit === 'working' ? 'ui.circulation.dueDateHintWorking' : 'ui.circulation.dueDateHint', { days: period.days, count: period.days })
    : t('ui.circulation.dueDateHintGeneric');
  return (
    <form className="lend-form" data-testid="lend-form" onSubmit={send} noValidate>
      {onRead ? (
        <div className="form-row lend-mode" role="radiogroup" aria-label={t('ui.circulation.mode')}>
          {(['loan', 'read'] as const).map((m) => (
            <label key={m} className="check">
              <input type="radio" name="lendMode" checked={mode === m} onChange={() => setMode(m)} data-testid={`lend-mode-${m}`} />
              <span>{m === 'loan' ? t('ui.circulation.modeLoan') : t('ui.circulation.modeRead')}</span>
            </label>
          ))}
          {reading ? <span className="muted small">{t('ui.circulation.modeReadHint')}</span> : null}
        </div>
      ) : null}
      <div className="form-row">
        <Field label={reading ? t('ui.circulation.reader') : t('ui.fields.borrower')} className="grow" problem={problem}>
          <input
            ref={borrowerRef}
            type="text"
            name="borrower"
            required
            autoFocus={autoFocus}
            autoComplete="off"
            maxLength={64}
            placeholder={reading ? t('ui.circulation.readerPlaceholder') : t('ui.circulation.borrowerPlaceholder')}
            value={borrower}
            onChange={(e) => {
              setBorrower(e.target.value);
              setProblem(null);
            }}
            data-testid="borrower-input"
          />
        </Field>
        <Field label={t('ui.fields.purpose')} className="grow">
          <input
            type="text"
            name="purpose"
            autoComplete="off"
            maxLength={300}
            placeholder={t('ui.circulation.purposePlaceholder')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            data-testid="purpose-input"
          />
        </Field>
        {reading ? null : (
          <Field label={t('ui.fields.dueDate')} hint={hint}>
            <input type="date" name="dueDate" min={localDate(new Date())} value={dueDate} onChange={(e) => setDueDate(e.target.value)} data-testid="due-date-input" />
          </Field>
        )}
      </div>
      {person ? (
        <div className="muted small" data-testid="borrower-person">
          {t('ui.circulation.borrowerFound', { name: person.name, where: person.kind === 'staff' ? (person.departmentName ?? '') : person.organisation })}
        </div>
      ) : person === null ? (
        <div className="field-problem" data-testid="borrower-unknown">
          {t('ui.circulation.borrowerUnknown')}
        </div>
      ) : null}
      <div className="form-row">
        <Field label={t('ui.circulation.paperSignedBy')} hint={t('ui.circulation.paperSignedByHint')} className="grow">
          <input type="text" name="paperSignedBy" autoComplete="off" maxLength={100} value={signedBy} onChange={(e) => setSignedBy(e.target.value)} data-testid="paper-signed-by" />
        </Field>
        <Field label={t('ui.circulation.paperSignedOn')}>
          <input type="date" name="paperSignedOn" max={localDate(new Date())} value={signedOn} onChange={(e) => setSignedOn(e.target.value)} data-testid="paper-signed-on" />
        </Field>
      </div>
      {overdue.length ? (
        <div className="msg msg-warn" role="status" data-testid="borrower-overdue-warning">
          {t('ui.circulation.overdueWarning', {
            borrower: person ? person.name : name,
            list: overdue.map((l) => t('ui.circulation.overdueItem', { archiveNo: l.archiveNo, dueDate: l.dueDate })).join(t('ui.circulation.listSeparator')),
          })}
        </div>
      ) : null}
      <FormActions action={lend} onCancel={onCancel} submit={{ label: reading ? t('ui.circulation.startReading') : submitLabel, testId: 'lend-submit' }} />
    </form>
  );
}
