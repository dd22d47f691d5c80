/**
 * Need-to-know over the whole contract: a user cleared for 普通 only finds no trace of a
 * 绝密 file — its title, items, borrower, handover names, remarks — in the output or the
 * error of any operation their role may call, whether called with the samples (lists,
 * counts, the audit log, searches, exports) or aimed at the secret file's archive number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { contract, OPERATION_NAMES } from '../../shared/contract.js';
import type { OperationName } from '../../shared/contract.js';
import { ROLES } from '../../shared/domain/enums.js';
import type { Role } from '../../shared/domain/enums.js';
import { roleCan } from '../../shared/domain/permissions.js';
import { DossierError } from '../../shared/errors.js';
import { formatError } from '../../shared/i18n/index.js';
import { sessionSample } from './samples.js';
import type { Caller } from './samples.js';
import { contractArchive } from './setup.js';
import type { ContractArchive } from './setup.js';

const MARK = 'XQZ绝密';
const sessionOps = OPERATION_NAMES.filter((name) => contract[name].access !== 'public');

let archive: ContractArchive;
let secretNo = '';
let secretItemId = '';
const low = {} as Record<Role, { session: ArchiveSession; caller: Caller }>;

beforeAll(async () => {
  archive = await contractArchive();
  const { admin, fx } = archive;
  const file = await admin.call('files.create', { clientId: fx.clientId, title: `${MARK}并购谈判底稿`, confidentiality: 'top_secret', remarks: `${MARK}备注` });
  secretNo = file.archiveNo;
  secretItemId = (await admin.call('items.add', { archiveNo: secretNo, title: `${MARK}收购协议`, docNo: `${MARK}-001`, responsibleParty: `${MARK}责任者` })).id;
  await admin.call('files.move', { archiveNo: secretNo, locationId: fx.shelfId, reason: `${MARK}上架` });
  await admin.call('handovers.register', {
    department: '总经理办公室',
    eventKind: fx.eventKind,
    eventDate: '2026-02-26',
    handedOverBy: `${MARK}移交人`,
    clientId: fx.clientId,
    archiveNo: secretNo,
    items: [`${MARK}附件`],
    missing: [`${MARK}缺件`],
  });
  // An application for it, its purpose marked, and a loan against a paper approval signed by a marked name.
  await admin.call('departments.add', { name: '总经理办公室' });
  const requester = await admin.call('people.add', { kind: 'staff', name: '申请人', department: '总经理办公室', staffNo: 'CLR-001' });
  await admin.call('loans.lend', { archiveNo: secretNo, borrower: 'CLR-001', paperApproval: { signedBy: `${MARK}签字人`, signedOn: '2026-03-01' }, purpose: `${MARK}用途` });
  await admin.call('applications.create', { requester: requester.staffNo!, files: [{ archiveNo: secretNo }], kind: 'copy', purpose: `${MARK}复制用途` });
  // Every low user holds a grant to another 绝密 file: a grant opens that file, never the marked one.
  const grantedNo = (await admin.call('files.create', { clientId: fx.clientId, title: '已授权的绝密档案', confidentiality: 'top_secret' })).archiveNo;
  for (const role of ROLES) {
    const caller: Caller = { role, username: `low-${role}`, password: `${role} low password` };
    await admin.call('users.create', { username: caller.username, displayName: `${role} 普通用户`, password: caller.password, role, clearance: 'normal' });
    await admin.call('grants.create', { username: caller.username, archiveNo: grantedNo, until: '2099-12-31' });
    low[role] = { caller, session: await openArchive(archive.dir, caller.username, caller.password, archive.options) };
  }
});
afterAll(() => {
  for (const role of ROLES) low[role]?.session.close();
  archive?.close();
});

/** Everything a user is shown for a call: the output, or the error's code, parameters and message in both languages. */
async function shown(session: ArchiveSession, operation: OperationName, input: unknown): Promise<string> {
  try {
    return JSON.stringify(await session.invoke(operation, input));
  } catch (err) {
    if (!(err instanceof DossierError)) throw err;
    const serialized = { code: err.code, params: err.params };
    return JSON.stringify([serialized, formatError(serialized, 'zh-CN'), formatError(serialized, 'en')]);
  }
}

