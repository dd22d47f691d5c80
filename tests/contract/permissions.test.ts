/**
 * Every role × every operation of the contract, allowed or refused exactly as the
 * permission matrix (shared/domain/permissions.ts) says; a refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { contract, OPERATION_NAMES } from '../../shared/contract.js';
import type { OperationName, OpInput } from '../../shared/contract.js';
import { ROLES } from '../../shared/domain/enums.js';
import type { Role } from '../../shared/domain/enums.js';
import { roleCan } from '../../shared/domain/permissions.js';
import type { Capability } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import type { ErrorCode } from '../../shared/errors.js';
import { ADMIN, expectDossierError } from '../helpers.js';
import { hostSample, samples, sessionSample } from './samples.js';
import { appendedRows, contractArchive, contractOptions, expectedActions, snapshot, tempArchiveDir } from './setup.js';
import type { ContractArchive } from './setup.js';

const isPublic = (name: OperationName) => contract[name].access === 'public';
const sessionOps = OPERATION_NAMES.filter((name) => !isPublic(name));
const publicOps = OPERATION_NAMES.filter(isPublic);

const cases = ROLES.flatMap((role) =>
  sessionOps.map((operation) => {
    const allowed = roleCan(role, contract[operation].capability);
    return { role, operation, allowed, verb: allowed ? 'may call' : 'is refused' };
  }),
);

let archive: ContractArchive;
beforeAll(async () => {
  archive = await contractArchive();
});
afterAll(() => archive?.close());

/** Calls as `role`: refused with `code` (auth.forbidden names the missing capability), everything left as it was. */
async function expectRefused<N extends OperationName>(role: Role, operation: N, input: OpInput<N>, refusal: { capability: Capability } | { code: ErrorCode }) {
  const { session } = archive.sessions[role];
  const before = await snapshot(archive);
  const err = await expectDossierError(session.call(operation, input), 'code' in refusal ? refusal.code : 'auth.forbidden');
  if ('capability' in refusal) expect(err.params.capability).toBe(refusal.capability);
  expect(await snapshot(archive)).toEqual(before);
}

describe('the sample table', () => {
  it('marks exactly the public operations as called through the archive host', () => {
    for (const name of OPERATION_NAMES) expect(samples[name].via, name).toBe(isPublic(name) ? 'host' : 'session');
  });
});

describe('every role × every session operation, as the permission matrix says', () => {
  for (const { role, operation, allowed, verb } of cases) {
    it(`${role} ${verb} ${operation}`, async () => {
      const { caller, session } = archive.sessions[role];
      const env = archive.env(caller);
      const sample = sessionSample(operation);
      const input = await sample.input(env);
      if (!allowed) {
        await expectRefused(role, operation, input, { capability: contract[operation].capability });
        return;
      }
      const rows = await appendedRows(archive.admin, async () => {
        try {
          const output = await session.call(operation, input);
          await sample.settle?.(env, output);
        } catch (err) {
          throw new Error(`${role} should be allowed ${operation} with the sample input, got ${err instanceof DossierError ? err.code : String(err)}`, { cause: err });
        }
      });
      // Audited as the caller.
      expect(rows.map((r) => [r.action, r.username])).toEqual(expectedActions(operation).map((action) => [action, caller.username]));
    });
  }
});

describe('capabilities checked beyond the operation’s own', () => {
  const filesCsv = (clientName: string, title: string) => Buffer.from(`客户名称,档案题名\n${clientName},${title}\n`, 'utf8').toString('base64');

  describe.each(['import.check', 'import.run'] as const)('%s of files also needs files.write', (operation) => {
    for (const role of ROLES) {
      const allowed = roleCan(role, contract[operation].capability) && roleCan(role, 'files.write');
      it(`${role} ${allowed ? 'may import' : 'is refused importing'} files`, async () => {
        const { session } = archive.sessions[role];
        const title = `导入卷-${operation}-${role}`;
        const input = { kind: 'files' as const, fileName: 'files.csv', contentBase64: filesCsv(archive.fx.clientName, title) };
        if (!allowed) {
          const capability = roleCan(role, contract[operation].capability) ? 'files.write' : contract[operation].capability;
          await expectRefused(role, operation, input, { capability });
          return;
        }
        const report = await session.call(operation, input);
        expect(report).toMatchObject({ kind: 'files', badRows: 0, created: { files: 1 } });
        const listed = (await archive.admin.call('clients.get', { id: archive.fx.clientId })).files.map((f) => f.title);
        expect(listed.includes(title)).toBe(operation === 'import.run');
      });
    }
  });

  describe('clients.setStatus: only an administrator takes a terminated client back', () => {
    for (const role of ROLES) {
      const allowed = role === 'admin';
      it(`${role} ${allowed ? 'may reactivate' : 'is refused reactivating'} a terminated client`, async () => {
        const { admin } = archive;
        const client = await admin.call('clients.create', { name: `退租客户-${role}` });
        await admin.call('clients.setStatus', { id: client.id, status: 'terminated', terminationKind: 'withdrawn', reason: '合同到期退租' });
        const input = { id: client.id, status: 'active' as const, reason: '重新签约' };
        if (allowed) {
          expect(await archive.sessions[role].session.call('clients.setStatus', input)).toMatchObject({ status: 'active', terminationKind: null, terminatedOn: null });
          return;
        }
        // Without clients.write the operation's capability refuses; with it, the reactivation rule.
        const capability = contract['clients.setStatus'].capability;
        await expectRefused(role, 'clients.setStatus', input, roleCan(role, capability) ? { code: 'client.reactivationAdminOnly' } : { capability });
        expect((await admin.call('clients.get', { id: client.id })).status).toBe('terminated');
      });
    }
  });
});

describe('public operations: callable without a session, by every role', () => {
  it('lists the public operations the host carries', () => {
    expect([...publicOps].sort()).toEqual([
      'archive.create',
      'archive.recover',
      'archive.rekey',
      'archive.rekeyOutcome',
      'archive.status',
      'session.lock',
      'session.remember',
      'session.unlock',
    ]);
  });

  it('creates, locks and unlocks as each role; nothing else runs while locked', async () => {
    const { dir, remove } = tempArchiveDir();
    const host = new ArchiveHost(dir, contractOptions());
    try {
      const call = <N extends OperationName>(operation: N, credentials: { username: string; password: string } = ADMIN) =>
        host.invoke(operation, hostSample(operation).input(credentials));
      expect(await call('archive.status')).toMatchObject({ state: 'missing', user: null });
      expect(await call('archive.create')).toMatchObject({ username: ADMIN.username, role: 'admin' });
      for (const role of ROLES) {
        await host.invoke('users.create', { username: `as-${role}`, displayName: role, password: `${role} password`, role });
      }
      expect(await call('session.lock')).toEqual({ ok: true });
      expect(await call('archive.status')).toMatchObject({ state: 'locked', user: null });
      for (const operation of sessionOps) {
        const input = await sessionSample(operation).input(archive.env(archive.sessions.admin.caller));
        await expectDossierError(host.invoke(operation, input), 'archive.locked');
      }
      for (const role of ROLES) {
        const credentials = { username: `as-${role}`, password: `${role} password` };
        expect(await call('session.unlock', credentials)).toMatchObject({ username: credentials.username, role });
        expect(await call('archive.status')).toMatchObject({ state: 'unlocked', user: { role } });
        expect(await call('session.lock')).toEqual({ ok: true });
        expect(await call('archive.status')).toMatchObject({ state: 'locked' });
      }
    } finally {
      host.close();
      remove();
    }
  });
});
