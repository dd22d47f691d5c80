/**
 * The recovery key, shown once after the archive is created: the key in groups, its QR code
 * (bwip-js, drawn as SVG here) and a print button. Nothing of it is stored by the page.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './RecoveryKey.css';

/** The QR code as SVG markup; bwip-js is loaded only when a recovery key is shown. */
async function qrSvg(text: string): Promise<string> {
  const bwip = await import('bwip-js/browser');
  return bwip.toSVG({ bcid: 'qrcode', text, eclevel: 'M', scale: 3, paddingwidth: 2, paddingheight: 2 } as Parameters<typeof bwip.toSVG>[0]);
}

/** `intro` replaces the first run's words (after a rekey the key is a renewed one). */
export function RecoveryKeySheet({ recoveryKey, archiveName, onDone, intro }: { recoveryKey: string; archiveName: string; onDone: () => void; intro?: string }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [madeAt] = useState(() => new Date().toLocaleString());
  useEffect(() => {
    let live = true;
    void qrSvg(recoveryKey).then((markup) => live && setSvg(markup));
    return () => {
      live = false;
    };
  }, [recoveryKey]);
  const groups = recoveryKey.split('-');
  return (
    <section className="card gate-card gate-card-wide recovery-sheet" data-testid="recovery-sheet" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t('ui.recovery.title')}</h1>
      <p className="muted recovery-intro">{intro ?? t('ui.recovery.intro')}</p>
      <div className="recovery-body">
        <div>
          <p className="field-label">{t('ui.recovery.keyLabel')}</p>
          <p className="recovery-key" data-testid="recovery-key" aria-label={recoveryKey}>
            {groups.map((g, i) => (
              <span key={i}>{g}</span>
            ))}
          </p>
          <p className="muted">{t('ui.recovery.archive', { name: archiveName })}</p>
          <p className="muted">{t('ui.recovery.created', { at: madeAt })}</p>
          <p className="muted recovery-note">{t('ui.recovery.sheetNote')}</p>
        </div>
        {/* The markup comes from bwip-js for our own key text: no user HTML is injected. */}
        <figure className="recovery-qr" data-testid="recovery-qr" role="img" aria-label={t('ui.recovery.qrLabel')} dangerouslySetInnerHTML={svg ? { __html: svg } : undefined} />
      </div>
      <div className="recovery-actions">
        <button type="button" className="btn" onClick={() => window.print()} data-testid="recovery-print">
          {t('ui.recovery.print')}
        </button>
        <label className="check">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="recovery-confirm" />
          <span>{t('ui.recovery.confirm')}</span>
        </label>
        <button type="button" className="btn btn-primary" disabled={!confirmed} onClick={onDone} data-testid="recovery-done">
          {t('ui.recovery.done')}
        </button>
      </div>
    </section>
  );
}
