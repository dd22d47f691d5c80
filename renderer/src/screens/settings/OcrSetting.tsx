/** Whether scans added in the interface have their text read (OCR) in the background: an archive setting. */
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ActionFeedback } from '../../components/ui.js';
import { useAction } from '../../hooks.js';
import { useSettings } from '../../stores/settings.js';

export function OcrSetting() {
  const { t } = useTranslation();
  const enabled = useSettings((s) => s.settings?.ocrEnabled ?? true);
  const action = useAction();
  return (
    <div className="ocr-setting" data-testid="ocr-setting">
      <ActionFeedback action={action} />
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          disabled={action.busy}
          onChange={(e) => {
            const ocrEnabled = e.target.checked;
            void action.run(async () => {
              const saved = await api.call('settings.update', { ocrEnabled });
              useSettings.setState({ settings: saved });
            });
          }}
          data-testid="ocr-enabled"
        />
        {t('ui.ocr.settingLabel')}
      </label>
      <p className="muted">{t('ui.ocr.settingHint')}</p>
    </div>
  );
}
