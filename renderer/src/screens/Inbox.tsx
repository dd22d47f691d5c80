/**
 * 收件箱 (scans inbox): the scans that came without a file — from the scanner's hot folder when
 * neither the name nor a barcode named an archive number, or added without one. The clerk looks
 * at each in the viewer and assigns it to a file (archive number typed or scanned, then Enter)
 * and optionally an item, or removes it. Keyboard only: every row's actions are buttons, the
 * archive-number box takes a barcode scanner's burst and its Enter.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../shared/contract.js';
import type { Scan } from '../../../shared/ops/scans.js';
import { api } from '../api.js';
import { ScanViewer } from '../components/ScanViewer.js';
import { ActionFeedback, TableState, useConfirm } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useAction, useErrorText, useLoad } from '../hooks.js';
import './Inbox.css';

function AssignForm({ scan, onDone, onCancel }: { scan: Scan; onDone(archiveNo: string, itemSeq: number | null): void; onCancel(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [archiveNo, setArchiveNo] = useState('');
  const [file, setFile] = useState<FileDetail | null>(null);
  const [itemSeq, setItemSeq] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function find() {
    const no = archiveNo.trim();
    if (!no) return;
    setProblem(null);
    try {
      setFile(await api.call('files.get', { archiveNo: no }));
    } catch (err) {
      setFile(null);
      setProblem(errorText(err));
    }
  }
  async function assign() {
    if (!file || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const seq = itemSeq ? Number(itemSeq) : null;
      await api.call('scans.assign', { id: scan.id, archiveNo: file.archiveNo, ...(seq ? { itemSeq: seq } : {}) });
      onDone(file.archiveNo, seq);
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="inbox-assign"
      data-testid="inbox-assign"
      onSubmit={(e) => {
        e.preventDefault();
        // Enter in the number box (a scanner ends its burst with it) looks the file up; once found, Enter assigns.
        if (!file || file.archiveNo !== archiveNo.trim()) void find();
        else void assign();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <label>
        <span>{t('ui.inbox.archiveNo')}</span>
        <input
          autoFocus
          value={archiveNo}
          onChange={(e) => {
            setArchiveNo(e.target.value);
            setFile(null);
          }}
          placeholder={t('ui.inbox.archiveNoHint')}
          data-testid="inbox-archive-no"
        />
      </label>
      {file ? (
        <>
          <span className="inbox-file" data-testid="inbox-file">
            {file.archiveNo} {file.title}
          </span>
          <label>
            <span>{t('ui.inbox.item')}</span>
            <select value={itemSeq} onChange={(e) => setItemSeq(e.target.value)} data-testid="inbox-item">
              <option value="">{t('ui.inbox.wholeFile')}</option>
              {file.items.map((item) => (
                <option key={item.id} value={item.seq}>
                  {item.seq}. {item.title}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : null}
      <button type="submit" className="btn btn-small btn-primary" disabled={busy || !archiveNo.trim()} data-testid="inbox-assign-submit">
        {file ? t('ui.inbox.assign') : t('ui.inbox.find')}
      </button>
      <button type="button" className="btn btn-small" onClick={onCancel}>
        {t('ui.inbox.cancel')}
      </button>
      {problem ? (
        <p className="error" role="alert" data-testid="inbox-assign-error">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

export function InboxScreen() {
  const { t } = useTranslation();
  const load = useLoad(() => api.call('scans.inbox', {}));
  const action = useAction(load);
  const scans = load.data ?? [];
  const [viewing, setViewing] = useState<Scan | null>(null);
  const [assigning, setAssigning] = useState<string | null>(null);
  const { dialog, ask } = useConfirm();

  async function remove(scan: Scan) {
    const ok = await ask({ title: t('ui.inbox.removeConfirm', { name: scan.name }), body: t('ui.inbox.removeBody'), confirmLabel: t('ui.inbox.remove') });
    if (!ok) return;
    await action.run(() => api.call('scans.remove', { id: scan.id }), { notice: (tt) => tt('ui.inbox.removedOk', { name: scan.name }) });
  }

  return (
    <section className="screen" aria-labelledby="inbox-title" data-testid="inbox-screen">
      <div className="screen-head">
        <h1 id="inbox-title">{t('ui.nav.inbox')}</h1>
      </div>
      <p className="muted">{t('ui.inbox.intro')}</p>
      <ActionFeedback action={action} />
      <table className="data-table inbox-table" data-testid="inbox-table">
        <thead>
          <tr>
            <th>{t('ui.inbox.name')}</th>
            <th>{t('ui.inbox.pages')}</th>
            <th>{t('ui.inbox.source')}</th>
            <th>{t('ui.inbox.addedAt')}</th>
            <th>{t('ui.inbox.actions')}</th>
          </tr>
        </thead>
        <tbody>
          <TableState loading={!load.data && !load.error} empty={load.data !== null && scans.length === 0} columns={5} />
          {scans.map((scan) => (
            <tr key={scan.id} data-testid="inbox-row">
              <td>
                <button type="button" className="link" onClick={() => setViewing(scan)} data-testid="inbox-open">
                  {scan.name}
                </button>
                {assigning === scan.id ? (
                  <AssignForm
                    scan={scan}
                    onCancel={() => setAssigning(null)}
                    onDone={(archiveNo, itemSeq) => {
                      setAssigning(null);
                      action.confirm((tt) =>
                        itemSeq ? tt('ui.inbox.assignedItemOk', { name: scan.name, archiveNo, seq: itemSeq }) : tt('ui.inbox.assignedOk', { name: scan.name, archiveNo }),
                      );
                    }}
                  />
                ) : null}
              </td>
              <td className="nowrap">{t('ui.scanPanel.pages', { count: scan.pageCount })}</td>
              <td className="nowrap">{t(`ui.inbox.sources.${scan.source}`)}</td>
              <td className="nowrap">{formatDateTime(scan.createdAt)}</td>
              <td className="row-actions">
                <button type="button" className="btn btn-small" onClick={() => setAssigning(scan.id)} data-testid="inbox-assign-open">
                  {t('ui.inbox.assignTo')}
                </button>
                <button type="button" className="btn btn-small" onClick={() => void remove(scan)} data-testid="inbox-remove">
                  {t('ui.inbox.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {dialog}
      {viewing ? <ScanViewer scan={viewing} scans={scans} items={[]} onPick={setViewing} onClose={() => setViewing(null)} /> : null}
    </section>
  );
}
