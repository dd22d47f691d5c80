/** Runs the real `dossier` command (bin/dossier.mjs) as a user would, in English by default. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

export const BIN = path.resolve(__dirname, '../../bin/dossier.mjs');
export const PASSWORD = 'cli password 1';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function dossier(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOSSIER_PASSWORD: PASSWORD, DOSSIER_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A command that must succeed with --json; its parsed output. */
export function json<T = unknown>(args: string[], env: Record<string, string> = {}): T {
  const result = dossier([...args, '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** The error document a failing command prints on stderr with --json. */
export function jsonError(result: Run): { code: string; params: Record<string, unknown>; message: string } {
  return (JSON.parse(result.stderr.trim()) as { error: { code: string; params: Record<string, unknown>; message: string } }).error;
}
