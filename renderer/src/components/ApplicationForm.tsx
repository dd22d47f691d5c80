import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FileDetail } from '../../../shared/contract.js';
import { APPLICATION_KINDS, borrowerLabel } from '../../../shared/domain/borrowing.js';
import type { ApplicationKind } from '../../../shared/domain/borrowing.js';
import { addDays, localDate } from '../../../shared/domain/dates.js';
import type { Application } from '../../../shared/ops/applications.js';
import type { Person } from '../../../shared/ops/people.js';
import { normalizeArchiveNo } from '../../../shared/domain/archiveNo.js';
import { api } from '../api.js';
import { useAction, useCan, useDebounced, useErrorText } from '../hooks.js';
import { useSettings } from '../stores/settings.js';
import { Dialog, Field, FormActions } from './ui.js';

interface Wanted {
  file: FileDetail;
  /** A single item asked for, or '' for the whole file. */
  itemId: string;
}

/** Picks a person of the register: type a name, staff, card or ID number, then choose with the arrow keys. */
export function PersonPicker({ value, onChange, testId, label }: { value: Person | null; onChange(person: Person | null): void; testId: string; label: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<Person[]>([]);
  const typed = useDebounced(search.trim(), 120);
  useEffect(() => {
    if (!typed) {
      setMatches([]);
      return;
    }
    let live = true;
    api.call('people.list', { search: typed, limit: 20 }).then(
      (r) => {
        if (!live) return;
        setMatches(r.rows);
        // One match, or an exact staff or card number: that is the person.
        const exact = r.rows.find((p) => p.staffNo === typed.toUpperCase() || p.cardNo === typed.toUpperCase());
        if (exact || r.rows.length === 1) onChange(exact ?? r.rows[0]!);
      },
      () => live && setMatches([]),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the lookup follows the typed text only
  }, [typed]);
  return (
    <div className="person-picker">
      <Field label={label} hint={t('ui.applications.personHint')} className="grow">
        <input
          type="text"
          autoComplete="off"
          maxLength={100}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            onChange(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && matches.length) {
              e.preventDefault();
              document.querySelector<HTMLSelectElement>(`[data-testid="${testId}-matches"]`)?.focus();
            }
          }}
          data-testid={`${testId}-search`}
        />
      </Field>
      {matches.length > 1 ? (
        <select
          size={Math.min(5, matches.length)}
          className="person-matches"
          aria-label={t('ui.applications.matches')}
          value={value?.id ?? ''}
          onChange={(e) => onChange(matches.find((p) => p.id === e.target.value) ?? null)}
          data-testid={`${testId}-matches`}
        >
          {matches.map((p) => (
            <option key={p.id} value={p.id}>
              {personLine(t, p)}
            </option>
          ))}
        </select>
      ) : null}
      {value ? (
        <div className="muted small" data-testid={`${testId}-chosen`}>
          {t('ui.applications.chosen', { person: personLine(t, value) })}
        </div>
      ) : typed && matches.length === 0 ? (
        <div className="field-problem">{t('ui.applications.noMatch')}</div>
      ) : null}
    </div>
  );
}

export function personLine(t: TFunction, p: Person): string {
  const numbers = p.kind === 'staff' ? [p.staffNo, p.cardNo].filter(Boolean).join(' · ') : p.idNo;
  return `${borrowerLabel(p)}${numbers ? `（${numbers}）` : ''}${p.kind === 'outside' ? ` · ${t('ui.access.personKind.outside')}` : ''}`;
}

