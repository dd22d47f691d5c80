/**
 * The engine's side of the utility process: one ArchiveHost answering the main process's
 * messages. Kept apart from the entry (electron/engine.ts) so tests drive it in-process.
 */
import { PassThrough } from 'node:stream';
import { invokeConsuming, UploadTooLargeError } from '../db/host.js';
import type { ArchiveHost } from '../db/host.js';
import { DossierError, serializeError } from '../shared/errors.js';
import type { FromEngine, InvokeResult, ToEngine } from './engineProtocol.js';

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

/** Serves `host` on `port` until a `close` message; returns when it is wired. */
export function serveEngine(host: ArchiveHost, port: EnginePort, exit: () => void = () => {}): void {
  host.onJobEvent((job) => port.post({ type: 'event', event: { type: 'job', job } }));
  host.onSessionEnd(() => port.post({ type: 'event', event: { type: 'locked' } }));
  const uploads = new Map<number, PassThrough>();
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
        uploads.get(message.id)?.destroy(new Error('upload aborted'));
        return;
      case 'close':
        host.close();
        port.post({ type: 'closed' });
        exit();
        return;
    }
  });
  port.post({ type: 'ready' });
}
