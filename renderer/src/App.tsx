import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Place } from '../../shared/contract.js';
import { api, onApiError } from './api.js';
import { ErrorLine, FormActions } from './components/ui.js';
import { currentPlace, restorePlace, watchPlace } from './place.js';
import { useSession } from './stores/session.js';
import { useSettings } from './stores/settings.js';
import { RecoveryKeySheet } from './components/RecoveryKey.js';
import { Gate } from './screens/Gate.js';
import { Layout } from './screens/Layout.js';
import { SetupScreen } from './screens/Setup.js';
import { UnlockScreen } from './screens/Unlock.js';

export function App() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  const failure = useSession((s) => s.failure);
  const refresh = useSession((s) => s.refresh);
  const renewedRecoveryKey = useSession((s) => s.renewedRecoveryKey);
  const archiveName = useSession((s) => s.archiveName);

  useEffect(() => {
    const off = onApiError((error) => {
      if (error.code === 'archive.locked') useSession.getState().markLocked();
      if (error.code === 'transport.unauthorized') useSession.getState().fail(error);
    });
    void refresh();
    return off;
  }, [refresh]);

  // A fresh session starts at the circulation desk with fresh settings; the same user unlocking
  // again is back where they were: this tab's own record (an idle lock, the lock button), else
  // the host's (a new tab after the last one closed, a reload).
  const resume = useRef<{ username: string; place: Place } | null>(null);
  const username = useSession((s) => s.user?.username ?? null);
  useEffect(() => {
    if (phase === 'unlocked') {
      const own = resume.current && resume.current.username === username ? resume.current.place : null;
      resume.current = null;
      restorePlace(own ?? useSession.getState().user?.place);
    } else {
      useSettings.getState().clear();
    }
  }, [phase, username]);
  useEffect(() => {
    if (phase !== 'unlocked' || !username) return;
    const tell = (place: Place) => {
      // Screens unmounting at a lock reset their state: that is not where the clerk was.
      if (useSession.getState().phase !== 'unlocked') return;
      resume.current = { username, place };
      api.call('session.remember', { place }).catch(() => {
        // Locked meanwhile: this tab's own record still has it.
      });
    };
    tell(currentPlace());
    return watchPlace(tell);
  }, [phase, username]);

  useEffect(() => {
    if (phase !== 'unlocked') document.title = t('ui.appName');
  }, [phase, t]);

  switch (phase) {
    case 'starting':
      return (
        <Gate bare>
          <p className="muted center" data-testid="loading">
            {t('ui.startup.connecting')}
          </p>
        </Gate>
      );
    case 'failed':
      if (failure?.code === 'transport.unauthorized') {
        return (
          <Gate>
            <div className="card gate-card" data-testid="bad-address">
              <h1>{t('ui.startup.badAddressTitle')}</h1>
              <p>{t('ui.startup.badAddressBody')}</p>
            </div>
          </Gate>
        );
      }
      return (
        <Gate>
          <div className="card gate-card" data-testid="startup-failed">
            <h1>{t('ui.startup.failed')}</h1>
            <ErrorLine error={failure} />
            <FormActions>
              <button type="button" className="btn btn-primary" onClick={() => void refresh()}>
                {t('ui.common.retry')}
              </button>
            </FormActions>
          </div>
        </Gate>
      );
    case 'missing':
      return <SetupScreen />;
    case 'locked':
      return renewedRecoveryKey ? (
        <Gate>
          <RecoveryKeySheet
            recoveryKey={renewedRecoveryKey}
            archiveName={archiveName ?? ''}
            intro={t('ui.rekey.renewedIntro')}
            onDone={() => useSession.getState().setRenewedRecoveryKey(null)}
          />
        </Gate>
      ) : (
        <UnlockScreen />
      );
    case 'unlocked':
      return <Layout />;
  }
}
