/**
 * The messages between the main process and the engine's utility process. The main process
 * only relays: contract calls go in, their `{ok, value|error}` results and the session's
 * events come out. Uploads travel as chunks, each acknowledged before the next is sent, so
 * neither side holds more than a chunk of a large file. Downloads (a scan's bytes for the
 * app:// protocol) travel the other way the same way: a head (status, headers, a JSON body
 * for answers and refusals), then chunks the engine sends only while fewer than
 * `DOWNLOAD_WINDOW` are unacknowledged, then an end; the main process acknowledges a chunk
 * once the page's stream has taken it, and may cancel.
 */
import type { DossierEvent } from '../shared/api.js';
import type { SerializedError } from '../shared/errors.js';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** Bytes of a download chunk at most (a blob's chunk is 1 MiB too). */
export const DOWNLOAD_CHUNK = 1024 * 1024;
/** Unacknowledged download chunks the engine may have sent. */
export const DOWNLOAD_WINDOW = 2;

/** A stream route's answer as it crosses: JSON travels whole (small), bytes follow as chunks. */
export interface ReplyHead {
  status: number;
  headers: Record<string, string>;
  /** The JSON body; absent when bytes follow (or there is no body). */
  json?: unknown;
  /** Whether `download-chunk`s and a `download-end` follow. */
  streamed: boolean;
}

/** The byte routes served from the engine: a scan's bytes, a page drawn by `pages.render`. */
export type DownloadRoute = 'scans' | 'pages';

export type ToEngine =
  | { type: 'invoke'; id: number; operation: string; input: unknown }
  | { type: 'upload-start'; id: number; name: string; mime: string; maxBytes: number }
  /**
   * A scan's upload: the engine knows the limit. It answers at once with a refusal (locked, declared
   * too large) or acknowledges (`upload-ack`) before the first chunk; the result's value is a ReplyHead.
   */
  | { type: 'scan-upload-start'; id: number; name: string; declaredBytes: number | null }
  | { type: 'upload-chunk'; id: number; bytes: Uint8Array }
  | { type: 'upload-end'; id: number }
  | { type: 'upload-abort'; id: number }
  /** `GET /api/scans/<token>` with the request's Range header, or `GET /api/pages/<token>` (a drawn page). */
  | { type: 'download-start'; id: number; route: DownloadRoute; token: string; range: string | null }
  | { type: 'download-ack'; id: number }
  | { type: 'download-cancel'; id: number }
  | { type: 'close' };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: InvokeResult }
  | { type: 'upload-ack'; id: number }
  | { type: 'download-head'; id: number; head: ReplyHead }
  | { type: 'download-chunk'; id: number; bytes: Uint8Array }
  /** The last message of a streamed download; `failed` when the bytes stopped short (a damaged blob, the session ended). */
  | { type: 'download-end'; id: number; failed?: boolean }
  | { type: 'event'; event: DossierEvent }
  | { type: 'closed' };
