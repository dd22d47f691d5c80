import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createArchive } from '../db/archive.js';
import type { ArchiveOptions, ArchiveSession } from '../db/archive.js';
import { creditCodeCheckChar } from '../shared/domain/creditCode.js';
import { DossierError } from '../shared/errors.js';
import type { ErrorCode } from '../shared/errors.js';

/** Cheap key derivation for tests; the real default is measured by the bench. */
export const TEST_KDF = { N: 2 ** 10, r: 8, p: 1 };
export const ADMIN = { username: 'admin', displayName: '管理员', password: 'correct horse', archiveName: '测试档案室' };

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dossier-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A clock the test can move: `clock.set('2026-03-02T09:00:00')`. */
export function testClock(start = '2026-03-02T09:00:00') {
  let now = new Date(start);
  const clock = () => new Date(now);
  clock.set = (iso: string) => {
    now = new Date(iso);
  };
  return clock;
}

export async function newArchive(options: ArchiveOptions = {}): Promise<{ dir: string; session: ArchiveSession }> {
  const dir = path.join(tempDir(), 'archive');
  const session = await createArchive(dir, ADMIN, { kdfCost: TEST_KDF, ...options });
  cleanups.push(() => session.close());
  return { dir, session };
}

export function validCreditCode(body17: string): string {
  const check = creditCodeCheckChar(body17);
  if (!check) throw new Error(`not a credit code body: ${body17}`);
  return body17 + check;
}

/** Awaits a promise that must fail with a DossierError of the given code. */
export async function expectDossierError(promise: Promise<unknown>, code: ErrorCode): Promise<DossierError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DossierError && err.code === code) return err;
    throw new Error(`expected DossierError ${code}, got ${err instanceof DossierError ? err.code : String(err)}`);
  }
  throw new Error(`expected DossierError ${code}, but it succeeded`);
}

export function countRows(session: ArchiveSession, table: string): number {
  return (session.db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
}

/** A paper approval signed outside the system, for loans in tests that are not about applications. */
export const SIGNED = { signedBy: '赵经理', signedOn: '2020-01-02' } as const;

const testBorrowers = new Map<string, Promise<string>>();

/**
 * The staff number of the person a borrower label names, registered on first use in that archive:
 * "销售部 李明" is 李明 of 销售部 (the department made if need be); a bare name is staff of 综合部.
 */
export function personFor(session: ArchiveSession, label: string): Promise<string> {
  const key = `${session.dir}\u0000${label}`;
  let staffNo = testBorrowers.get(key);
  if (!staffNo) {
    staffNo = (async () => {
      const space = label.indexOf(' ');
      const department = space > 0 ? label.slice(0, space) : '综合部';
      const name = space > 0 ? label.slice(space + 1) : label;
      const known = await session.call('departments.list');
      if (!known.some((d) => d.name === department)) await session.call('departments.add', { name: department });
      const person = await session.call('people.add', { kind: 'staff', name, department, staffNo: `T${testBorrowers.size + 1}-${Date.now().toString(36)}` });
      return person.staffNo!;
    })();
    testBorrowers.set(key, staffNo);
  }
  return staffNo;
}
