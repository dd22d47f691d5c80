import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../../shared/contract.js';
import { useNav } from '../../stores/nav.js';

/** The facts line linking a main file and its volumes (分卷), which share one archive number; nothing for a file without. */
export function Volumes({ file }: { file: Pick<FileDetail, 'parentArchiveNo' | 'volumes'> }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  if (!file.parentArchiveNo && file.volumes.length === 0) return null;
  return (
    <>
      <dt>{t('ui.filePage.volumes')}</dt>
      <dd>
        {file.volumes.map((v) => (
          <button key={v.id} type="button" className="link mono volume-link" onClick={() => go({ name: 'file', archiveNo: v.archiveNo })}>
            {v.archiveNo}
          </button>
        ))}
      </dd>
    </>
  );
}
