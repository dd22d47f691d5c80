import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditVerification, AuthorityCheck, ChainAnchor, ChainBreak } from '../../../../shared/ops/auditChain.js';
import { api } from '../../api.js';
import { ErrorLine, Field } from '../../components/ui.js';
import { formatDateTime } from '../../format.js';
import { useAction, useLoad } from '../../hooks.js';
import './ChainCheck.css';

/**
 * The audit chain's verification: the current anchor (the code to write down), an optional
 * code to check against, and after verifying every break found, entry by entry, and what each
 * anchor says (truncated, rewritten, matches).
 */
export function ChainCheck() {
  const { t } = useTranslation();
  const anchor = useLoad<ChainAnchor>(() => api.call('audit.anchor'));
  const [code, setCode] = useState('');
  const [result, setResult] = useState<AuditVerification | null>(null);
  const verifying = useAction();

  function verify(event?: FormEvent) {
    event?.preventDefault();
    setResult(null);
    const typed = code.trim();
    void verifying.run(async () => {
      const verification = await api.call('audit.verify', typed ? { anchor: typed } : {});
      setResult(verification);
    });
  }

  const entries = (b: ChainBreak) => (b.toSeq !== null ? t('ui.chain.entryRange', { from: b.seq, to: b.toSeq }) : t('ui.chain.entryOne', { seq: b.seq }));
  const problems = result ? result.breaks.length + result.moreBreaks : 0;
  const head = result?.head ?? anchor.data;

  return (
    <section className="chain-check" aria-labelledby="chain-check-title" data-testid="chain-check">
      <h2 id="chain-check-title" className="chain-check-title">
        {t('ui.chain.title')}
      </h2>
      <p className="muted small">{t('ui.chain.intro')}</p>
      <div className="chain-anchor">
        <span className="chain-anchor-label">{t('ui.chain.anchorLabel')}</span>{' '}
        <code className="chain-anchor-code" data-testid="anchor-code">
          {head?.code ?? '…'}
        </code>{' '}
        {head ? <span className="muted">{t('ui.chain.anchorCount', { count: head.count })}</span> : null}
        <div className="muted small">{t('ui.chain.anchorHint')}</div>
      </div>
      <form className="chain-form" onSubmit={verify}>
        <Field label={t('ui.chain.anchorInput')} hint={t('ui.chain.anchorInputHint')}>
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="DA-…" autoComplete="off" spellCheck={false} data-testid="anchor-input" />
        </Field>
        <button type="submit" className="btn" disabled={verifying.busy} data-testid="verify-button">
          {verifying.busy ? t('ui.chain.verifying') : t('ui.chain.verify')}
        </button>
      </form>
      <ErrorLine error={verifying.error ?? anchor.error} />
      {result ? (
        <div className={`msg ${result.ok ? 'msg-ok' : 'msg-error'}`} role={result.ok ? 'status' : 'alert'} data-testid="verify-result" data-ok={result.ok ? 'true' : 'false'}>
          <div className="chain-verdict">{result.ok ? t('ui.chain.ok', { entries: result.entries, count: result.entries }) : t('ui.chain.broken', { count: problems })}</div>
          <div>{t('ui.chain.entries', { entries: result.entries, signed: result.signedEntries })}</div>
          {result.beforeSigning > 0 ? <div data-testid="before-signing">{t('ui.chain.beforeSigning', { count: result.beforeSigning })}</div> : null}
          {result.breaks.length ? (
            <>
              <div className="chain-breaks-title">{t('ui.chain.breaksTitle')}</div>
              <ul className="chain-breaks" data-testid="chain-breaks">
                {result.breaks.map((b) => (
                  <li key={`${b.kind}-${b.seq}-${b.toSeq ?? ''}`} data-testid="chain-break" data-kind={b.kind} data-seq={b.seq}>
                    {t(`ui.chain.kinds.${b.kind}`, { entries: entries(b) })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.moreBreaks > 0 ? <div>{t('ui.chain.moreBreaks', { count: result.moreBreaks })}</div> : null}
          {result.anchors.map((a) => (
            <div key={a.source} data-testid="anchor-check" data-source={a.source} data-result={a.result}>
              {t('ui.chain.anchorLine', {
                source: t(`ui.chain.anchorSource.${a.source}`, { count: a.count, at: formatDateTime(a.at) }),
                result: t(`ui.chain.anchorResult.${a.result}`),
              })}
            </div>
          ))}
          {!result.anchorRemembered ? <div className="small">{t('ui.chain.noAnchor')}</div> : null}
        </div>
      ) : null}
      {result ? <AuthorityState check={result.authority} /> : null}
    </section>
  );
}

/** The signed authority as verification found it: its version, rows that differ from it, keys pending, repairs before. */
function AuthorityState({ check }: { check: AuthorityCheck }) {
  const { t } = useTranslation();
  const holds = check.state === 'ok' || check.state === 'unsigned';
  const sep = t('ui.authorityCheck.fieldSeparator');
  return (
    <div className={`msg ${holds ? 'msg-ok' : 'msg-error'}`} role={holds ? 'status' : 'alert'} data-testid="authority-result" data-state={check.state}>
      <div className="chain-verdict">
        {t('ui.authorityCheck.title')}
        {t('ui.authorityCheck.colon')}
        {t(`ui.authorityCheck.states.${check.state}`)}
        {check.seq !== null ? t('ui.authorityCheck.seq', { seq: check.seq }) : null}
      </div>
      {check.differences.length ? (
        <ul className="chain-breaks" data-testid="authority-differences">
          {check.differences.map((d, i) => {
            const what =
              d.kind === 'user'
                ? t('ui.authorityCheck.user', { label: d.label ?? '' })
                : d.label !== null
                  ? t('ui.authorityCheck.grant', { label: d.label })
                  : t('ui.authorityCheck.grantHidden');
            const fields = d.fields.map((f) => t(`ui.authorityCheck.fields.${f}`, { defaultValue: f })).join(sep);
            return (
              <li key={`${d.kind}-${i}`} data-testid="authority-difference" data-problem={d.problem}>
                {t(`ui.authorityCheck.problems.${d.problem}`, { what, fields })}
              </li>
            );
          })}
        </ul>
      ) : null}
      {check.pending.length ? <div>{t('ui.authorityCheck.pending', { names: check.pending.join(sep) })}</div> : null}
      {check.repaired > 0 ? (
        <div data-testid="authority-repaired">{t('ui.authorityCheck.repaired', { count: check.repaired, at: formatDateTime(check.lastRepairedAt) })}</div>
      ) : null}
    </div>
  );
}
