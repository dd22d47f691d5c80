/**
 * The file page's scans (扫描件): a thumbnail of each scan's first page (drawn by the engine in
 * memory), its pages, the item it belongs to and whether its text has been read; a file picker
 * and a drop area (files dropped on an item row of the contents list go to that item); the
 * upload's and the jobs' progress with cancel. Opening a scan shows it in the viewer.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { itemPagesMessage } from '../../../../shared/domain/itemPages.js';
import type { OcrStatus } from '../../../../shared/ops/ocr.js';
import type { Scan } from '../../../../shared/ops/scans.js';
import { api } from '../../api.js';
import { InlineJob } from '../../components/Jobs.js';
import { useErrorText } from '../../hooks.js';
import { limitedThumbnail, pageObjectUrl, SCAN_ACCEPT } from '../../scans.js';
import type { ScanUpload } from './scanUpload.js';

export function filesOf(e: React.DragEvent): File[] {
  return [...e.dataTransfer.files];
}

/** The first page's thumbnail (an object URL of the drawn page, revoked with the card; nothing cached beyond it). */
function Thumbnail({ scan }: { scan: Scan }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let made: string | null = null;
    const draw = () => api.call('pages.render', { scanId: scan.id, page: 1, maxSide: 240 }).then((page) => pageObjectUrl(page.url));
    // One more try after a failure (a page route given once can be lost with a dropped request).
    limitedThumbnail(
      () => draw().catch(() => draw()),
      () => !stopped,
    ).then(
      (url) => {
        if (!url) return;
        if (stopped) return URL.revokeObjectURL(url);
        made = url;
        setSrc(url);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [scan.id]);
  return <div className="scan-thumb">{src ? <img src={src} alt="" data-testid="scan-thumbnail" /> : null}</div>;
}

interface ScansPanelProps {
  scans: Scan[];
  status: OcrStatus[];
  mayAdd: boolean;
  mayRead: boolean;
  upload: ScanUpload;
  onOpen(scan: Scan): void;
}

export function ScansPanel({ scans, status, mayAdd, mayRead, upload, onOpen }: ScansPanelProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const stateOf = new Map(status.map((s) => [s.scanId, s]));
  const pending = status.filter((s) => s.state !== 'done').map((s) => s.scanId);
  const busy = upload.uploading !== null || upload.jobId !== null;

  return (
    <div
      className={over ? 'scans-panel drop-over' : 'scans-panel'}
      id="file-scans"
      data-testid="scans-panel"
      onDragOver={(e) => {
        if (!mayAdd || busy) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (mayAdd && !busy) void upload.add(filesOf(e));
      }}
    >
      <div className="screen-head section-head">
        <h2 className="section-title">{t('ui.filePage.scans')}</h2>
        <div className="head-actions">
          {mayRead && pending.length > 0 ? (
            <button type="button" className="btn btn-small" disabled={upload.ocrJobId !== null} onClick={() => void upload.readText(pending)} data-testid="ocr-run">
              {upload.ocrJobId ? t('ui.scanPanel.ocrRunning') : t('ui.scanPanel.ocrRun')}
            </button>
          ) : null}
          {mayAdd ? (
            <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => input.current?.click()} data-testid="scan-add">
              {t('ui.scanPanel.add')}
            </button>
          ) : null}
        </div>
      </div>
      {mayAdd ? (
        <input
          ref={input}
          type="file"
          multiple
          accept={SCAN_ACCEPT}
          hidden
          data-testid="scan-file-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void upload.add(files);
          }}
        />
      ) : null}
      {upload.uploading ? (
        <div className="inline-job" data-testid="scan-uploading">
          <span className="muted small">{t('ui.scanPanel.uploading', { done: upload.uploading.done + 1, total: upload.uploading.total, name: upload.uploading.name })}</span>
          <progress max={Math.max(1, upload.uploading.totalBytes)} value={upload.uploading.sentBytes} data-testid="scan-upload-progress" />
          <button type="button" className="btn btn-small" onClick={upload.cancelUpload} data-testid="scan-upload-cancel">
            {t('ui.scanPanel.cancel')}
          </button>
        </div>
      ) : null}
      {upload.pageWarnings.length ? (
        <div className="msg msg-warn" role="status" data-testid="scan-page-warnings">
          <ul>
            {upload.pageWarnings.map((p) => {
              const { key, params } = itemPagesMessage(p);
              return <li key={p.itemId}>{t(`ui.scanPanel.${key}`, params)}</li>;
            })}
          </ul>
          <button type="button" className="btn btn-small" onClick={upload.dismissPageWarnings} data-testid="scan-page-warnings-dismiss">
            {t('ui.scanPanel.pagesDismiss')}
          </button>
        </div>
      ) : null}
      {upload.refused.length ? (
        <div className="msg msg-error" role="alert" data-testid="scan-refused">
          <p>{t('ui.scanPanel.refused', { count: upload.refused.length })}</p>
          <ul>
            {upload.refused.map((r, i) => (
              <li key={i}>{errorText(r.error)}</li>
            ))}
          </ul>
          <button type="button" className="btn btn-small" onClick={upload.dismissRefused} data-testid="scan-refused-dismiss">
            {t('ui.scanPanel.pagesDismiss')}
          </button>
        </div>
      ) : null}
      <InlineJob id={upload.jobId} />
      <InlineJob id={upload.ocrJobId} />
      {scans.length === 0 ? <p className="muted scans-empty">{t('ui.scanPanel.none')}</p> : null}
      <ul className="scan-list" data-testid="scan-list">
        {scans.map((scan) => {
          const ocr = stateOf.get(scan.id)?.state ?? 'pending';
          return (
            <li key={scan.id}>
              <button type="button" className="scan-card" onClick={() => onOpen(scan)} data-testid="scan-card" data-scan-id={scan.id} title={t('ui.scanPanel.open')}>
                <Thumbnail scan={scan} />
                <span className="scan-name">{scan.name}</span>
                <span className="muted small" data-testid="scan-pages">
                  {scan.itemSeq ? t('ui.scanPanel.ofItem', { seq: scan.itemSeq }) : t('ui.scanPanel.ofFile')} · {t('ui.scanPanel.pages', { count: scan.pageCount })}
                </span>
                <span className={`badge ocr-${ocr}`} data-testid="scan-ocr" data-state={ocr}>
                  {t(`ui.scanPanel.ocrState.${ocr}`)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {mayAdd ? <p className="muted small drop-hint">{t('ui.scanPanel.dropHint')}</p> : null}
    </div>
  );
}
