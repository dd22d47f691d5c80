import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../../shared/contract.js';
import { displacedSealed, moved } from '../../../../shared/domain/contentsOrder.js';
import type { Item } from '../../../../shared/ops/items.js';
import { api } from '../../api.js';
import type { ItemFormMode } from '../../components/ItemForm.js';
import { TableState, useConfirm } from '../../components/ui.js';
import { formatDateTime, localName } from '../../format.js';
import { useLanguage } from '../../stores/language.js';
import type { Action } from '../../hooks.js';

interface ContentsListProps {
  file: FileDetail;
  /** The page's action: each change reloads the file. */
  action: Action;
  mayEdit: boolean;
  onForm(mode: ItemFormMode): void;
  onVersions(item: Item): void;
  /** Files dropped on an item's row become its scans (absent: the user may not add scans). */
  onDropScans?: ((itemId: string, files: File[]) => void) | undefined;
}

/** The contents list (卷内目录): one row per item in sequence, with reorder, edit, seal, correct and remove. */
export function ContentsList({ file, action, mayEdit, onForm, onVersions, onDropScans }: ContentsListProps) {
  const { t } = useTranslation();
  const [dropOn, setDropOn] = useState<string | null>(null);
  const language = useLanguage((s) => s.language);
  const items = file.items;
  const { dialog, ask } = useConfirm();
  // What the engine would refuse (a sealed original's number or pages would change) is disabled here.
  const displaces = (after: Item[]) => displacedSealed(items, after) !== null;
  const placeHint = t('ui.filePage.sealedPlaceHint');
  const unsealed = items.filter((i) => !i.sealed).length;

  async function seal(item?: Item) {
    const ok = await ask({
      title: item ? t('ui.filePage.sealConfirm', { seq: item.seq, title: item.title }) : t('ui.filePage.sealAllConfirm', { count: unsealed }),
      body: t('ui.filePage.sealConfirmBody'),
      confirmLabel: t('ui.filePage.sealOk'),
    });
    if (!ok) return;
    await action.run(
      () => api.call('items.seal', { archiveNo: file.archiveNo, ...(item ? { itemId: item.id } : {}) }),
      item ? {} : { notice: (tt) => tt('ui.filePage.sealedAllOk') },
    );
  }

  async function remove(item: Item) {
    if (!(await ask({ title: t('ui.filePage.removeConfirm', { title: item.title }), confirmLabel: t('ui.filePage.removeOk'), danger: true }))) return;
    await action.run(() => api.call('items.remove', { itemId: item.id }), { notice: (tt) => tt('ui.filePage.removedOk', { title: item.title }) });
  }

  return (
    <>
      {dialog}
      <div className="screen-head section-head">
        <h2 className="section-title">{t('ui.filePage.contents')}</h2>
        {mayEdit ? (
          <div className="head-actions">
            <button type="button" className="btn" disabled={action.busy || unsealed === 0} onClick={() => void seal()} data-testid="seal-all-button">
              {t('ui.filePage.sealAll')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => onForm({ kind: 'add' })} data-testid="add-item-button">
              {t('ui.filePage.addItem')}
            </button>
          </div>
        ) : null}
      </div>
      <div className="table-scroll">
        <table className="table table-compact item-table" data-testid="item-table">
          <colgroup>
            <col style={{ width: '4%' }} />
            <col style={{ width: '13%' }} />
            <col style={{ width: '12%' }} />
            <col />
            <col style={{ width: '9%' }} />
            <col style={{ width: '6%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '9%' }} />
            <col style={{ width: '1%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('ui.items.seq')}
              </th>
              <th scope="col">{t('ui.items.docNo')}</th>
              <th scope="col">{t('ui.items.responsibleParty')}</th>
              <th scope="col">{t('ui.items.title')}</th>
              <th scope="col">{t('ui.items.date')}</th>
              <th scope="col">{t('ui.items.pages')}</th>
              <th scope="col">{t('ui.items.kind')}</th>
              <th scope="col">{t('ui.items.remarks')}</th>
              <th scope="col" className="actions">
                {t('ui.common.actions')}
              </th>
            </tr>
          </thead>
          <tbody>
            <TableState loading={false} empty={items.length === 0} columns={9} />
            {items.map((item, i) => {
              const upRefused = i > 0 && displaces(moved(items, i, i - 1));
              const downRefused = i < items.length - 1 && displaces(moved(items, i, i + 1));
              const removeRefused = displaces(items.filter((x) => x.id !== item.id));
              return (
                <tr
                  key={item.id}
                  data-testid="item-row"
                  data-sealed={item.sealed}
                  className={dropOn === item.id ? 'drop-over' : undefined}
                  title={dropOn === item.id ? t('ui.scanPanel.dropOnItem', { seq: item.seq }) : undefined}
                  onDragOver={
                    onDropScans
                      ? (e) => {
                          e.preventDefault();
                          setDropOn(item.id);
                        }
                      : undefined
                  }
                  onDragLeave={onDropScans ? () => setDropOn(null) : undefined}
                  onDrop={
                    onDropScans
                      ? (e) => {
                          e.preventDefault();
                          setDropOn(null);
                          onDropScans(item.id, [...e.dataTransfer.files]);
                        }
                      : undefined
                  }
                >
                  <td className="num">{item.seq}</td>
                  <td className="nowrap">{item.docNo ?? ''}</td>
                  <td>{item.responsibleParty ?? ''}</td>
                  <td>
                    {item.title}
                    {item.sealed ? (
                      <span className="badge badge-sealed" title={t('ui.filePage.sealedBy', { at: formatDateTime(item.sealedAt), by: item.sealedBy ?? '' })}>
                        {t('ui.filePage.sealed')}
                      </span>
                    ) : null}
                    {item.version > 1 ? <span className="badge">{t('ui.filePage.version', { version: item.version })}</span> : null}
                  </td>
                  <td className="nowrap">{item.date ?? ''}</td>
                  <td className="nowrap">{item.pages}</td>
                  <td>{item.docKindLabel ? localName(item.docKindLabel, item.docKindLabelEn, language) : t('ui.items.otherKind')}</td>
                  <td className="muted">{item.remarks}</td>
                  <td className="actions">
                    {mayEdit ? (
                      <>
                        <button
                          type="button"
                          className="btn btn-icon"
                          title={upRefused ? placeHint : t('ui.filePage.moveUp')}
                          aria-label={t('ui.filePage.moveUp')}
                          disabled={action.busy || i === 0 || item.sealed || upRefused}
                          onClick={() => void action.run(() => api.call('items.reorder', { itemId: item.id, position: item.seq - 1 }))}
                          data-testid="item-up"
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="btn btn-icon"
                          title={downRefused ? placeHint : t('ui.filePage.moveDown')}
                          aria-label={t('ui.filePage.moveDown')}
                          disabled={action.busy || i === items.length - 1 || item.sealed || downRefused}
                          onClick={() => void action.run(() => api.call('items.reorder', { itemId: item.id, position: item.seq + 1 }))}
                          data-testid="item-down"
                        >
                          ↓
                        </button>
                        {item.sealed ? (
                          <button type="button" className="btn btn-small" onClick={() => onForm({ kind: 'correct', item })} data-testid="item-correct">
                            {t('ui.filePage.correct')}
                          </button>
                        ) : (
                          <>
                            <button type="button" className="btn btn-small" onClick={() => onForm({ kind: 'edit', item })} data-testid="item-edit">
                              {t('ui.filePage.edit')}
                            </button>
                            <button type="button" className="btn btn-small" disabled={action.busy} onClick={() => void seal(item)} data-testid="item-seal">
                              {t('ui.filePage.seal')}
                            </button>
                            <button
                              type="button"
                              className="btn btn-small btn-quiet-danger"
                              disabled={action.busy || removeRefused}
                              title={removeRefused ? placeHint : undefined}
                              onClick={() => void remove(item)}
                              data-testid="item-remove"
                            >
                              {t('ui.filePage.remove')}
                            </button>
                          </>
                        )}
                      </>
                    ) : null}
                    <button type="button" className="btn btn-small" onClick={() => onVersions(item)} data-testid="item-versions">
                      {t('ui.filePage.versions')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