/** A clerk records an application for a colleague (or anyone applies for themselves); a paper one is recorded as signed. */
export function ApplicationForm({ onDone, onClose }: { onDone(application: Application): void; onClose(): void }) {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const settings = useSettings((s) => s.settings);
  const today = localDate(new Date());
  const [requester, setRequester] = useState<Person | null>(null);
  const [archiveNo, setArchiveNo] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [wanted, setWanted] = useState<Wanted[]>([]);
  const [kind, setKind] = useState<ApplicationKind>('loan');
  const [purpose, setPurpose] = useState('');
  const [from, setFrom] = useState(today);
  const [until, setUntil] = useState(addDays(today, settings?.loanDays ?? 3));
  const [letterNo, setLetterNo] = useState('');
  const [paper, setPaper] = useState(false);
  const [signedBy, setSignedBy] = useState('');
  const [signedOn, setSignedOn] = useState(today);
  const [problem, setProblem] = useState<string | null>(null);
  const archiveRef = useRef<HTMLInputElement>(null);
  const action = useAction();

  useEffect(() => {
    if (requester?.kind === 'outside') setLetterNo(requester.letterNo);
  }, [requester]);

  async function addFile() {
    const no = normalizeArchiveNo(archiveNo);
    if (!no) return;
    setFileProblem(null);
    if (wanted.some((w) => w.file.archiveNo === no)) {
      setArchiveNo('');
      return;
    }
    try {
      const file = await api.call('files.get', { archiveNo: no });
      setWanted((w) => [...w, { file, itemId: '' }]);
      setArchiveNo('');
    } catch (err) {
      setFileProblem(errorText(err));
      archiveRef.current?.select();
    }
  }

  function onArchiveKey(e: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the typed number to the list; it never submits the form.
    if (e.key === 'Enter') {
      e.preventDefault();
      if (archiveNo.trim()) void addFile();
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!requester) {
      setProblem(t('ui.applications.requesterMissing'));
      return;
    }
    if (wanted.length === 0) {
      setProblem(t('ui.applications.filesMissing'));
      archiveRef.current?.focus();
      return;
    }
    if (!purpose.trim()) {
      setProblem(t('ui.applications.purposeMissing'));
      return;
    }
    setProblem(null);
    void action.run(async () => {
      const created = await api.call('applications.create', {
        requester: requester.id,
        files: wanted.map((w) => ({ archiveNo: w.file.archiveNo, ...(w.itemId ? { itemId: w.itemId } : {}) })),
        kind,
        purpose: purpose.trim(),
        wantedFrom: from,
        wantedUntil: until,
        ...(requester.kind === 'outside' ? { letterNo: letterNo.trim() } : {}),
        ...(paper ? { paper: { signedBy: signedBy.trim(), signedOn } } : {}),
      });
      onDone(created);
    });
  }

  return (
    <Dialog title={t('ui.applications.newTitle')} onClose={onClose} wide testId="application-dialog">
      <form onSubmit={submit} noValidate data-testid="application-form" className="application-form">
        <PersonPicker value={requester} onChange={setRequester} testId="requester" label={t('ui.applications.requester')} />
        <div className="form-row">
          <Field label={t('ui.applications.addFile')} hint={t('ui.applications.addFileHint')} problem={fileProblem} className="grow">
            <input
              ref={archiveRef}
              type="text"
              autoComplete="off"
              maxLength={64}
              value={archiveNo}
              onChange={(e) => setArchiveNo(e.target.value)}
              onKeyDown={onArchiveKey}
              data-testid="application-archive-no"
            />
          </Field>
          <Field label={t('ui.applications.kind')}>
            <select value={kind} onChange={(e) => setKind(e.target.value as ApplicationKind)} data-testid="application-kind">
              {APPLICATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`ui.access.kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {wanted.length ? (
          <table className="table table-compact" data-testid="application-files">
            <tbody>
              {wanted.map((w, i) => (
                <tr key={w.file.id} data-testid="application-file-row">
                  <td className="mono nowrap">{w.file.archiveNo}</td>
                  <td>{w.file.title}</td>
                  <td>
                    <select
                      aria-label={t('ui.applications.itemChoice', { archiveNo: w.file.archiveNo })}
                      value={w.itemId}
                      onChange={(e) => setWanted((all) => all.map((x, j) => (j === i ? { ...x, itemId: e.target.value } : x)))}
                    >
                      <option value="">{t('ui.applications.wholeFile')}</option>
                      {w.file.items
                        .filter((item) => item.supersededById === null)
                        .map((item) => (
                          <option key={item.id} value={item.id}>
                            {t('ui.applications.itemOption', { seq: item.seq, title: item.title })}
                          </option>
                        ))}
                    </select>
                  </td>
                  <td className="actions">
                    <button type="button" className="btn btn-small" onClick={() => setWanted((all) => all.filter((_, j) => j !== i))}>
                      {t('ui.applications.removeFile')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <div className="form-row">
          <Field label={t('ui.applications.purpose')} className="grow">
            <input type="text" maxLength={300} value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="application-purpose" />
          </Field>
          <Field label={t('ui.applications.from')}>
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="application-from" />
          </Field>
          <Field label={t('ui.applications.until')}>
            <input type="date" value={until} min={from} onChange={(e) => setUntil(e.target.value)} data-testid="application-until" />
          </Field>
        </div>
        {requester?.kind === 'outside' ? (
          <Field label={t('ui.applications.letterNo')} hint={t('ui.applications.letterHint')}>
            <input type="text" maxLength={64} value={letterNo} onChange={(e) => setLetterNo(e.target.value)} data-testid="application-letter" />
          </Field>
        ) : null}
        {can('loans.lend') ? (
          <fieldset className="paper">
            <label className="check">
              <input type="checkbox" checked={paper} onChange={(e) => setPaper(e.target.checked)} data-testid="application-paper" />
              <span>{t('ui.applications.paper')}</span>
            </label>
            {paper ? (
              <div className="form-row">
                <Field label={t('ui.applications.signedBy')} className="grow">
                  <input type="text" maxLength={100} value={signedBy} onChange={(e) => setSignedBy(e.target.value)} data-testid="application-signed-by" />
                </Field>
                <Field label={t('ui.applications.signedOn')}>
                  <input type="date" max={today} value={signedOn} onChange={(e) => setSignedOn(e.target.value)} data-testid="application-signed-on" />
                </Field>
              </div>
            ) : null}
          </fieldset>
        ) : null}
        {problem ? (
          <div className="field-problem" role="alert" data-testid="application-problem">
            {problem}
          </div>
        ) : null}
        <FormActions action={action} onCancel={onClose} submit={{ label: t('ui.applications.submit'), testId: 'application-submit' }} />
      </form>
    </Dialog>
  );
}
