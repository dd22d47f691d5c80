/**
 * One archive shared by a whole test file: its first administrator, a signed-in user of
 * every role (high clearance, so need-to-know never hides a sample's file) and the fixture.
 * Created in beforeAll and removed in afterAll (tests/helpers' archives live for one test).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createArchive, openArchive } from '../../db/archive.js';
import type { ArchiveOptions, ArchiveSession } from '../../db/archive.js';
import { ROLES } from '../../shared/domain/enums.js';
import type { Role } from '../../shared/domain/enums.js';
import { ADMIN, countRows, TEST_KDF, testClock } from '../helpers.js';
import { contract } from '../../shared/contract.js';
import type { AuditEntry, OperationName } from '../../shared/contract.js';
import { prepareFixture, sessionSample } from './samples.js';
import type { Caller, Fixture, SampleEnv } from './samples.js';

export interface ContractArchive {
  dir: string;
  options: ArchiveOptions;
  admin: ArchiveSession;
  fx: Fixture;
  sessions: Record<Role, { session: ArchiveSession; caller: Caller }>;
  env(caller: Caller): SampleEnv;
  close(): void;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;
/** Future days (holidays may be planned ahead), one per call. */
const uniqueDate = () => new Date(Date.UTC(2027, 0, 1 + ++counter)).toISOString().slice(0, 10);

/** The archives' fixed clock (local time). */
export const CONTRACT_NOW = '2026-03-02T09:00:00';

export function contractOptions(): ArchiveOptions {
  return { kdfCost: TEST_KDF, clock: testClock(CONTRACT_NOW) };
}

export function tempArchiveDir(): { dir: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dossier-contract-'));
  return { dir: path.join(root, 'archive'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function contractArchive(): Promise<ContractArchive> {
  const { dir, remove } = tempArchiveDir();
  const options = contractOptions();
  const admin = await createArchive(dir, ADMIN, options);
  const fx = await prepareFixture(admin);
  const callers = ROLES.map((role): Caller => ({ role, username: `as-${role}`, password: `${role} password` }));
  for (const { role, username, password } of callers) {
    await admin.call('users.create', { username, displayName: `${role} 用户`, password, role, clearance: 'top_secret' });
  }
  // Opened once every slot exists: a session keeps the key slots it read and writes them back on a key change.
  const sessions = {} as ContractArchive['sessions'];
  for (const caller of callers) sessions[caller.role] = { caller, session: await openArchive(dir, caller.username, caller.password, options) };
  return {
    dir,
    options,
    admin,
    fx,
    sessions,
    env: (caller) => ({ fx, admin, caller, unique, uniqueDate, session: caller.username === ADMIN.username ? admin : sessions[caller.role].session }),
    close: () => {
      for (const role of ROLES) sessions[role].session.close();
      admin.close();
      remove();
    },
  };
}

/** What a refused call must leave untouched: the audit trail, every table, the key slots. */
export interface Snapshot {
  auditRows: number;
  auditHead: string | undefined;
  /** Changes when any other connection commits to the database. */
  dataVersion: number;
  header: string;
}

export async function snapshot(archive: Pick<ContractArchive, 'admin' | 'dir'>): Promise<Snapshot> {
  const [head] = await archive.admin.call('audit.list', { limit: 1 });
  return {
    auditRows: countRows(archive.admin, 'audit_log'),
    auditHead: head?.hash,
    dataVersion: archive.admin.db.sqlite.pragma('data_version', { simple: true }) as number,
    header: readFileSync(path.join(archive.dir, 'archive.json'), 'utf8'),
  };
}

/** The actions of the audit rows a successful sample call appends, oldest first. */
export function expectedActions(operation: OperationName): readonly string[] {
  return sessionSample(operation).audits ?? (contract[operation].write === false ? [] : [operation]);
}

/** Runs `call` and returns the audit rows it appended, oldest first (read as `auditor`). */
export async function appendedRows(auditor: ArchiveSession, call: () => Promise<unknown>): Promise<AuditEntry[]> {
  const [last] = await auditor.call('audit.list', { limit: 1 });
  const before = countRows(auditor, 'audit_log');
  await call();
  const added = countRows(auditor, 'audit_log') - before;
  const rows = added > 0 ? await auditor.call('audit.list', { limit: added }) : [];
  expect(rows.every((row) => row.seq > (last?.seq ?? 0))).toBe(true);
  return rows.reverse();
}
