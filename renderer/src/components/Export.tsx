/** Export buttons (client list, on-loan list): the engine returns the file as base64; the browser saves it. */
import { useTranslation } from 'react-i18next';
import type { ExportList } from '../../../shared/ops/export.js';
import { api } from '../api.js';
import { useAction, useCan, useErrorText } from '../hooks.js';
import { useLanguage } from '../stores/language.js';
import './Export.css';

/** Bytes of base64 text. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 of bytes (in chunks: large spreadsheets overflow String.fromCharCode(...all)). */
export function bytesBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Saves base64 content as a download (a Blob URL and an <a download>; works in Electron too). */
export function downloadBase64(base64: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([base64Bytes(base64)], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButton({ kind }: { kind: ExportList }) {
  const { t } = useTranslation();
  const can = useCan();
  const language = useLanguage((s) => s.language);
  const errorText = useErrorText();
  const exporting = useAction();
  if (!can('export.create')) return null;
  const { busy } = exporting;
  const problem = exporting.error ? errorText(exporting.error) : null;

  const run = (format: 'xlsx' | 'csv') =>
    exporting.run(async () => {
      const file = await api.call('export.create', { list: kind, format, language, open: kind === 'loans' });
      downloadBase64(file.contentBase64, file.fileName, file.mimeType);
    });

  return (
    <span className="export-group" role="group" aria-label={t('ui.export.label')}>
      <button type="button" className="btn" disabled={busy} onClick={() => void run('xlsx')} data-testid="export-button" title={problem ?? undefined}>
        {busy ? t('ui.common.busy') : t('ui.export.xlsx')}
      </button>
      <button type="button" className="btn" disabled={busy} onClick={() => void run('csv')} data-testid="export-csv-button">
        {t('ui.export.csv')}
      </button>
      {problem ? (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
