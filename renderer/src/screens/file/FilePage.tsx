import { useCallback, useState } from 'react';
import type { Scan } from '../../../../shared/ops/scans.js';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../../../shared/ops/items.js';
import { api } from '../../api.js';
import { HistoryTable } from '../../components/History.js';
import { ItemFormDialog } from '../../components/ItemForm.js';
import type { ItemFormMode } from '../../components/ItemForm.js';
import { ScanViewer } from '../../components/ScanViewer.js';
import { ActionFeedback } from '../../components/ui.js';
import { useAction, useCan, useLoad } from '../../hooks.js';
import { useNav } from '../../stores/nav.js';
import { Checklist } from './Checklist.js';
import { ContentsList } from './ContentsList.js';
import { FileHeader } from './FileHeader.js';
import { FileGrants } from './FileGrants.js';
import { FileLedger } from './FileLedger.js';
import { ItemVersionsDialog } from './ItemVersions.js';
import { ScansPanel } from './ScansPanel.js';
import { useScanUpload } from './scanUpload.js';
import './file.css';

/** 档案详情: header and facts, the contents list (卷内目录), checklist and scans, loans and history of one file. */
export function FilePageScreen({ archiveNo, scanId, q }: { archiveNo: string; scanId?: string | undefined; q?: string | undefined }) {
  const { t } = useTranslation();
  const can = useCan();
  const go = useNav((s) => s.go);
  const load = useLoad(async () => {
    const [file, where] = await Promise.all([api.call('files.get', { archiveNo }), api.call('files.whereIs', { archiveNo }).catch(() => null)]);
    return { file, where };
  }, archiveNo);
  const action = useAction(load);
  const [form, setForm] = useState<ItemFormMode | null>(null);
  const [versionsOf, setVersionsOf] = useState<Item | null>(null);
  const file = load.data?.file ?? null;
  const scansLoad = useLoad(async () => {
    const detail = await api.call('files.get', { archiveNo });
    const [scans, status] = await Promise.all([api.call('scans.list', { fileId: detail.id }), api.call('ocr.status', { fileId: detail.id })]);
    return { scans, status };
  }, archiveNo);
  const reloadScans = scansLoad.reload;
  const changed = useCallback(() => {
    void load.reload();
    void reloadScans();
  }, [load, reloadScans]);
  const upload = useScanUpload(file, action, changed);
  const scans = scansLoad.data?.scans ?? [];
  const [viewing, setViewing] = useState<{ id: string; q?: string | undefined } | null>(scanId ? { id: scanId, q } : null);
  const viewed = viewing ? scans.find((s) => s.id === viewing.id) : undefined;

  return (
    <section className="screen" aria-labelledby="file-title" data-testid="file-page">
      {file ? (
        <button type="button" className="link back-link" onClick={() => go({ name: 'client', id: file.clientId })} data-testid="back-to-client">
          {t('ui.filePage.back', { name: file.clientName })}
        </button>
      ) : null}
      <ActionFeedback action={action} />
      {!file && !load.error ? <p className="muted">{t('ui.common.loading')}</p> : null}
      {file ? (
        <>
          <FileHeader file={file} where={load.data?.where ?? null} action={action} mayMove={can('files.move')} />
          <ContentsList
            file={file}
            action={action}
            mayEdit={can('items.add')}
            onForm={setForm}
            onVersions={setVersionsOf}
            onDropScans={
              can('scans.add')
                ? (itemId, files) => {
                    // The upload's progress, cancel and outcome are in the scans panel: bring it into view from the row.
                    document.getElementById('file-scans')?.scrollIntoView({ block: 'nearest' });
                    void upload.add(files, itemId);
                  }
                : undefined
            }
          />
          <Checklist
            file={file}
            scans={
              <ScansPanel
                scans={scans}
                status={scansLoad.data?.status ?? []}
                mayAdd={can('scans.add')}
                mayRead={can('ocr.run')}
                upload={upload}
                onOpen={(s: Scan) => setViewing({ id: s.id })}
              />
            }
          />
          {/* Every loan and reading with its approvals, incidents and holds (the engine's ledger report). */}
          <FileLedger archiveNo={file.archiveNo} version={file.currentLoan?.id ?? file.status} />
          {/* A 普通 file is open to everyone: no grant is ever needed for it. */}
          {can('grants.create') && file.confidentiality !== 'normal' ? <FileGrants file={file} action={action} /> : null}
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
            action.confirm((tt) => tt('ui.filePage.itemSavedOk'));
          }}
        />
      ) : null}
      {versionsOf ? <ItemVersionsDialog item={versionsOf} onClose={() => setVersionsOf(null)} /> : null}
      {viewed && file ? (
        <ScanViewer scan={viewed} scans={scans} items={file.items} initialQuery={viewing?.q} onPick={(s) => setViewing({ id: s.id })} onClose={() => setViewing(null)} />
      ) : null}
    </section>
  );
}
