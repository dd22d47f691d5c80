/** Told once to an administrator at sign-in: failed sign-ins and authority found changed outside Dossier since their previous sign-in. */
import { useTranslation } from 'react-i18next';
import { useSession } from '../stores/session.js';
import './RecoveryKey.css';

export function SignInNoticeBar() {
  const { t } = useTranslation();
  const notice = useSession((s) => s.signInNotice);
  const dismiss = useSession((s) => s.dismissSignInNotice);
  if (!notice) return null;
  return (
    <div className="sign-in-notice" role="alert" data-testid="sign-in-notice">
      <ul>
        {notice.authorityProblems > 0 ? <li data-testid="notice-authority">{t('ui.signInNotice.authority', { count: notice.authorityProblems })}</li> : null}
        {notice.failedSignIns > 0 ? <li data-testid="notice-failed">{t('ui.signInNotice.failed', { count: notice.failedSignIns })}</li> : null}
      </ul>
      <button type="button" className="btn btn-small" onClick={dismiss} data-testid="sign-in-notice-dismiss">
        {t('ui.signInNotice.dismiss')}
      </button>
    </div>
  );
}
