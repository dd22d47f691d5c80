/**
 * The messages between the main process and the engine's utility process. The main process
 * only relays: contract calls go in, their `{ok, value|error}` results and the session's
 * events come out. Uploads travel as chunks, each acknowledged before the next is sent, so
 * neither side holds more than a chunk of a large file.
 */
import type { DossierEvent } from '../shared/api.js';
import type { SerializedError } from '../shared/errors.js';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export type ToEngine =
  | { type: 'invoke'; id: number; operation: string; input: unknown }
  | { type: 'upload-start'; id: number; name: string; mime: string; maxBytes: number }
  | { type: 'upload-chunk'; id: number; bytes: Uint8Array }
  | { type: 'upload-end'; id: number }
  | { type: 'upload-abort'; id: number }
  | { type: 'close' };

export type FromEngine =
  { type: 'ready' } | { type: 'result'; id: number; result: InvokeResult } | { type: 'upload-ack'; id: number } | { type: 'event'; event: DossierEvent } | { type: 'closed' };
