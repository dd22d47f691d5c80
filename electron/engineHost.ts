/**
 * The engine's side of the utility process: one ArchiveHost answering the main process's
 * messages. Kept apart from the entry (electron/engine.ts) so tests drive it in-process.
 */
import { PassThrough } from 'node:stream';
import { invokeConsuming, pageReply, scanReply, scanUploadPrecheck, scanUploadReply, UploadTooLargeError } from '../db/host.js';
import type { ArchiveHost, ByteReply } from '../db/host.js';
import { DossierError, serializeError } from '../shared/errors.js';
import { DOWNLOAD_CHUNK, DOWNLOAD_WINDOW } from './engineProtocol.js';
import type { FromEngine, InvokeResult, ReplyHead, ToEngine } from './engineProtocol.js';

export interface EnginePort {
  on(listener: (message: ToEngine) => void): void;
  post(message: FromEngine): void;
}

async function settle(work: () => Promise<unknown>): Promise<InvokeResult> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (!(err instanceof DossierError)) console.error('[dossier engine] internal error', err);
    return { ok: false, error: serializeError(err) };
  }
}

function headOf(reply: ByteReply): ReplyHead {
  return { status: reply.status, headers: reply.headers, ...(reply.json === undefined ? {} : { json: reply.json }), streamed: reply.stream !== undefined };
}

/** A download being sent: how many of its chunks await their acknowledgement. */
interface Download {
  inFlight: number;
  cancelled: boolean;
  wake: (() => void) | null;
}

/** Sends `reply` as a head and, if it has bytes, as chunks within the window of unacknowledged ones. */
async function sendDownload(port: EnginePort, id: number, reply: ByteReply, downloads: Map<number, Download>): Promise<void> {
  const stream = reply.stream;
  const state: Download = { inFlight: 0, cancelled: false, wake: null };
  if (stream) downloads.set(id, state);
  port.post({ type: 'download-head', id, head: headOf(reply) });
  if (!stream) return;
  let failed = false;
  try {
    outer: for await (const piece of stream as AsyncIterable<Uint8Array>) {
      for (let at = 0; at < piece.byteLength; at += DOWNLOAD_CHUNK) {
        while (state.inFlight >= DOWNLOAD_WINDOW && !state.cancelled) await new Promise<void>((resolve) => (state.wake = resolve));
        if (state.cancelled) break outer;
        state.inFlight++;
        // A copy of just these bytes: a view would carry its whole underlying buffer across.
        port.post({ type: 'download-chunk', id, bytes: piece.slice(at, at + DOWNLOAD_CHUNK) });
      }
    }
  } catch (err) {
    // A damaged chunk or the session's end: the page sees a cut-off stream, never altered bytes.
    failed = true;
    if (!(err instanceof DossierError)) console.error('[dossier engine] download stopped', err);
  } finally {
    stream.destroy();
    downloads.delete(id);
  }
  if (!state.cancelled) port.post({ type: 'download-end', id, ...(failed ? { failed: true } : {}) });
}

/** Serves `host` on `port` until a `close` message; returns when it is wired. */
export function serveEngine(host: ArchiveHost, port: EnginePort, exit: () => void = () => {}): void {
  host.onJobEvent((job) => port.post({ type: 'event', event: { type: 'job', job } }));
  host.onSessionEnd(() => port.post({ type: 'event', event: { type: 'locked' } }));
  const uploads = new Map<number, PassThrough>();
  const downloads = new Map<number, Download>();
  port.on((message) => {
    switch (message.type) {
      case 'invoke':
        void settle(() => invokeConsuming(host, message.operation, message.input)).then((result) => port.post({ type: 'result', id: message.id, result }));
        return;
      case 'upload-start': {
        const body = new PassThrough({ highWaterMark: 1024 * 1024 });
        uploads.set(message.id, body);
        void settle(async () => {
          try {
            return await host.uploads().receive(body, { name: message.name, type: message.mime, maxBytes: message.maxBytes });
          } catch (err) {
            if (err instanceof UploadTooLargeError) throw new DossierError('import.tooLarge', { maxMb: Math.floor(message.maxBytes / 1024 / 1024) });
            throw err;
          } finally {
            uploads.delete(message.id);
          }
        }).then((result) => port.post({ type: 'result', id: message.id, result }));
        return;
      }
      case 'scan-upload-start': {
        const session = host.current;
        const early = scanUploadPrecheck(session, message.name, message.declaredBytes);
        if (early || !session) {
          // A missing session is refused by the precheck (409): `early` is set then.
          if (early) port.post({ type: 'result', id: message.id, result: { ok: true, value: headOf(early) } });
          return;
        }
        const body = new PassThrough({ highWaterMark: 1024 * 1024 });
        // Destroyed by an abort after the store stopped reading (a refusal): nobody waits for that error.
        body.on('error', () => {});
        uploads.set(message.id, body);
        port.post({ type: 'upload-ack', id: message.id });
        void scanUploadReply(session, body, message.name).then((reply) => {
          uploads.delete(message.id);
          port.post({ type: 'result', id: message.id, result: { ok: true, value: headOf(reply) } });
        });
        return;
      }
      case 'upload-chunk': {
        const body = uploads.get(message.id);
        if (!body) return;
        // Acknowledged once the store has taken it: the main process sends the next chunk then.
        if (body.write(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength))) port.post({ type: 'upload-ack', id: message.id });
        else body.once('drain', () => port.post({ type: 'upload-ack', id: message.id }));
        return;
      }
      case 'upload-end':
        uploads.get(message.id)?.end();
        return;
      case 'upload-abort':
        // The page gave up (cancel, a closed window): a cancellation, not an engine failure to log.
        uploads.get(message.id)?.destroy(new DossierError('job.cancelled'));
        return;
      case 'download-start':
        void (message.route === 'pages' ? Promise.resolve().then(() => pageReply(host.current, message.token)) : scanReply(host.current, message.token, message.range))
          .catch((err: unknown): ByteReply => {
            console.error('[dossier engine] scan read failed', err);
            return { status: 500, headers: { 'Content-Type': 'application/json; charset=utf-8' }, json: { ok: false, error: serializeError(new DossierError('internal')) } };
          })
          .then((reply) => sendDownload(port, message.id, reply, downloads));
        return;
      case 'download-ack': {
        const state = downloads.get(message.id);
        if (!state) return;
        state.inFlight--;
        state.wake?.();
        state.wake = null;
        return;
      }
      case 'download-cancel': {
        const state = downloads.get(message.id);
        if (!state) return;
        state.cancelled = true;
        state.wake?.();
        return;
      }
      case 'close':
        for (const state of downloads.values()) {
          state.cancelled = true;
          state.wake?.();
        }
        host.close();
        port.post({ type: 'closed' });
        exit();
        return;
    }
  });
  port.post({ type: 'ready' });
}
