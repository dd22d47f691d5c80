/**
 * Audit anchors: the chain's length and head hash, kept where a thief of the archive folder
 * cannot rewrite them. The engine remembers the last anchor it saw for each archive on this
 * computer, outside the archive folder (in the user's Dossier configuration folder, beside
 * Electron's user data: the application, the browser-mode server and the command line share
 * it), so a chain later found shorter or different is reported by verification.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { formatAnchorCode } from '../shared/domain/anchorCode.js';
import type { AuthorityReport } from './authority.js';
import type { ArchiveDb } from './connection.js';

/** The chain head: how many entries (the last one's number) and the last entry's hash. */
export interface Anchor {
  count: number;
  head: string;
}

export const RememberedAnchor = z.object({
  archiveId: z.string(),
  count: z.number().int().min(0),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  /** The first signed entry this computer saw: entries after it must be signed. */
  signedFrom: z.number().int().nullable(),
  at: z.string(),
});
export type RememberedAnchor = z.infer<typeof RememberedAnchor>;

/** Dossier's folder in the user's configuration (Electron's `userData` for the app named Dossier). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Dossier');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Dossier');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Dossier');
}

/** Where anchors are remembered: the option, else `DOSSIER_ANCHOR_DIR`, else `<user data>/anchors`. */
export function anchorDir(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(option ?? (env.DOSSIER_ANCHOR_DIR || path.join(userDataDir(env), 'anchors')));
}

function anchorFile(dir: string, archiveId: string): string {
  // Archive ids are UUIDs; anything else is reduced to a safe file name.
  return path.join(dir, `${archiveId.replace(/[^0-9A-Za-z-]/g, '_')}.json`);
}

/** The head of the chain as stored: the last entry's number and hash (0 and no hash when empty). */
export function chainHead(db: ArchiveDb): Anchor {
  const row = db.sqlite.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as { seq: number; hash: string } | undefined;
  return row ? { count: row.seq, head: row.hash } : { count: 0, head: '0'.repeat(64) };
}

/** The current anchor as the short code an auditor writes down (`DA-<count>-…`). */
export function currentAnchor(db: ArchiveDb): Anchor & { code: string } {
  const head = chainHead(db);
  return { ...head, code: formatAnchorCode(head.count, head.head) };
}

export function readRememberedAnchor(dir: string, archiveId: string): RememberedAnchor | null {
  const file = anchorFile(dir, archiveId);
  if (!existsSync(file)) return null;
  try {
    const parsed = RememberedAnchor.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success && parsed.data.archiveId === archiveId ? parsed.data : null;
  } catch {
    return null;
  }
}

function firstSignedSeq(db: ArchiveDb): number | null {
  const row = db.sqlite.prepare('select min(seq) as seq from audit_log where signature is not null').get() as { seq: number | null } | undefined;
  return row?.seq ?? null;
}

/**
 * Remembers the chain's head after a write, unless the chain no longer contains the anchor
 * remembered before (shorter, or a different entry at its place): that anchor is the evidence
 * verification reports, so it is kept, never overwritten by the shorter chain.
 */
export function rememberAnchor(dir: string, archiveId: string, db: ArchiveDb, now: Date): RememberedAnchor | null {
  const previous = readRememberedAnchor(dir, archiveId);
  const head = chainHead(db);
  if (previous) {
    if (previous.count === head.count && previous.head === head.head) return previous;
    const atAnchor = db.sqlite.prepare('select hash from audit_log where seq = ?').get(previous.count) as { hash: string } | undefined;
    if (previous.count > 0 && atAnchor?.hash !== previous.head) return previous;
    if (previous.count > head.count) return previous;
  }
  const next: RememberedAnchor = { archiveId, count: head.count, head: head.head, signedFrom: previous?.signedFrom ?? firstSignedSeq(db), at: now.toISOString() };
  writeAtomically(anchorFile(dir, archiveId), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/** What a session gives the verification: the anchor this computer remembers, and the trusted signing keys. */
export interface AuditChainAccess {
  remembered(): RememberedAnchor | null;
  /** Signing key id → user id, from the authority-signed users' document; null when it does not verify. */
  signingKeys(): Map<string, string> | null;
  /** The signed authority's state (null for a format-1 archive not yet migrated). */
  authority(): AuthorityReport | null;
}
