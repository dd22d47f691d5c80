import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../hooks.js';
import { ClassificationsSettings } from './settings/Classifications.js';
import { FileTypesSettings } from './settings/FileTypes.js';
import { GrantsSettings } from './settings/Grants.js';
import { HandoverSettings } from './settings/HandoverCalendar.js';
import { LabelSettings } from './settings/Labels.js';
import { LendingPolicySettings } from './settings/LendingPolicy.js';
import { SecuritySettings } from './settings/Security.js';
import { RekeySettings } from './settings/Rekey.js';
import { OcrSetting } from './settings/OcrSetting.js';
import { ScanVerifySettings } from './settings/ScanVerify.js';
import { UsersSettings } from './settings/Users.js';
import './settings/settings.css';

export type SettingsTab = 'users' | 'grants' | 'classifications' | 'fileTypes' | 'handovers' | 'security' | 'labels' | 'lending' | 'scans';

const TAB_TEST_IDS: Record<SettingsTab, string> = {
  users: 'settings-tab-users',
  grants: 'settings-tab-grants',
  classifications: 'settings-tab-classifications',
  fileTypes: 'settings-tab-filetypes',
  handovers: 'settings-tab-handovers',
  security: 'settings-tab-security',
  labels: 'settings-tab-labels',
  lending: 'settings-tab-lending',
  scans: 'settings-tab-scans',
};

/** 系统设置: users, client classifications, file types, handover deadlines and the holiday calendar. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const tabs: SettingsTab[] = [
    ...(can('users.list') ? (['users'] as const) : []),
    ...(can('grants.list') ? (['grants'] as const) : []),
    ...(can('classifications.saveScheme') ? (['classifications'] as const) : []),
    ...(can('fileTypes.save') ? (['fileTypes'] as const) : []),
    ...(can('handovers.saveKind') ? (['handovers'] as const) : []),
    ...(can('settings.update') ? (['security'] as const) : []),
    ...(can('labels.saveLayout') ? (['labels'] as const) : []),
    ...(can('loans.updatePolicy') ? (['lending'] as const) : []),
    ...(can('scans.verify') ? (['scans'] as const) : []),
  ];
  const [chosen, setChosen] = useState<SettingsTab>(tabs[0] ?? 'users');
  const tab = tabs.includes(chosen) ? chosen : tabs[0];

  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <div className="screen-head">
        <h1 id="settings-title" className="screen-title">
          {t('ui.settings.title')}
        </h1>
      </div>
      <p className="muted intro">{t('ui.settings.intro')}</p>
      <div className="tabs" role="tablist" aria-label={t('ui.settings.tabs.label')}>
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`settings-tab-${id}`}
            aria-selected={id === tab}
            aria-controls={`settings-panel-${id}`}
            className={id === tab ? 'tab active' : 'tab'}
            onClick={() => setChosen(id)}
            data-testid={TAB_TEST_IDS[id]}
          >
            {t(`ui.settings.tabs.${id}`)}
          </button>
        ))}
      </div>
      {tab ? (
        <div className="tab-panel" role="tabpanel" id={`settings-panel-${tab}`} aria-labelledby={`settings-tab-${tab}`}>
          {tab === 'users' ? <UsersSettings /> : null}
          {tab === 'grants' ? <GrantsSettings /> : null}
          {tab === 'classifications' ? <ClassificationsSettings /> : null}
          {tab === 'fileTypes' ? <FileTypesSettings /> : null}
          {tab === 'handovers' ? <HandoverSettings /> : null}
          {tab === 'security' ? (
            <>
              <SecuritySettings />
              {can('users.create') ? <RekeySettings /> : null}
            </>
          ) : null}
          {tab === 'labels' ? <LabelSettings /> : null}
          {tab === 'lending' ? <LendingPolicySettings /> : null}
          {tab === 'scans' ? (
            <>
              <h2 className="settings-subtitle">{t('ui.scanSettings.ocrTitle')}</h2>
              <OcrSetting />
              <ScanVerifySettings />
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
