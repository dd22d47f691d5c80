/**
 * The audit rule over the whole contract: every write leaves exactly one audit row (at
 * least one for bulk writes) naming what was done; reads leave none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../db/host.js';
import { contract, OPERATION_NAMES } from '../../shared/contract.js';
import type { AuditEntry } from '../../shared/contract.js';
import { ADMIN, countRows } from '../helpers.js';
import { hostSample, sessionSample } from './samples.js';
import type { Caller } from './samples.js';
import { appendedRows, CONTRACT_NOW, contractArchive, contractOptions, expectedActions, tempArchiveDir } from './setup.js';
import type { ContractArchive } from './setup.js';

const sessionOps = OPERATION_NAMES.filter((name) => contract[name].access !== 'public');
const writes = sessionOps.filter((name) => contract[name].write !== false);
const reads = sessionOps.filter((name) => contract[name].write === false);
/** Every action the contract knows: an operation's name or one an operation declares. */
const knownActions = new Set<string>(OPERATION_NAMES.flatMap((name) => [name, ...contract[name].audits]));

let archive: ContractArchive;
const caller: Caller = { role: 'admin', username: ADMIN.username, password: ADMIN.password };
beforeAll(async () => {
  archive = await contractArchive();
});
afterAll(() => archive?.close());

function expectRows(rows: AuditEntry[], actions: readonly string[]) {
  expect(rows.map((r) => r.action)).toEqual(actions);
  for (const row of rows) {
    expect(knownActions.has(row.action), `${row.action} is an operation or declared by one`).toBe(true);
    expect(row).toMatchObject({ username: ADMIN.username, at: new Date(CONTRACT_NOW).toISOString() });
  }
}

describe('every write leaves its audit rows', () => {
  for (const operation of writes) {
    const bulk = contract[operation].write === 'bulk';
    const actions = expectedActions(operation);
    it(`${operation} leaves ${bulk ? 'at least one audit row' : 'exactly one audit row'}: ${actions.join(', ')}`, async () => {
      if (bulk) expect(actions.length).toBeGreaterThanOrEqual(1);
      else {
        expect(actions).toHaveLength(1);
        // Its own name, or one it declares (e.g. locations.save: locations.create).
        expect([operation, ...contract[operation].audits]).toContain(actions[0]);
      }
      const env = archive.env(caller);
      const sample = sessionSample(operation);
      const input = await sample.input(env);
      const rows = await appendedRows(archive.admin, async () => {
        const output = await archive.admin.call(operation, input);
        await sample.settle?.(env, output);
      });
      expectRows(rows, actions);
    });
  }

  it('keeps the audit chain intact over all of them', async () => {
    expect(await archive.admin.call('audit.verify')).toMatchObject({ ok: true, brokenAtSeq: null });
  });
});

describe('writes audited under another name, by input', () => {
  it('locations.save of an existing location: locations.update', async () => {
    const room = await archive.admin.call('locations.save', { kind: 'room', code: 'U1', name: '待改名库房' });
    const rows = await appendedRows(archive.admin, () => archive.admin.call('locations.save', { id: room.id, code: 'U1', name: '二号库房' }));
    expectRows(rows, ['locations.update']);
  });

  it('handovers.saveKind of an existing kind: handovers.updateKind', async () => {
    await archive.admin.call('handovers.saveKind', { code: 'audit_kind', name: '交接', deadlineDays: 3 });
    const rows = await appendedRows(archive.admin, () => archive.admin.call('handovers.saveKind', { code: 'audit_kind', name: '交接（改）', deadlineDays: 4 }));
    expectRows(rows, ['handovers.updateKind']);
  });

  it('import.run of files: files.create and items.add for each record, then import.run', async () => {
    const csv = `客户名称,档案题名,文件题名\n${archive.fx.clientName},导入合同卷,租赁合同\n${archive.fx.clientName},导入合同卷,补充协议\n`;
    const input = { kind: 'files' as const, fileName: 'files.csv', contentBase64: Buffer.from(csv, 'utf8').toString('base64') };
    const rows = await appendedRows(archive.admin, () => archive.admin.call('import.run', input));
    expectRows(rows, ['files.create', 'items.add', 'items.add', 'import.run']);
  });
});

describe('reads leave the audit log unchanged', () => {
  for (const operation of reads) {
    const actions = expectedActions(operation);
    const title = actions.length ? `${operation} (not declared a write) leaves ${actions.join(', ')}` : `${operation} leaves no audit row`;
    it(title, async () => {
      const env = archive.env(caller);
      const sample = sessionSample(operation);
      const input = await sample.input(env);
      const rows = await appendedRows(archive.admin, async () => {
        const output = await archive.admin.call(operation, input);
        await sample.settle?.(env, output);
      });
      expectRows(rows, actions);
    });
  }
});

describe('public operations in the archive host', () => {
  it('archive.create and session.unlock leave one row each; archive.status and session.lock none', async () => {
    const { dir, remove } = tempArchiveDir();
    const host = new ArchiveHost(dir, contractOptions());
    const call = (operation: 'archive.status' | 'archive.create' | 'session.unlock' | 'session.lock') => host.invoke(operation, hostSample(operation).input(ADMIN));
    const session = () => host.current!;
    try {
      await call('archive.status');
      await call('archive.create');
      expectRows(await session().call('audit.list', {}), hostSample('archive.create').audits);
      const rows = await appendedRows(session(), () => call('archive.status'));
      expectRows(rows, hostSample('archive.status').audits);
      let seq = countRows(session(), 'audit_log');
      // Lock, then unlock: between the two sessions only the unlock is recorded.
      for (let round = 0; round < 2; round++) {
        await call('session.lock');
        await call('session.unlock');
        const [entry] = await session().call('audit.list', { limit: 1 });
        expect(countRows(session(), 'audit_log')).toBe(seq + hostSample('session.unlock').audits.length + hostSample('session.lock').audits.length);
        expectRows([entry!], hostSample('session.unlock').audits);
        seq = countRows(session(), 'audit_log');
      }
      expect(await session().call('audit.verify')).toMatchObject({ ok: true, brokenAtSeq: null });
    } finally {
      host.close();
      remove();
    }
  });
});
