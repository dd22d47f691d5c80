/**
 * One archive, one process: a process that opens an archive holds `archive.lock` in its
 * folder until it closes the last session. The file names the holder (program, user,
 * computer, since when), so a second program is refused with a message a clerk can act on.
 * Sessions of the same process share the lock. A lock whose process is gone (same computer,
 * no such pid) is stale and taken over; on another computer only its owner can clear it.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DossierError } from '../shared/errors.js';

export const LOCK_FILE = 'archive.lock';

export interface LockHolder {
  program: string;
  user: string;
  host: string;
  pid: number;
  since: string;
}

const held = new Map<string, { count: number; file: string }>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}

/** Takes (or shares, within this process) the lock of the archive in `dir`; call the result to release it. */
export function acquireArchiveLock(dir: string, program: string, now: Date = new Date()): () => void {
  const key = path.resolve(dir);
  const mine = held.get(key);
  if (mine) {
    mine.count++;
    return once(() => release(key));
  }
  const file = path.join(key, LOCK_FILE);
  const holder: LockHolder = { program, user: osUser(), host: os.hostname(), pid: process.pid, since: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      held.set(key, { count: 1, file });
      return once(() => release(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = readHolder(file);
      const stale = !other || (other.host === holder.host && other.pid !== process.pid && !alive(other.pid));
      if (!stale) {
        throw new DossierError('archive.inUse', {
          program: other.program,
          user: other.user,
          host: other.host,
          since: other.since,
        });
      }
      rmSync(file, { force: true });
    }
  }
  throw new DossierError('archive.inUse', { program: '?', user: '?', host: '?', since: '?' });
}

function release(key: string): void {
  const mine = held.get(key);
  if (!mine) return;
  if (--mine.count > 0) return;
  held.delete(key);
  rmSync(mine.file, { force: true });
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
