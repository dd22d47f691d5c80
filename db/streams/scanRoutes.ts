/**
 * The scan routes' answers, the same for every transport: browser mode's HTTP server writes
 * them to its response, Electron's engine process sends them over to the app:// protocol in
 * acknowledged chunks. What is decided here (statuses, ranges, headers, refusals) is decided
 * once, so both transports refuse the same file the same way.
 *   upload: `POST …/api/upload?purpose=scan&name=…` → 200 `{ok:true,value:{id,name,size,kind,pageCount}}`,
 *           413 over the scan limit, 415 unsupported type, 422 damaged or badly named, 409 locked.
 *   read:   `GET …/api/scans/<token>` → 200 / 206 (Range `bytes=a-b`, `a-`, `-n`), 416, 404, 409.
 */
import type { Readable } from 'node:stream';
import { DossierError, serializeError } from '../../shared/errors.js';
import { openScanContent, receiveScan, scanLimitBytes } from './scans.js';
import type { ScanSession } from './scans.js';

/** An HTTP-like answer: a JSON body (answers, refusals) or a byte stream, never both. */
export interface ByteReply {
  status: number;
  headers: Record<string, string>;
  json?: unknown;
  stream?: Readable;
}

export function jsonReply(status: number, value: unknown): ByteReply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, json: value };
}

export function refusalReply(status: number, error: DossierError): ByteReply {
  return jsonReply(status, { ok: false, error: serializeError(error) });
}

/** RFC 6266 filename parameters: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The status a refused scan upload answers with. */
export function scanUploadStatus(err: unknown): number {
  const code = err instanceof DossierError ? err.code : 'internal';
  if (code === 'scans.tooLarge') return 413;
  if (code === 'scans.unsupportedType') return 415;
  if (code === 'archive.locked') return 409;
  return code.startsWith('scans.') ? 422 : 500;
}

/** Refusals known before a byte is read (locked, a declared length over the limit); null to go on. */
export function scanUploadPrecheck(session: ScanSession | null, name: string, declaredBytes: number | null): ByteReply | null {
  if (!session) return refusalReply(409, new DossierError('archive.locked'));
  const limit = scanLimitBytes(session);
  if (declaredBytes !== null && Number.isFinite(declaredBytes) && declaredBytes > limit) {
    return refusalReply(413, new DossierError('scans.tooLarge', { name: name.slice(0, 80), maxMb: Math.floor(limit / 1024 / 1024) }));
  }
  return null;
}

/** Takes a scan's bytes into the encrypted store (after `scanUploadPrecheck`): the staged scan, or its refusal. */
export async function scanUploadReply(session: ScanSession, body: AsyncIterable<Uint8Array | string>, name: string): Promise<ByteReply> {
  try {
    const staged = await receiveScan(session, body, name);
    return jsonReply(200, { ok: true, value: { id: staged.id, name: staged.name, size: staged.size, kind: staged.kind, pageCount: staged.pageCount } });
  } catch (err) {
    if (!(err instanceof DossierError)) console.error('[dossier] scan upload failed:', err);
    return refusalReply(scanUploadStatus(err), err instanceof DossierError ? err : new DossierError('internal'));
  }
}

/** A single `bytes=` range: `{start, end?}` (end exclusive), `{suffix}` for `-n`, null for none or one we ignore (several ranges). */
export function parseRange(header: string | null | undefined): { start: number; end?: number } | { suffix: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  if (!match || (!match[1] && !match[2])) return null;
  if (!match[1]) return { suffix: Number(match[2]) };
  return { start: Number(match[1]), ...(match[2] ? { end: Number(match[2]) + 1 } : {}) };
}

/**
 * A granted scan's decrypted bytes (token from `scans.open` / `scans.export`, which did the
 * authorisation and the audit), the whole scan or one range of it, as a stream read chunk by
 * chunk from the blob: nothing decrypted is held beyond the chunk being sent.
 */
export async function scanReply(session: ScanSession | null, token: string, rangeHeader: string | null | undefined): Promise<ByteReply> {
  if (!session) return refusalReply(409, new DossierError('archive.locked'));
  const asked = parseRange(rangeHeader);
  let content;
  try {
    if (asked && 'suffix' in asked) {
      // The last n bytes: the size is known once the scan is found.
      const whole = await openScanContent(session, token);
      whole.stream.destroy();
      content = await openScanContent(session, token, { start: Math.max(0, whole.size - asked.suffix) });
    } else {
      content = await openScanContent(session, token, asked ?? undefined);
    }
  } catch (err) {
    return refusalReply(404, err instanceof DossierError ? err : new DossierError('scans.notFound'));
  }
  const unsatisfiable =
    asked && (('start' in asked && (asked.start >= content.size || (asked.end !== undefined && asked.end <= asked.start))) || ('suffix' in asked && asked.suffix === 0));
  if (unsatisfiable) {
    content.stream.destroy();
    return { status: 416, headers: { 'Content-Range': `bytes */${content.size}`, 'Cache-Control': 'no-store' } };
  }
  return {
    status: asked ? 206 : 200,
    headers: {
      'Content-Type': content.mimeType,
      'Content-Length': String(content.end - content.start),
      'Accept-Ranges': 'bytes',
      ...(asked ? { 'Content-Range': `bytes ${content.start}-${content.end - 1}/${content.size}` } : {}),
      'Content-Disposition': contentDisposition(content.fileName, 'inline'),
      'Cache-Control': 'no-store',
    },
    stream: content.stream,
  };
}