describe('a user cleared for 普通 finds no trace of a 绝密 file', () => {
  for (const role of ROLES) {
    for (const operation of sessionOps.filter((op) => roleCan(role, contract[op].capability))) {
      it(`${role}: ${operation}`, async () => {
        const { caller, session } = low[role];
        const sample = sessionSample(operation);
        const env = { ...archive.env(caller), session };
        const input = (await sample.input(env)) as Record<string, unknown>;
        const text = await shown(session, operation, input);
        await sample.settle?.(env, JSON.parse(text));
        expect(text).not.toContain(MARK);
        // Aimed at the secret file or its item itself: they do not exist for this user.
        if (typeof input.archiveNo === 'string') expect(await shown(session, operation, { ...input, archiveNo: secretNo })).not.toContain(MARK);
        if (typeof input.itemId === 'string') expect(await shown(session, operation, { ...input, itemId: secretItemId })).not.toContain(MARK);
      });
    }
  }
});

describe('looking for the 绝密 file by what is written in it', () => {
  for (const role of ROLES) {
    it(`${role}: searches, lists and exports show nothing of it`, async () => {
      const { session } = low[role];
      const probes: [OperationName, unknown][] = [
        ['search.query', { q: MARK }],
        ['search.query', { q: '并购谈判' }],
        ['clients.list', { search: MARK }],
        ['loans.list', { open: true }],
        ['applications.list', {}],
        ['handovers.list', {}],
        ['files.whereIs', { archiveNo: secretNo }],
        ...(['clients', 'files', 'loans', 'handovers'] as const).map((list): [OperationName, unknown] => ['export.create', { list, format: 'csv' }]),
      ];
      for (const [operation, input] of probes) {
        const text = await shown(session, operation, input);
        // Exports carry their file as base64: look inside it too.
        const decoded =
          operation === 'export.create' && text.startsWith('{') ? Buffer.from((JSON.parse(text) as { contentBase64: string }).contentBase64, 'base64').toString('utf8') : '';
        expect(text + decoded, `${operation} ${JSON.stringify(input)}`).not.toContain(MARK);
      }
      const search = (await session.call('search.query', { q: '并购谈判' })) as { total: number };
      expect(search.total).toBe(0);
    });
  }
});

describe('counts', () => {
  it('of a shelf holding the 绝密 file leave it out for a 普通-cleared user', async () => {
    const shelfOf = async (session: ArchiveSession) => (await session.call('locations.tree')).nodes.find((n) => n.id === archive.fx.shelfId)!;
    const all = await shelfOf(archive.admin);
    const seen = await shelfOf(low.reader.session);
    expect(seen.fileCount).toBe(all.fileCount - 1);
  });
});

describe('volumes', () => {
  it('follow their main file up to 绝密, and a hidden main file is not named by a visible volume', async () => {
    const { admin, fx } = archive;
    const main = await admin.call('files.create', { clientId: fx.clientId, title: '权证主卷' });
    const volume = await admin.call('files.addVolume', { archiveNo: main.archiveNo, title: '权证' });
    await admin.call('files.update', { archiveNo: main.archiveNo, confidentiality: 'top_secret', reason: '涉密合同' });
    const raised = await admin.call('files.get', { archiveNo: volume.archiveNo });
    expect(raised.confidentiality).toBe('top_secret');
    expect(raised.history.some((h) => h.field === 'confidentiality' && h.newValue === 'top_secret')).toBe(true);
    await expect(low.reader.session.call('files.get', { archiveNo: volume.archiveNo })).rejects.toMatchObject({ code: 'file.notFound' });
    // A volume kept at a lower level on purpose afterwards does not name its 绝密 main file.
    await admin.call('files.update', { archiveNo: volume.archiveNo, confidentiality: 'normal', reason: '权证可公开' });
    const seen = await low.reader.session.call('files.get', { archiveNo: volume.archiveNo });
    expect(seen.parentArchiveNo).toBeNull();
    // (Its own number shares the main file's: 一户一档, the numbering itself.)
    expect(seen.volumes.map((v) => v.archiveNo)).not.toContain(main.archiveNo);
  });
});
