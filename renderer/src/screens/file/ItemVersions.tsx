import { useTranslation } from 'react-i18next';
import type { Item } from '../../../../shared/ops/items.js';
import { api } from '../../api.js';
import { HistoryTable } from '../../components/History.js';
import { Dialog, ErrorLine, FormActions } from '../../components/ui.js';
import { formatDateTime } from '../../format.js';
import { useLoad } from '../../hooks.js';

/** Every version of one item (corrections after sealing keep the old ones) and its change history. */
export function ItemVersionsDialog({ item, onClose }: { item: Item; onClose(): void }) {
  const { t } = useTranslation();
  const { data, error } = useLoad(() => api.call('items.history', { itemId: item.id }), item.id);
  return (
    <Dialog title={t('ui.filePage.versionsTitle', { title: item.title })} onClose={onClose} wide testId="item-versions-dialog">
      <ErrorLine error={error} />
      {data ? (
        <>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('ui.filePage.versionCol')}</th>
                <th scope="col">{t('ui.items.title')}</th>
                <th scope="col">{t('ui.items.docNo')}</th>
                <th scope="col">{t('ui.items.date')}</th>
                <th scope="col">{t('ui.items.pageCount')}</th>
                <th scope="col">{t('ui.history.reason')}</th>
                <th scope="col">{t('ui.history.at')}</th>
              </tr>
            </thead>
            <tbody>
              {data.versions.map((v) => (
                <tr key={v.id} className={v.current ? 'highlight' : undefined}>
                  <td className="nowrap">
                    v{v.version} {v.current ? <span className="badge badge-in_stock">{t('ui.filePage.current')}</span> : null}
                  </td>
                  <td>{v.title}</td>
                  <td>{v.docNo ?? ''}</td>
                  <td className="nowrap">{v.date ?? ''}</td>
                  <td className="num">{v.pageCount}</td>
                  <td>{v.correctionReason ?? ''}</td>
                  <td className="nowrap">
                    {formatDateTime(v.createdAt)} · {v.createdBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="section-title">{t('ui.clientPage.history')}</h3>
          <HistoryTable entries={data.changes} />
        </>
      ) : null}
      <FormActions>
        <button type="button" className="btn" onClick={onClose}>
          {t('ui.common.close')}
        </button>
      </FormActions>
    </Dialog>
  );
}
