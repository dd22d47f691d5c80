import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GlobalSearch } from '../components/GlobalSearch.js';
import { JobsTray } from '../components/Jobs.js';
import { LanguageSwitch } from '../components/ui.js';
import { useCan } from '../hooks.js';
import { useIdleLock } from '../idle.js';
import { useSettings } from '../stores/settings.js';
import { sectionOf, useNav, viewKey } from '../stores/nav.js';
import type { Section } from '../stores/nav.js';
import { useDesk } from '../stores/desk.js';
import { followJobs, useJobs } from '../stores/jobs.js';
import { useSession } from '../stores/session.js';
import { AuditScreen, useAuditChoices } from './Audit.js';
import { CirculationScreen } from './Circulation.js';
import { ClientDetailScreen } from './ClientDetail.js';
import { ClientsScreen } from './Clients.js';
import { FilePageScreen } from './file/FilePage.js';
import { ImportScreen } from './Import.js';
import { InboxScreen } from './Inbox.js';
import { HandoversScreen, useHandoverPeriod } from './Handovers.js';
import { LoansScreen } from './Loans.js';
import { ApplicationsScreen } from './Applications.js';
import { PeopleScreen } from './People.js';
import { ReportsScreen } from './Reports.js';
import { LocationsScreen } from './Locations.js';
import { SearchScreen } from './Search.js';
import { VerificationScreen } from './Verification.js';
import { SettingsScreen } from './Settings.js';
import { SignInNoticeBar } from '../components/SignInNotice.js';

const NAV_COLLAPSED_KEY = 'dossier.navCollapsed';
export const DEFAULT_IDLE_LOCK_MINUTES = 10;

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(NAV_COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

function writeCollapsed(collapsed: boolean): void {
  try {
    window.localStorage.setItem(NAV_COLLAPSED_KEY, collapsed ? '1' : '0');
  } catch {
    // Storage disabled: the choice lasts for this page.
  }
}

export function Layout() {
  const { t } = useTranslation();
  const can = useCan();
  const archiveName = useSession((s) => s.archiveName);
  const user = useSession((s) => s.user);
  const lock = useSession((s) => s.lock);
  const view = useNav((s) => s.view);
  const go = useNav((s) => s.go);

  const sections: Section[] = [
    'circulation',
    'search',
    'clients',
    'loans',
    'applications',
    ...(can('people.list') ? (['people'] as const) : []),
    'reports',
    'handovers',
    'locations',
    ...(can('clients.create') ? (['import'] as const) : []),
    ...(can('scans.inbox') ? (['inbox'] as const) : []),
    ...(can('audit.list') ? (['audit'] as const) : []),
    ...(can('users.list') || can('fileTypes.save') ? (['settings'] as const) : []),
  ];
  const current = sectionOf(view);
  const [collapsed, setCollapsed] = useState(() => readCollapsed());
  const toggleNav = () =>
    setCollapsed((c) => {
      writeCollapsed(!c);
      return !c;
    });

  // Nobody at the keyboard for the administrator's idle period (default 10 minutes): lock.
  const idleMinutes = useSettings((s) => s.settings?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES);
  useEffect(() => {
    void useSettings.getState().load();
  }, []);
  useIdleLock(idleMinutes, () => void lock());

  // The session's jobs (current for the tray and every screen) and the desk's record: gone with the session.
  useEffect(() => {
    const stop = followJobs(() => useSession.getState().markLocked());
    return () => {
      stop();
      useJobs.getState().clear();
      useDesk.getState().clear();
      useHandoverPeriod.setState({ from: null, to: null });
      useAuditChoices.getState().clear();
    };
  }, []);

  // Alt+1…7 switch sections (keyboard-first desk).
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const index = Number(e.key) - 1;
      const section = sections[index];
      if (section) {
        e.preventDefault();
        go({ name: section });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    const title = t(`ui.nav.${current}`);
    document.title = archiveName ? `${title} · ${archiveName}` : title;
  }, [t, current, archiveName]);

  return (
    <div className={collapsed ? 'app nav-collapsed' : 'app'}>
      <header className="app-header">
        <button
          type="button"
          className="btn btn-small app-nav-toggle"
          aria-expanded={!collapsed}
          aria-controls="app-nav"
          title={collapsed ? t('ui.nav.expand') : t('ui.nav.collapse')}
          aria-label={collapsed ? t('ui.nav.expand') : t('ui.nav.collapse')}
          onClick={toggleNav}
          data-testid="nav-toggle"
        >
          ☰
        </button>
        <div className="app-title" data-testid="archive-name">
          {archiveName}
        </div>
        <GlobalSearch />
        <div className="app-header-right">
          {user ? (
            <span className="user-chip" data-testid="current-user" title={t('ui.header.currentUser')}>
              <span className="user-name">{user.displayName}</span>
              <span className="user-role">{t(`enums.role.${user.role}`)}</span>
            </span>
          ) : null}
          <JobsTray />
          <LanguageSwitch />
          <button type="button" className="btn btn-small" title={t('ui.header.lockTitle')} onClick={() => void lock()} data-testid="lock-button">
            {t('ui.header.lock')}
          </button>
        </div>
      </header>
      <nav className="app-nav" id="app-nav" aria-label={t('ui.nav.label')}>
        <ul>
          {sections.map((section, i) => (
            <li key={section}>
              <button
                type="button"
                className={section === current ? 'active' : ''}
                aria-current={section === current ? 'page' : undefined}
                aria-label={collapsed ? t(`ui.nav.${section}`) : undefined}
                title={collapsed ? t(`ui.nav.${section}`) : undefined}
                onClick={() => go({ name: section })}
                data-testid={`nav-${section}`}
              >
                <span className="nav-label">{t(`ui.nav.${section}`)}</span>
                <span className="nav-short" aria-hidden="true">
                  {t(`ui.nav.short.${section}`)}
                </span>
                {i < 9 ? <kbd aria-hidden="true">Alt+{i + 1}</kbd> : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="app-main" key={viewKey(view)}>
        <SignInNoticeBar />
        {view.name === 'circulation' ? <CirculationScreen /> : null}
        {view.name === 'clients' ? <ClientsScreen /> : null}
        {view.name === 'search' ? <SearchScreen initialQuery={view.q ?? ''} /> : null}
        {view.name === 'verification' ? <VerificationScreen /> : null}
        {view.name === 'client' ? <ClientDetailScreen id={view.id} /> : null}
        {view.name === 'file' ? <FilePageScreen archiveNo={view.archiveNo} scanId={view.scanId} q={view.q} /> : null}
        {view.name === 'loans' ? <LoansScreen /> : null}
        {view.name === 'applications' ? <ApplicationsScreen /> : null}
        {view.name === 'people' ? <PeopleScreen /> : null}
        {view.name === 'reports' ? <ReportsScreen /> : null}
        {view.name === 'handovers' ? <HandoversScreen /> : null}
        {view.name === 'locations' ? <LocationsScreen /> : null}
        {view.name === 'import' && can('clients.create') ? <ImportScreen /> : null}
        {view.name === 'inbox' && can('scans.inbox') ? <InboxScreen /> : null}
        {view.name === 'audit' && can('audit.list') ? <AuditScreen /> : null}
        {view.name === 'settings' && (can('users.list') || can('fileTypes.save')) ? <SettingsScreen /> : null}
      </main>
    </div>
  );
}
