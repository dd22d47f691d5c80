import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../shared/contract.js';
import type { Item } from '../../../shared/ops/items.js';
import type { LocationNode, WhereIs } from '../../../shared/ops/locations.js';
import { api } from '../api.js';
import { HistoryTable } from '../components/History.js';
import type { HistoryEntry } from '../components/History.js';
import { ItemFormDialog } from '../components/ItemForm.js';
import type { ItemFormMode } from '../components/ItemForm.js';
import { CompletenessBadge, ConfidentialityBadge, Dialog, ErrorLine, NoticeLine, OverdueBadge, StatusBadge, TableState } from '../components/ui.js';
import type { Notice } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useCan } from '../hooks.js';
import { useNav } from '../stores/nav.js';

export function FilePageScreen({ archiveNo }: { archiveNo: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const go = useNav((s) => s.go);
  const [file, setFile] = useState<FileDetail | null>(null);
  const [where, setWhere] = useState<WhereIs | null>(null);
  const [nodes, setNodes] = useState<LocationNode[]>([]);
  const [target, setTarget] = useState('');
  const [moveReason, setMoveReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [form, setForm] = useState<ItemFormMode | null>(null);
  const [versionsOf, setVersionsOf] = useState<Item | null>(null);
  const [busy, setBusy] = useState(false);
  const mayEdit = can('items.add');
  const mayMove = can('files.move');

  const load = useCallback(async () => {
    try {
      const [detail, place] = await Promise.all([api.call('files.get', { archiveNo }), api.call('files.whereIs', { archiveNo }).catch(() => null)]);
      setFile(detail);
      setWhere(place);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [archiveNo]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!mayMove) return;
    api
      .call('locations.tree')
      .then((tree) => setNodes(tree.nodes))
      .catch(() => setNodes([]));
  }, [mayMove]);

  async function act(run: () => Promise<unknown>, done?: Notice) {
    setBusy(true);
    setError(null);
    try {
      await run();
      setNotice(done ? () => done : null);
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const items = file?.items ?? [];
  const dash = t('ui.common.dash');

  return (
    <section className="screen" aria-labelledby="file-title" data-testid="file-page">
      {file ? (
        <button type="button" className="link back-link" onClick={() => go({ name: 'client', id: file.clientId })} data-testid="back-to-client">
          {t('ui.filePage.back', { name: file.clientName })}
        </button>
      ) : null}
      <NoticeLine notice={notice} />
      <ErrorLine error={error} />
      {!file && !error ? <p className="muted">{t('ui.common.loading')}</p> : null}
      {file ? (
        <>
          <div className="screen-head">
            <h1 id="file-title" className="screen-title">
              <span className="mono" data-testid="file-archive-no">
                {file.archiveNo}
              </span>{' '}
              {file.title}
            </h1>
            <span className="badges head-badges">
              <ConfidentialityBadge level={file.confidentiality} />
              <StatusBadge status={file.status} overdue={file.currentLoan?.overdue ?? false} />
              <CompletenessBadge complete={file.complete} />
            </span>
          </div>
          <div className="card">
            <dl className="facts facts-grid">
              <dt>{t('ui.fields.client')}</dt>
              <dd>
                <button type="button" className="link" onClick={() => go({ name: 'client', id: file.clientId })}>
                  {file.clientName}
                </button>
              </dd>
              <dt>{t('ui.filePage.fileType')}</dt>
              <dd>{file.fileTypeName ?? dash}</dd>
              <dt>{t('ui.fields.retention')}</dt>
              <dd>{t(`enums.retention.${file.retention}`)}</dd>
              <dt>{t('ui.fields.createdAt')}</dt>
              <dd>{formatDateTime(file.createdAt)}</dd>
              <dt>{t('ui.filePage.itemsPages')}</dt>
              <dd>{t('ui.filePage.itemsPagesValue', { items: file.itemCount, pages: file.pageCount })}</dd>
              <dt>{t('ui.filePage.dateRange')}</dt>
              <dd>{file.dateFrom ? `${file.dateFrom} – ${file.dateTo ?? ''}` : dash}</dd>
              {file.parentArchiveNo || file.volumes.length ? (
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
              ) : null}
              {file.remarks ? (
                <>
                  <dt>{t('ui.items.remarks')}</dt>
                  <dd>{file.remarks}</dd>
                </>
              ) : null}
            </dl>
            <div className="where" data-testid="file-location">
              <span className="where-label">{t('ui.filePage.whereIs')}</span>
              {where?.loan ? (
                <span>
                  {t('ui.filePage.withBorrower', { borrower: where.loan.borrower, dueDate: where.loan.dueDate })}
                  {where.loan.overdue ? <OverdueBadge /> : null}
                  {where.locationPath ? <span className="muted"> · {t('ui.filePage.home', { path: where.locationPath })}</span> : null}
                </span>
              ) : (where?.locationPath ?? file.locationPath) ? (
                <span className="where-path">{where?.locationPath ?? file.locationPath}</span>
              ) : (
                <span className="muted">{t('ui.filePage.notShelved')}</span>
              )}
            </div>
            {mayMove ? (
              <div className="move-row">
                <select aria-label={t('ui.filePage.moveTo')} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="location-select">
                  <option value="">{t('ui.filePage.chooseLocation')}</option>
                  {nodes
                    .filter((n) => n.holdsFiles)
                    .map((n) => (
                      <option key={n.id} value={n.id} disabled={n.free !== null && n.free <= 0 && n.id !== where?.locationId}>
                        {n.path}
                        {n.capacity !== null ? ` (${n.fileCount}/${n.capacity})` : ''}
                      </option>
                    ))}
                </select>
                <input
                  type="text"
                  className="move-reason"
                  maxLength={300}
                  placeholder={t('ui.filePage.moveReason')}
                  aria-label={t('ui.filePage.moveReason')}
                  value={moveReason}
                  onChange={(e) => setMoveReason(e.target.value)}
                />
                <button
                  type="button"
                  className="btn"
                  disabled={!target || busy}
                  onClick={() =>
                    void act(
                      async () => {
                        const move = await api.call('files.move', { archiveNo: file.archiveNo, locationId: target, ...(moveReason.trim() ? { reason: moveReason.trim() } : {}) });
                        setTarget('');
                        setMoveReason('');
                        return move;
                      },
                      (tt) => tt('ui.filePage.movedOk', { archiveNo: file.archiveNo }),
                    )
                  }
                  data-testid="move-button"
                >
                  {t('ui.filePage.move')}
                </button>
              </div>
            ) : null}
          </div>

          <div className="screen-head section-head">
            <h2 className="section-title">{t('ui.filePage.contents')}</h2>
            {mayEdit ? (
              <div className="head-actions">
                <button
                  type="button"
                  className="btn"
                  disabled={busy || !items.some((i) => !i.sealed)}
                  onClick={() => void act(() => api.call('items.seal', { archiveNo: file.archiveNo }), (tt) => tt('ui.filePage.sealedAllOk'))}
                  data-testid="seal-all-button"
                >
                  {t('ui.filePage.sealAll')}
                </button>
                <button type="button" className="btn btn-primary" onClick={() => setForm({ kind: 'add' })} data-testid="add-item-button">
                  {t('ui.filePage.addItem')}
                </button>
              </div>
            ) : null}
          </div>
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
              {items.map((item, i) => (
                <tr key={item.id} data-testid="item-row" data-sealed={item.sealed}>
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
                  <td>{item.docKindLabel ?? t('ui.items.otherKind')}</td>
                  <td className="muted">{item.remarks}</td>
                  <td className="actions">
                    {mayEdit ? (
                      <>
                        <button
                          type="button"
                          className="btn btn-icon"
                          title={t('ui.filePage.moveUp')}
                          aria-label={t('ui.filePage.moveUp')}
                          disabled={busy || i === 0}
                          onClick={() => void act(() => api.call('items.reorder', { itemId: item.id, position: item.seq - 1 }))}
                          data-testid="item-up"
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="btn btn-icon"
                          title={t('ui.filePage.moveDown')}
                          aria-label={t('ui.filePage.moveDown')}
                          disabled={busy || i === items.length - 1}
                          onClick={() => void act(() => api.call('items.reorder', { itemId: item.id, position: item.seq + 1 }))}
                          data-testid="item-down"
                        >
                          ↓
                        </button>
                        {item.sealed ? (
                          <button type="button" className="btn btn-small" onClick={() => setForm({ kind: 'correct', item })} data-testid="item-correct">
                            {t('ui.filePage.correct')}
                          </button>
                        ) : (
                          <>
                            <button type="button" className="btn btn-small" onClick={() => setForm({ kind: 'edit', item })} data-testid="item-edit">
                              {t('ui.filePage.edit')}
                            </button>
                            <button
                              type="button"
                              className="btn btn-small"
                              disabled={busy}
                              onClick={() => void act(() => api.call('items.seal', { archiveNo: file.archiveNo, itemId: item.id }))}
                              data-testid="item-seal"
                            >
                              {t('ui.filePage.seal')}
                            </button>
                            <button
                              type="button"
                              className="btn btn-small btn-quiet-danger"
                              disabled={busy}
                              onClick={() => {
                                if (window.confirm(t('ui.filePage.removeConfirm', { title: item.title })))
                                  void act(() => api.call('items.remove', { itemId: item.id }), (tt) => tt('ui.filePage.removedOk', { title: item.title }));
                              }}
                              data-testid="item-remove"
                            >
                              {t('ui.filePage.remove')}
                            </button>
                          </>
                        )}
                      </>
                    ) : null}
                    <button type="button" className="btn btn-small" onClick={() => setVersionsOf(item)} data-testid="item-versions">
                      {t('ui.filePage.versions')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <div className="two-col">
            <div>
              <div className="screen-head section-head">
                <h2 className="section-title">{t('ui.filePage.checklist')}</h2>
                <CompletenessBadge complete={file.complete} testId="checklist-badge" />
              </div>
              {file.checklist.length === 0 ? (
                <p className="muted">{t('ui.filePage.noChecklist')}</p>
              ) : (
                <ul className="checklist" data-testid="checklist">
                  {file.checklist.map((c) => (
                    <li key={c.kind} className={c.present ? 'present' : 'missing'} data-testid="checklist-item" data-present={c.present}>
                      <span className="check-mark" aria-hidden="true">
                        {c.present ? '✓' : '✗'}
                      </span>
                      <span>{c.label}</span>
                      <span className="muted check-state">{c.present ? t('ui.filePage.present') : t('ui.filePage.missing')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div>
              <h2 className="section-title">{t('ui.filePage.scans')}</h2>
              <div className="placeholder" data-testid="scans-placeholder">
                {t('ui.filePage.scansComing')}
              </div>
            </div>
          </div>

          <h2 className="section-title">{t('ui.filePage.loans')}</h2>
          <table className="table table-compact" data-testid="file-loans">
            <thead>
              <tr>
                <th scope="col">{t('ui.fields.borrower')}</th>
                <th scope="col">{t('ui.fields.purpose')}</th>
                <th scope="col">{t('ui.fields.lentAt')}</th>
                <th scope="col">{t('ui.fields.dueDate')}</th>
                <th scope="col">{t('ui.fields.returnedAt')}</th>
              </tr>
            </thead>
            <tbody>
              <TableState loading={false} empty={file.loans.length === 0} columns={5} />
              {file.loans.map((loan) => (
                <tr key={loan.id} className={loan.overdue ? 'overdue' : undefined}>
                  <td>{loan.borrower}</td>
                  <td>{loan.purpose}</td>
                  <td className="nowrap">{formatDateTime(loan.lentAt)}</td>
                  <td className="nowrap">
                    {loan.dueDate} {loan.overdue ? <OverdueBadge /> : null}
                  </td>
                  <td className="nowrap">{loan.returnedAt ? formatDateTime(loan.returnedAt) : <span className="muted">{t('ui.filePage.notReturned')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2 className="section-title">{t('ui.clientPage.history')}</h2>
          <HistoryTable entries={file.history} />
        </>
      ) : null}
      {form && file ? (
        <ItemFormDialog
          archiveNo={file.archiveNo}
          mode={form}
          checklist={file.checklist}
          onClose={() => setForm(null)}
          onDone={() => {
            setForm(null);
            setNotice(() => (tt: typeof t) => tt('ui.filePage.itemSavedOk'));
            void load();
          }}
        />
      ) : null}
      {versionsOf ? <ItemVersionsDialog item={versionsOf} onClose={() => setVersionsOf(null)} /> : null}
    </section>
  );
}

function ItemVersionsDialog({ item, onClose }: { item: Item; onClose(): void }) {
  const { t } = useTranslation();
  const [data, setData] = useState<{ versions: Item[]; changes: HistoryEntry[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.call('items.history', { itemId: item.id }).then(setData, setError);
  }, [item.id]);
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
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('ui.common.close')}
        </button>
      </div>
    </Dialog>
  );
}
