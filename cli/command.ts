/** What every `dossier` command module shares: the command shape, its context, usage errors. */
import type { ParseArgsConfig } from 'node:util';
import type { ArchiveSession } from '../db/archive.js';
import { closeUploads } from '../db/streams/uploads.js';
import type { Language } from '../shared/i18n/index.js';
import type { CliMessages } from './messages.js';

/** A mistake in the command line itself: printed as is, exit code 2. */
export class UsageError extends Error {}

/** The user pressed Ctrl+C: the job was cancelled and nothing written; exit code 130. */
export class CancelledError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  options: Options;
  /** How many positional arguments the command takes (default none). */
  positionals?: number;
  /** Runs without an archive (no --archive, --user or password). */
  noArchive?: boolean;
  run(ctx: CommandContext): Promise<unknown>;
}

export interface CommandContext {
  values: Values;
  positionals: string[];
  m: CliMessages;
  language: Language;
  json: boolean;
  print(text: string): void;
  text(name: string): string;
  optional(name: string): string | undefined;
  /** A whole number option, or undefined when absent. */
  integer(name: string): number | undefined;
  open(): Promise<ArchiveSession>;
}

export async function withSession<T>(ctx: CommandContext, fn: (session: ArchiveSession) => Promise<T>): Promise<T> {
  const session = await ctx.open();
  try {
    return await fn(session);
  } finally {
    closeUploads(session);
    session.close();
  }
}
