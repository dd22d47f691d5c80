/**
 * Adding scans to a file or an item: each chosen or dropped file is streamed into the encrypted
 * store (progress per file, cancel aborts), then all are attached in one `scans.add` job; an
 * item's page count takes the pages of its scans (while it is not sealed), and when the archive
 * reads text (the `ocrEnabled` setting) an `ocr.run` job reads the new scans in the background.
 */
import { useCallback, useRef, useState } from 'react';
import type { FileDetail } from '../../../../shared/contract.js';
import { DossierError } from '../../../../shared/errors.js';
import type { Scan } from '../../../../shared/ops/scans.js';
import { api } from '../../api.js';
import type { Action } from '../../hooks.js';
import { jobOutcome, useJobs, whenFinished } from '../../stores/jobs.js';
import { useSettings } from '../../stores/settings.js';
import { uploadScan } from '../../scans.js';

export interface UploadState {
  done: number;
  total: number;
  name: string;
}

export interface ScanUpload {
  uploading: UploadState | null;
  /** The scans.add or ocr.run job running now (its bar and cancel show in the panel). */
  jobId: string | null;
  ocrJobId: string | null;
  add(files: File[], itemId?: string): Promise<void>;
  cancelUpload(): void;
  readText(scanIds?: string[]): Promise<void>;
}

export function useScanUpload(file: FileDetail | null, action: Action, changed: () => void): ScanUpload {
  const [uploading, setUploading] = useState<UploadState | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [ocrJobId, setOcrJobId] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const upsert = useJobs((s) => s.upsert);

  const readText = useCallback(
    async (scanIds?: string[]) => {
      if (!file) return;
      const job = await api.call('jobs.start', { operation: 'ocr.run', input: scanIds ? { scanIds } : { fileId: file.id } });
      upsert(job);
      setOcrJobId(job.id);
      try {
        const ended = await whenFinished(job.id);
        if (ended.state === 'cancelled') return;
        const result = jobOutcome<{ scans: number; pages: number }>(ended);
        action.setNotice((t) => t('ui.scanPanel.ocrDoneOk', { scans: result.scans, pages: result.pages }));
      } finally {
        setOcrJobId(null);
        changed();
      }
    },
    [file, upsert, action, changed],
  );

  const add = useCallback(
    async (files: File[], itemId?: string) => {
      if (!file || files.length === 0 || controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      await action.run(async () => {
        const uploadIds: string[] = [];
        try {
          for (const [i, f] of files.entries()) {
            setUploading({ done: i, total: files.length, name: f.name });
            uploadIds.push((await uploadScan(f, abort.signal)).id);
          }
        } finally {
          setUploading(null);
          controller.current = null;
        }
        const job = await api.call('jobs.start', { operation: 'scans.add', input: { uploadIds, fileId: file.id, ...(itemId ? { itemId } : {}) } });
        upsert(job);
        setJobId(job.id);
        let added: { scans: Scan[]; deduplicated: number };
        try {
          const ended = await whenFinished(job.id);
          if (ended.state === 'cancelled') throw new DossierError('job.cancelled');
          added = jobOutcome(ended);
        } finally {
          setJobId(null);
        }
        let filled: { seq: number; pages: number } | null = null;
        if (itemId) filled = await fillPageCount(file, itemId);
        changed();
        if (useSettings.getState().settings?.ocrEnabled !== false && added.scans.length) void readText(added.scans.map((s) => s.id)).catch(action.setError);
        action.setNotice((t) =>
          [
            t('ui.scanPanel.addedOk', { count: added.scans.length }),
            added.deduplicated ? t('ui.scanPanel.deduplicated', { count: added.deduplicated }) : '',
            filled ? ` ${t('ui.scanPanel.pagesFilled', filled)}` : '',
          ].join(''),
        );
      });
    },
    [file, action, upsert, changed, readText],
  );

  return { uploading, jobId, ocrJobId, add, cancelUpload: () => controller.current?.abort(), readText };
}

/** The item's page count becomes the pages of its scans (a sealed item keeps its own: a correction changes it). */
async function fillPageCount(file: FileDetail, itemId: string): Promise<{ seq: number; pages: number } | null> {
  const scans = await api.call('scans.list', { fileId: file.id });
  const pages = scans.filter((s) => s.itemId === itemId).reduce((n, s) => n + s.pageCount, 0);
  const item = (await api.call('files.get', { archiveNo: file.archiveNo })).items.find((i) => i.id === itemId);
  if (!item || item.sealed || pages === 0 || item.pageCount === pages) return null;
  await api.call('items.update', { itemId, changes: { pageCount: pages } });
  return { seq: item.seq, pages };
}
