/**
 * The main process's handle on the engine's utility process: contract calls become messages
 * and their results come back by id; the engine's events go to every listener. If the engine
 * process ends, waiting calls fail with `internal` rather than hanging.
 */
import path from 'node:path';
import type { DossierEvent } from '../shared/api.js';
import { DossierError, deserializeError } from '../shared/errors.js';
import type { DownloadRoute, FromEngine, InvokeResult, ReplyHead, ToEngine } from './engineProtocol.js';
import type { InvokeTarget } from './ipc.js';

/** What the client needs of Electron's UtilityProcess (a plain Node fork in the bundle test). */
export interface EngineProcess {
  postMessage(message: ToEngine): void;
  on(event: 'message', listener: (message: FromEngine) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type ForkEngine = (modulePath: string, args: string[], options: { serviceName: string; env: Record<string, string | undefined>; stdio: 'inherit' }) => EngineProcess;

export type EventListener = (event: DossierEvent) => void;

/** A stream route's answer on this side: the head, and the bytes as a pull stream when there are any. */
export interface StreamReply {
  head: ReplyHead;
  body: ReadableStream<Uint8Array> | null;
}

/** Where a download's messages go while it lasts. */
interface DownloadSink {
  head(head: ReplyHead): void;
  chunk(bytes: Uint8Array): void;
  end(failed: boolean): void;
}

/** Bytes of an upload per message: the engine stores them in chunks of the same size. */
const UPLOAD_CHUNK = 1024 * 1024;

export class EngineClient implements InvokeTarget {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: InvokeResult) => void>();
  private readonly acks = new Map<number, () => void>();
  private readonly downloads = new Map<number, DownloadSink>();
  private readonly listeners = new Set<EventListener>();
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(private readonly child: EngineProcess) {
    child.on('message', (message) => this.receive(message));
    this.exit = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exited = true;
        const gone: InvokeResult = { ok: false, error: new DossierError('internal', { exitCode: code }).toJSON() };
        for (const answer of this.waiting.values()) answer(gone);
        this.waiting.clear();
        for (const ack of this.acks.values()) ack();
        this.acks.clear();
        for (const download of this.downloads.values()) download.end(true);
        this.downloads.clear();
        resolve();
      }),
    );
  }

  /** A contract call: the value, or the engine's DossierError thrown. */
  async invoke(operation: string, input: unknown): Promise<unknown> {
    const result = await this.request((id) => ({ type: 'invoke', id, operation, input }));
    if (result.ok) return result.value;
    throw deserializeError(result.error);
  }

  /** Streams `body` to the engine's upload store; resolves with the upload (`{id, name, type, size}`). */
  async upload(body: AsyncIterable<Uint8Array>, options: { name: string; mime: string; maxBytes: number }): Promise<unknown> {
    const id = this.nextId++;
    const answer = new Promise<InvokeResult>((resolve) => this.waiting.set(id, resolve));
    this.send({ type: 'upload-start', id, name: options.name, mime: options.mime, maxBytes: options.maxBytes });
    await this.sendChunks(id, body, answer, options.maxBytes);
    const result = await answer;
    if (result.ok) return result.value;
    throw deserializeError(result.error);
  }

  /**
   * Streams a scan into the engine's encrypted blob store. The engine knows the archive's scan
   * limit and judges the file: the answer is the route's reply (200 with the staged scan, or a
   * refusal with its status), like browser mode's. `declaredBytes` (Content-Length) lets a file
   * over the limit be refused before a byte is sent.
   */
  async uploadScan(body: AsyncIterable<Uint8Array>, options: { name: string; declaredBytes: number | null }): Promise<ReplyHead> {
    const id = this.nextId++;
    const answer = new Promise<InvokeResult>((resolve) => this.waiting.set(id, resolve));
    // The engine acknowledges the start once it takes the bytes: a refusal it can make at once (locked, declared too large) comes before any.
    const accepted = new Promise<void>((resolve) => this.acks.set(id, resolve));
    this.send({ type: 'scan-upload-start', id, name: options.name, declaredBytes: options.declaredBytes });
    await Promise.race([accepted, answer]);
    if (this.waiting.has(id)) await this.sendChunks(id, body, answer, Number.POSITIVE_INFINITY);
    else this.acks.delete(id);
    const result = await answer;
    if (result.ok) return result.value as ReplyHead;
    throw deserializeError(result.error);
  }

  /** Sends `body` in acknowledged chunks until it ends or the engine has answered (a refusal). */
  private async sendChunks(id: number, body: AsyncIterable<Uint8Array>, answer: Promise<InvokeResult>, maxBytes: number): Promise<void> {
    let sent = 0;
    try {
      for await (const piece of body) {
        for (let at = 0; at < piece.byteLength; at += UPLOAD_CHUNK) {
          if (!this.waiting.has(id)) break; // refused already (too large): stop sending
          const bytes = piece.subarray(at, at + UPLOAD_CHUNK);
          const acked = new Promise<void>((resolve) => this.acks.set(id, resolve));
          this.send({ type: 'upload-chunk', id, bytes });
          await Promise.race([acked, answer]);
          sent += bytes.byteLength;
        }
        if (!this.waiting.has(id) || sent > maxBytes) break;
      }
      this.send({ type: 'upload-end', id });
    } catch (err) {
      this.send({ type: 'upload-abort', id });
      throw err;
    } finally {
      this.acks.delete(id);
    }
  }

  /**
   * A scan's bytes from the engine (`GET /api/scans/<token>`, Range as the request gave it), or a
   * page `pages.render` drew (`GET /api/pages/<token>`).
   * The body is pulled: each chunk is acknowledged when the page's stream takes it, and the
   * engine sends only a couple ahead, so a 2 GB scan is never held here. Cancelling the body
   * (the page stopped reading) stops the engine reading the blob.
   */
  async download(route: DownloadRoute, token: string, range: string | null): Promise<StreamReply> {
    if (this.exited) throw new DossierError('internal', {}, 'engine ended');
    const id = this.nextId++;
    const queue: Uint8Array[] = [];
    let ended: 'done' | 'failed' | null = null;
    let notify: (() => void) | null = null;
    const wake = () => {
      const n = notify;
      notify = null;
      n?.();
    };
    const head = new Promise<ReplyHead>((resolve, reject) => {
      this.downloads.set(id, {
        head: resolve,
        chunk: (bytes) => {
          queue.push(bytes);
          wake();
        },
        end: (failed) => {
          this.downloads.delete(id);
          ended = failed ? 'failed' : 'done';
          reject(new DossierError('internal', {}, 'engine ended'));
          wake();
        },
      });
    });
    this.send({ type: 'download-start', id, route, token, range });
    const answer = await head;
    if (!answer.streamed) {
      this.downloads.delete(id);
      return { head: answer, body: null };
    }
    const body = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          while (queue.length === 0 && ended === null) await new Promise<void>((resolve) => (notify = resolve));
          const next = queue.shift();
          if (next) {
            controller.enqueue(next);
            this.send({ type: 'download-ack', id });
          } else if (ended === 'failed') controller.error(new Error('the scan stream stopped short'));
          else controller.close();
        },
        cancel: () => {
          queue.length = 0;
          if (this.downloads.delete(id)) this.send({ type: 'download-cancel', id });
        },
      },
      // Pulled only when the reader asks: what the engine sent ahead stays within its window.
      { highWaterMark: 0 },
    );
    return { head: answer, body };
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Locks the archive and ends the engine process (killed if it does not end within `graceMs`). */
  async close(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    this.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill(), graceMs);
    await this.exit;
    clearTimeout(timer);
  }

  private request(build: (id: number) => ToEngine): Promise<InvokeResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.exited) return resolve({ ok: false, error: new DossierError('internal', {}, 'engine ended').toJSON() });
      this.waiting.set(id, resolve);
      this.send(build(id));
    });
  }

  private send(message: ToEngine): void {
    if (!this.exited) this.child.postMessage(message);
  }

  private receive(message: FromEngine): void {
    if (message.type === 'result') {
      const answer = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      answer?.(message.result);
    } else if (message.type === 'upload-ack') {
      this.acks.get(message.id)?.();
    } else if (message.type === 'download-head') {
      this.downloads.get(message.id)?.head(message.head);
    } else if (message.type === 'download-chunk') {
      this.downloads.get(message.id)?.chunk(message.bytes);
    } else if (message.type === 'download-end') {
      this.downloads.get(message.id)?.end(message.failed === true);
    } else if (message.type === 'event') {
      for (const listener of this.listeners) listener(message.event);
    }
  }
}

/** Starts the engine's utility process (dist-electron/engine.cjs beside main.cjs) for one archive. */
export function startEngine(fork: ForkEngine, mainDir: string, archiveDir: string, env: Record<string, string | undefined>): EngineClient {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const child = fork(path.join(mainDir, 'engine.cjs'), ['--archive', archiveDir], { serviceName: 'Dossier engine', env: defined, stdio: 'inherit' });
  return new EngineClient(child);
}
