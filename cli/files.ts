/**
 * Files the command line reads and writes for the user: regular files only. A device
 * (/dev/zero), a pipe or a folder is refused before anything is read (opening a FIFO would
 * wait for a writer; reading /dev/zero would never end), a file's size is checked before
 * its bytes, and an export is written beside its target and renamed into place, so a
 * failed or cancelled export never leaves a partial file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, createReadStream, fstatSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import type { ReadStream } from 'node:fs';
import path from 'node:path';

export class NotRegularFileError extends Error {
  constructor(readonly file: string) {
    super(`not a regular file: ${file}`);
  }
}

export class FileTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly maxBytes: number,
  ) {
    super(`larger than ${maxBytes} bytes: ${file}`);
  }
}

/** O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (POSIX only). */
const OPEN_FLAGS = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NONBLOCK);

/** A regular file of at most `maxBytes`, opened for streaming; checked again on the open descriptor (no swap in between). */
export interface InputFile {
  stream: ReadStream;
  size: number;
}

export function openInputFile(file: string, maxBytes: number): InputFile {
  if (!statSync(file).isFile()) throw new NotRegularFileError(file);
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new NotRegularFileError(file);
    if (info.size > maxBytes) throw new FileTooLargeError(file, maxBytes);
    return { stream: createReadStream('', { fd, autoClose: true, highWaterMark: 1024 * 1024 }), size: info.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Whether `file` exists (without following a final symlink), and whether it is a regular file. */
export function existing(file: string): 'none' | 'regular' | 'other' {
  try {
    return lstatSync(file).isFile() ? 'regular' : 'other';
  } catch {
    return 'none';
  }
}

/**
 * Writes `bytes` to `file` owner-only: to a temporary file in the same folder, synced, then
 * linked (no overwrite) or renamed (`overwrite`) into place. On any failure nothing is left.
 */
export function writeOutputFile(file: string, bytes: Uint8Array, overwrite: boolean): void {
  const state = existing(file);
  if (state === 'other') throw new NotRegularFileError(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (overwrite) renameSync(temp, file);
    else {
      // A hard link fails if the name was taken meanwhile, where a rename would replace it.
      linkSync(temp, file);
      unlinkSync(temp);
    }
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone (renamed, or never created)
    }
    throw err;
  }
}
