/** 查阅授权 on the file page (administrators): who may see this file above their clearance, and until when. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../../shared/contract.js';
import { api } from '../../api.js';
import { TableState } from '../../components/ui.js';
import type { Action } from '../../hooks.js';
import { useLoad } from '../../hooks.js';
import { NewGrantDialog } from '../settings/Grants.js';

export function FileGrants({ file, action }: { file: FileDetail; action: Action }) {
  const { t } = useTranslation();
  const grants = useLoad(() => api.call('grants.list', { archiveNo: file.archiveNo }), file.archiveNo);
  const [adding, setAdding] = useState(false);
  return (
    <>
      <div className="screen-head">
        <h2 className="section-title">{t('ui.settings.grants.title')}</h2>
        <button type="button" className="btn btn-small" onClick={() => setAdding(true)} data-testid="file-grant-button">
          {t('ui.settings.grants.add')}
        </button>
      </div>
      <table className="table table-compact" data-testid="file-grants">
        <thead>
          <tr>
            <th scope="col">{t('ui.settings.grants.user')}</th>
            <th scope="col">{t('ui.settings.grants.until')}</th>
            <th scope="col">{t('ui.settings.grants.reason')}</th>
            <th scope="col">{t('ui.settings.grants.grantedBy')}</th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={grants.data === null && !grants.error} empty={grants.data?.length === 0} columns={4} />
          {grants.data?.map((g) => (
            <tr key={g.id} data-testid="file-grant-row">
              <td className="nowrap">
                {g.displayName} <span className="mono muted">{g.username}</span>
              </td>
              <td className="nowrap">{g.until}</td>
              <td>{g.reason || t('ui.common.dash')}</td>
              <td className="nowrap">{g.grantedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {adding ? (
        <NewGrantDialog
          archiveNo={file.archiveNo}
          onClose={() => setAdding(false)}
          onCreated={(g) => {
            setAdding(false);
            void grants.reload();
            action.confirm((tt) => tt('ui.settings.grants.created', { name: g.displayName, archiveNo: g.archiveNo, until: g.until }));
          }}
        />
      ) : null}
    </>
  );
}
