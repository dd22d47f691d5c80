/**
 * Pages drawn by `pages.render` (PNG, made in a worker thread), held in memory for the route
 * `GET …/api/pages/<token>` instead of travelling as base64 in the call's answer. The operation
 * authorised, checked clearance and audited the view; the route only hands the bytes over: each
 * page once, within a minute, and at most 64 MB are held at a time (the oldest dropped first).
 * Never on disk; a lock ends the session and its pages with it (another session's are its own).
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DossierError } from '../../shared/errors.js';
import type { ArchiveDb } from '../connection.js';
import { refusalReply } from './scanRoutes.js';
import type { ByteReply } from './scanRoutes.js';

export const PAGE_TTL_MS = 60_000;
export const MAX_HELD_PAGE_BYTES = 64 * 1024 * 1024;
/** Pieces of a page as it is streamed (Electron's download chunks are no larger). */
const PIECE = 256 * 1024;

interface Held {
  png: Uint8Array;
  until: number;
}

export class RenderedPages {
  private readonly pages = new Map<string, Held>();
  private held = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a drawn page; the token names it in `/api/pages/<token>`. */
  keep(png: Uint8Array): string {
    this.sweep();
    // Oldest first (a Map keeps insertion order): the newest page is the one being looked at.
    for (const [token, page] of this.pages) {
      if (this.held + png.byteLength <= MAX_HELD_PAGE_BYTES) break;
      this.drop(token, page);
    }
    const token = randomBytes(18).toString('base64url');
    this.pages.set(token, { png, until: this.now() + PAGE_TTL_MS });
    this.held += png.byteLength;
    return token;
  }

  /** The page, once: a second fetch of the same token, or one after a minute, finds nothing. */
  take(token: string): Uint8Array | undefined {
    const page = this.pages.get(token);
    if (!page) return undefined;
    this.drop(token, page);
    return page.until >= this.now() ? page.png : undefined;
  }

  get heldBytes(): number {
    return this.held;
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, page] of this.pages) if (page.until < now) this.drop(token, page);
  }

  private drop(token: string, page: Held): void {
    this.pages.delete(token);
    this.held -= page.png.byteLength;
  }
}

const stores = new WeakMap<ArchiveDb, RenderedPages>();

/** The session's drawn pages (one store per open archive connection, so per session). */
export function renderedPages(session: { db: ArchiveDb }): RenderedPages {
  let store = stores.get(session.db);
  if (!store) {
    store = new RenderedPages();
    stores.set(session.db, store);
  }
  return store;
}

function* pieces(png: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < png.byteLength; at += PIECE) yield Buffer.from(png.buffer, png.byteOffset + at, Math.min(PIECE, png.byteLength - at));
}

/** `GET …/api/pages/<token>`: the drawn page (200, image/png), 404 for an unknown, used or expired token, 409 locked. */
export function pageReply(session: { db: ArchiveDb } | null, token: string): ByteReply {
  if (!session) return refusalReply(409, new DossierError('archive.locked'));
  const png = renderedPages(session).take(token);
  if (!png) return refusalReply(404, new DossierError('scans.notFound'));
  return {
    status: 200,
    headers: { 'Content-Type': 'image/png', 'Content-Length': String(png.byteLength), 'Cache-Control': 'no-store' },
    stream: Readable.from(pieces(png)),
  };
}
