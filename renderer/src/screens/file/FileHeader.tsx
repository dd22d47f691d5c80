import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../../shared/contract.js';
import type { LocationNode, WhereIs } from '../../../../shared/ops/locations.js';
import { api } from '../../api.js';
import { LabelPrintButton } from '../../components/LabelPrint.js';
import { FilePrintButtons } from '../../components/PrintForms.js';
import { CompletenessBadge, ConfidentialityBadge, OverdueBadge, StatusBadge } from '../../components/ui.js';
import { formatDateTime, localName } from '../../format.js';
import type { Action } from '../../hooks.js';
import { useLanguage } from '../../stores/language.js';
import { useNav } from '../../stores/nav.js';
import { FileDepartment } from './FileDepartment.js';
import { Volumes } from './Volumes.js';

/** Archive number, title and badges; the file's facts; where it is now, and moving it. */
export function FileHeader({ file, where, action, mayMove }: { file: FileDetail; where: WhereIs | null; action: Action; mayMove: boolean }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const language = useLanguage((s) => s.language);
  const dash = t('ui.common.dash');
  return (
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
        <FilePrintButtons archiveNo={file.archiveNo} />
        <LabelPrintButton selection={{ archiveNos: [file.archiveNo] }} testId="file-labels-button" />
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
          <dd data-testid="file-type">{file.fileTypeName ? localName(file.fileTypeName, file.fileTypeNameEn, language) : dash}</dd>
          <FileDepartment file={file} action={action} mayEdit={mayMove} />
          <dt>{t('ui.fields.retention')}</dt>
          <dd>{t(`enums.retention.${file.retention}`)}</dd>
          <dt>{t('ui.fields.createdAt')}</dt>
          <dd>{formatDateTime(file.createdAt)}</dd>
          <dt>{t('ui.filePage.itemsPages')}</dt>
          <dd>{t('ui.filePage.itemsPagesValue', { items: file.itemCount, pages: file.pageCount })}</dd>
          <dt>{t('ui.filePage.dateRange')}</dt>
          <dd>{file.dateFrom ? `${file.dateFrom} – ${file.dateTo ?? ''}` : dash}</dd>
          <Volumes file={file} />
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
        {mayMove ? <MoveRow file={file} where={where} action={action} /> : null}
      </div>
    </>
  );
}

/** Moves the file to another shelf or box (with an optional reason). */
function MoveRow({ file, where, action }: { file: FileDetail; where: WhereIs | null; action: Action }) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<LocationNode[]>([]);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');

  useEffect(() => {
    api
      .call('locations.tree')
      .then((tree) => setNodes(tree.nodes))
      .catch(() => setNodes([]));
  }, []);

  function move() {
    void action.run(
      async () => {
        await api.call('files.move', { archiveNo: file.archiveNo, locationId: target, ...(reason.trim() ? { reason: reason.trim() } : {}) });
        setTarget('');
        setReason('');
      },
      { notice: (tt) => tt('ui.filePage.movedOk', { archiveNo: file.archiveNo }) },
    );
  }

  return (
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
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="button" className="btn" disabled={!target || action.busy} onClick={move} data-testid="move-button">
        {t('ui.filePage.move')}
      </button>
    </div>
  );
}
