/**
 * Adding scans to a file or an item: each chosen or dropped file is streamed into the encrypted
 * store (progress per file, cancel aborts), then all are attached in one `scans.add` job (the
 * engine fills the item's page count from its scans and says when a typed or sealed count differs:
 * shown until dismissed), and when the archive reads text (the `ocrEnabled` setting) an `ocr.run`
 * job reads the new scans in the background.
 */
import { useCallback, useRef, useState } from 'react';
import type { FileDetail } from '../../../../shared/contract.js';
import { itemPagesMessage } from '../../../../shared/domain/itemPages.js';
import { DossierError } from '../../../../shared/errors.js';
import type { Scan, ScanItemPages } from '../../../../shared/ops/scans.js';
import { api } from '../../api.js';
import type { Action } from '../../hooks.js';
import { jobOutcome, useJobs, whenFinished } from '../../stores/jobs.js';
import { useSettings } from '../../stores/settings.js';
import { uploadScan } from '../../scans.js';

export interface UploadState {
  done: number;
  total: number;
  name: string;
  /** Bytes sent of all the chosen files, and their sum (the bar moves while a large file goes). */
  sentBytes: number;
  totalBytes: number;
}

export interface RefusedScan {
  name: string;
  error: unknown;
}

export interface ScanUpload {
  uploading: UploadState | null;
  /** The scans.add or ocr.run job running now (its bar and cancel show in the panel). */
  jobId: string | null;
  ocrJobId: string | null;
  /** Items whose page count differs from their scans and was kept (the last add's). */
  pageWarnings: ScanItemPages[];
  /** Files of the last add the store refused (each with its translated reason); the others were added. */
  refused: RefusedScan[];
  dismissRefused(): void;
  dismissPageWarnings(): void;
  add(files: File[], itemId?: string): Promise<void>;
  cancelUpload(): void;
  readText(scanIds?: string[]): Promise<void>;
}

export function useScanUpload(file: FileDetail | null, action: Action, changed: () => void): ScanUpload {
  const [uploading, setUploading] = useState<UploadState | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [ocrJobId, setOcrJobId] = useState<string | null>(null);
  const [pageWarnings, setPageWarnings] = useState<ScanItemPages[]>([]);
  const [refused, setRefused] = useState<RefusedScan[]>([]);
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
      const outcome = await action.run(async () => {
        const uploadIds: string[] = [];
        const refusedNow: RefusedScan[] = [];
        setRefused([]);
        try {
          const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
          let before = 0;
          for (const [i, f] of files.entries()) {
            const state = { done: i, total: files.length, name: f.name, totalBytes };
            setUploading({ ...state, sentBytes: before });
            try {
              uploadIds.push((await uploadScan(f, abort.signal, (bytes) => setUploading({ ...state, sentBytes: before + Math.min(bytes, f.size) }))).id);
            } catch (err) {
              // A file the store refuses (type, name, size, content) is named and the others still go in, as on the
              // command line; a cancel or a lost connection stops the whole batch.
              if (abort.signal.aborted || !(err instanceof DossierError) || !err.code.startsWith('scans.')) throw err;
              refusedNow.push({ name: f.name, error: err });
            }
            before += f.size;
          }
        } finally {
          setUploading(null);
          controller.current = null;
          setRefused(refusedNow);
        }
        if (uploadIds.length === 0) return;
        const job = await api.call('jobs.start', { operation: 'scans.add', input: { uploadIds, fileId: file.id, ...(itemId ? { itemId } : {}) } });
        upsert(job);
        setJobId(job.id);
        let added: { scans: Scan[]; deduplicated: number; itemPages: ScanItemPages[] };
        try {
          const ended = await whenFinished(job.id);
          if (ended.state === 'cancelled') throw new DossierError('job.cancelled');
          added = jobOutcome(ended);
        } finally {
          setJobId(null);
        }
        const filled = added.itemPages.filter((p) => p.outcome === 'filled');
        setPageWarnings(added.itemPages.filter((p) => p.outcome !== 'filled'));
        changed();
        if (useSettings.getState().settings?.ocrEnabled !== false && added.scans.length) void readText(added.scans.map((s) => s.id)).catch(action.setError);
        return { added, filled };
      });
      // Set once the run has ended: a notice set inside it would be replaced as it ends.
      if (outcome) {
        const { added, filled } = outcome;
        action.setNotice((t) =>
          [
            t('ui.scanPanel.addedOk', { count: added.scans.length }),
            added.deduplicated ? t('ui.scanPanel.deduplicated', { count: added.deduplicated }) : '',
            ...filled.map((p) => {
              const { key, params } = itemPagesMessage(p);
              return ` ${t(`ui.scanPanel.${key}`, params)}`;
            }),
          ].join(''),
        );
      }
    },
    [file, action, upsert, changed, readText],
  );

  return {
    uploading,
    jobId,
    ocrJobId,
    pageWarnings,
    dismissPageWarnings: () => setPageWarnings([]),
    refused,
    dismissRefused: () => setRefused([]),
    add,
    cancelUpload: () => controller.current?.abort(),
    readText,
  };
}
