/**
 * Scan bytes in and out of a session, for the transports: an upload streams straight into the
 * blob store (encrypted, checked); the viewer's and an export's bytes are decrypted on the fly
 * from a token that `scans.open` or `scans.export` gave out (those operations did the
 * authorisation, clearance check and audit), any byte range at a time.
 */
import { Readable } from 'node:stream';
import { SCAN_MIME_TYPES } from '../../shared/domain/scans.js';
import { DossierError } from '../../shared/errors.js';
import { BlobReader } from '../blobs/format.js';
import { blobsFor } from '../blobs/store.js';
import type { StagedScan } from '../blobs/store.js';
import type { ArchiveDb } from '../connection.js';
import { appendAudit } from '../audit.js';
import type { AuditSigner } from '../audit.js';
import type { SessionUser } from '../../shared/contract.js';
import type { Scan } from '../../shared/ops/scans.js';
import { sealText } from '../levelKeys.js';
import { scanMaxMb } from '../records/scans.js';

export interface ScanSession {
  db: ArchiveDb;
}

/** Receives one scan's bytes into the session's blob store; the upload id goes to `scans.add`. */
export async function receiveScan(session: ScanSession, source: AsyncIterable<Uint8Array | string>, name: string, signal?: AbortSignal): Promise<StagedScan> {
  return blobsFor(session).receive(source, { name, maxBytes: scanMaxMb(session) * 1024 * 1024, ...(signal ? { signal } : {}) });
}

/**
 * An exported scan that never reached its file (disk full, no permission, cancelled): the
 * transport that writes it records so, like `export.failed`, so the trail claims no file that does not exist.
 */
export function auditScanExportFailed(session: { db: ArchiveDb; user: SessionUser; signer?: AuditSigner | null }, scan: Scan, reason: string, now: Date = new Date()): void {
  const { db, user } = session;
  // Details of an entry about a 机密/绝密 file are sealed under its key, as ctx.audit seals them (the scan's name among them).
  const fileId = scan.fileId;
  const seal = fileId ? (text: string) => sealText(db, fileId, text) : undefined;
  db.transaction(() =>
    appendAudit(
      db,
      { id: user.id, username: user.username, signer: session.signer ?? null },
      now,
      {
        action: 'scans.exportFailed',
        targetType: fileId ? 'file' : 'scan',
        targetId: fileId ?? scan.id,
        targetLabel: scan.archiveNo ?? scan.name,
        details: { scanId: scan.id, name: scan.name, reason },
      },
      seal,
    ),
  );
}

export function scanLimitBytes(session: ScanSession): number {
  return scanMaxMb(session) * 1024 * 1024;
}

export interface ScanContentStream {
  size: number;
  /** The bytes served: `end` exclusive. */
  start: number;
  end: number;
  mimeType: string;
  fileName: string;
  stream: Readable;
}

/**
 * The decrypted bytes of a granted scan, from `start` to `end` (exclusive; whole by default).
 * A damaged blob ends the stream with an error, never with altered bytes.
 */
export async function openScanContent(session: ScanSession, token: string, range?: { start: number; end?: number }): Promise<ScanContentStream> {
  const store = blobsFor(session);
  const scanId = store.granted(token);
  if (!scanId) throw new DossierError('scans.notFound');
  const row = session.db.one(
    session.db.k
      .selectFrom('scans')
      .innerJoin('blobs', 'blobs.id', 'scans.blobId')
      .select(['blobs.id', 'blobs.keyScope', 'blobs.wrappedKey', 'blobs.size', 'blobs.kind', 'scans.originalName'])
      .where('scans.id', '=', scanId),
  );
  if (!row) throw new DossierError('scans.notFound');
  const start = Math.max(0, Math.min(range?.start ?? 0, row.size));
  const end = Math.max(start, Math.min(range?.end ?? row.size, row.size));
  const reader = await BlobReader.open(store.access(row));
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= reader.close());
  const stream = Readable.from(
    (async function* () {
      try {
        yield* reader.stream(start, end);
      } finally {
        await close();
      }
    })(),
  );
  // A stream destroyed before its first read never runs the generator's `finally`: its file would stay open.
  stream.once('close', () => void close().catch(() => undefined));
  return { size: row.size, start, end, mimeType: SCAN_MIME_TYPES[row.kind], fileName: row.originalName, stream };
}
