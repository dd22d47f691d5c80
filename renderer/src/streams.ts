/**
 * Files in and out of the archive without holding them as base64 where the transport allows:
 * browser mode and Electron (its app:// protocol) stream an import's file to the upload route
 * and fetch a finished export from the download route; elsewhere base64 travels in the call.
 */
import { DossierError } from '../../shared/errors.js';
import type { Job } from '../../shared/ops/jobs.js';
import { getConnection } from './api.js';
import { unwrapEnvelope } from './transport.js';

/** How an import names its file: an upload of this session, or the bytes inline. */
export type ImportSource = { uploadId: string } | { contentBase64: string };

/** What a preload may add to `window.dossier` for uploads. */
interface UploadBridge {
  upload?: (name: string, bytes: Uint8Array) => Promise<unknown>;
}

function contentType(file: File): string {
  if (file.type) return file.type;
  return file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

function uploadIdOf(value: unknown): string {
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw new DossierError('internal', {}, 'upload answered without an id');
  return id;
}

/**
 * Where the stream routes are: browser mode's server (with the token), or Electron's app://
 * protocol (same origin, no token); null where neither exists (base64 over the call instead).
 */
function streamRoutes(): { base: string; headers: Record<string, string> } | null {
  const connection = getConnection();
  if (connection?.kind === 'http') return { base: connection.apiBase, headers: connection.token ? { Authorization: `Bearer ${connection.token}` } : {} };
  if (connection?.kind === 'ipc' && typeof location !== 'undefined' && location.protocol === 'app:') return { base: '/api', headers: {} };
  return null;
}

/** Whether a chosen file can go to the engine as a stream (larger files allowed). */
export function canStreamUploads(): boolean {
  return streamRoutes() !== null;
}

/** Sends a chosen file towards an import. */
export async function sendForImport(file: File): Promise<ImportSource> {
  const connection = getConnection();
  const routes = streamRoutes();
  if (routes) {
    const headers: Record<string, string> = { ...routes.headers, 'Content-Type': contentType(file), Accept: 'application/json' };
    let response: Response;
    try {
      response = await fetch(`${routes.base}/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers, body: file });
    } catch (cause) {
      throw new DossierError('internal', {}, `network error: ${String(cause)}`);
    }
    if (response.status === 401) throw new DossierError('transport.unauthorized');
    const body: unknown = await response.json().catch(() => null);
    return { uploadId: uploadIdOf(unwrapEnvelope(body)) };
  }
  const bridge = connection?.kind === 'ipc' ? (connection.bridge as UploadBridge) : null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bridge?.upload) {
    const answer = await bridge.upload(file.name, bytes);
    const value = answer && typeof answer === 'object' && 'ok' in answer ? unwrapEnvelope(answer) : answer;
    return { uploadId: uploadIdOf(value) };
  }
  return { contentBase64: bytesBase64(bytes) };
}

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

/** Saves base64 content as a download. */
export function downloadBase64(base64: string, fileName: string, mimeType: string): void {
  saveBlob(new Blob([base64Bytes(base64)], { type: mimeType }), fileName);
}

/** A Blob URL and an <a download> (works in Electron too). */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the file of a finished export job. */
export async function saveExport(job: Job): Promise<void> {
  const file = job.result as { fileName?: string; contentBase64?: string; mimeType?: string } | undefined;
  const fileName = file?.fileName ?? 'export';
  const routes = streamRoutes();
  if (routes) {
    const response = await fetch(`${routes.base}/download/${encodeURIComponent(job.id)}`, { headers: routes.headers });
    if (!response.ok) unwrapEnvelope(await response.json().catch(() => null));
    saveBlob(await response.blob(), fileName);
    return;
  }
  if (typeof file?.contentBase64 !== 'string') throw new DossierError('job.notFound');
  downloadBase64(file.contentBase64, fileName, file.mimeType ?? 'application/octet-stream');
}

/** The bytes of a finished export or print job: from the download route where it exists, else its base64. */
export async function jobFileBytes(job: Job): Promise<Uint8Array<ArrayBuffer>> {
  const routes = streamRoutes();
  if (routes) {
    const response = await fetch(`${routes.base}/download/${encodeURIComponent(job.id)}`, { headers: routes.headers });
    if (!response.ok) unwrapEnvelope(await response.json().catch(() => null));
    return new Uint8Array(await response.arrayBuffer());
  }
  const file = job.result as { contentBase64?: string } | undefined;
  if (typeof file?.contentBase64 !== 'string') throw new DossierError('job.notFound');
  return base64Bytes(file.contentBase64);
}
