/**
 * The hot folder's refused files: moved aside into `REJECTED_DIR` inside the watched folder
 * (so the scanner's folder only holds what is still to come, and nothing is retried forever),
 * each with a small text file beside it giving the reason in words. Nothing already there is
 * overwritten: an earlier reject of the same name keeps its place and the new one gets
 * "name (2).pdf". The note holds the file name, the time and the reason only.
 */
import { closeSync, constants, copyFileSync, fsyncSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Chinese first, English after: readable to either clerk, no spaces to quote in a shell. */
export const REJECTED_DIR = '未导入-rejected';
/** The reason note's suffix after the moved file's own name. */
export const REASON_SUFFIX = '.未导入原因.txt';

const NAME_MAX = 255;

/** `stem (n).ext`, cut so that the name and its note's name stay within the file system's 255 bytes. */
function candidate(name: string, n: number): string {
  const ext = path.extname(name);
  let stem = name.slice(0, name.length - ext.length);
  const tail = n === 1 ? '' : ` (${n})`;
  const fits = (s: string) => Buffer.byteLength(`${s}${tail}${ext}${REASON_SUFFIX}`) <= NAME_MAX;
  while (stem.length > 1 && !fits(stem)) stem = [...stem].slice(0, -1).join('');
  return `${stem}${tail}${ext}`;
}

/** Moves `file` to `dir` under `name` unless that name is taken (then false); never overwrites. */
function moveNoClobber(file: string, target: string): boolean {
  try {
    linkSync(file, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // No hard links here (FAT, some network shares): an exclusive copy, then the original goes.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    try {
      copyFileSync(file, target, constants.COPYFILE_EXCL);
    } catch (copyErr) {
      if ((copyErr as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw copyErr;
    }
  }
  unlinkSync(file);
  return true;
}

function writeNote(file: string, text: string): void {
  const fd = openSync(file, 'wx', 0o644);
  try {
    // A BOM so that older Chinese Windows editors read UTF-8, not GBK.
    writeSync(fd, `\ufeff${text.replace(/\n/g, '\r\n')}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface Rejected {
  /** The moved file, relative to the watched folder. */
  movedTo: string;
  note: string;
}

/**
 * Moves a refused file of the watched folder `dir` aside, the note (made from where it goes)
 * written first; throws when it cannot be moved (the file then stays where it was).
 */
export function moveAside(dir: string, name: string, note: (movedTo: string) => string): Rejected {
  const aside = path.join(dir, REJECTED_DIR);
  mkdirSync(aside, { recursive: true });
  for (let n = 1; ; n++) {
    const moved = candidate(name, n);
    const noteName = `${moved}${REASON_SUFFIX}`;
    // Both names must be free: a note of an earlier reject is never overwritten either.
    try {
      writeNote(path.join(aside, noteName), note(path.join(REJECTED_DIR, moved)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    let done = false;
    try {
      done = moveNoClobber(path.join(dir, name), path.join(aside, moved));
    } finally {
      if (!done) unlinkSync(path.join(aside, noteName));
    }
    if (done) return { movedTo: path.join(REJECTED_DIR, moved), note: path.join(REJECTED_DIR, noteName) };
  }
}
