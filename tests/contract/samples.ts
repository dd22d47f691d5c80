/**
 * One sample call for every operation of the contract, built from a prepared archive.
 * The table is typed over OperationName: an operation added to the contract without a
 * sample here does not compile. Every sample input is valid (the engine validates before
 * it authorises) and succeeds for a caller whose role may call the operation.
 */
import { Readable } from 'node:stream';
import type { ArchiveSession } from '../../db/archive.js';
import type { OperationName, OpInput } from '../../shared/contract.js';
import type { Role } from '../../shared/domain/enums.js';
import { roleCan } from '../../shared/domain/permissions.js';
import { blobsFor } from '../../db/blobs/store.js';
import { pngBytes } from '../fixtures/scanFiles.js';

/** What the samples build on: ids created once through the engine by `prepareFixture`. */
export interface Fixture {
  clientId: string;
  clientName: string;
  /** A normal-confidentiality main file of the client, shelved, with items. */
  archiveNo: string;
  itemId: string;
  shelfId: string;
  schemeId: string;
  eventKind: string;
}

export interface Caller {
  role: Role;
  username: string;
  password: string;
}

export interface SampleEnv {
  fx: Fixture;
  /** The archive's first administrator: prepares what a sample needs before the call. */
  admin: ArchiveSession;
  caller: Caller;
  /** The session the sample is called through (the caller's). */
  session: ArchiveSession;
  /** A name, code or date not used before in this process. */
  unique(prefix: string): string;
  uniqueDate(): string;
}

/** Called through a signed-in session (`ArchiveSession.call`). */
export interface SessionSample<N extends OperationName> {
  via: 'session';
  /** Builds a valid input; may first prepare, as `env.admin`, what the call acts on. */
  input: (env: SampleEnv) => Promise<OpInput<N>> | OpInput<N>;
  /**
   * The actions of the audit rows a successful call appends, oldest first, when that is not
   * just the operation's own name (writes) or nothing (reads).
   */
  audits?: readonly string[];
  /** Waits for what the call started in the background (a job) before its audit rows are counted. */
  settle?: (env: SampleEnv, output: unknown) => Promise<void>;
}

/** Public operations run in the archive host, with or without a session; their own tests cover them. */
export interface HostSample<N extends OperationName> {
  via: 'host';
  input: (env: { username: string; password: string }) => OpInput<N>;
  audits: readonly string[];
}

export type Sample<N extends OperationName> = SessionSample<N> | HostSample<N>;

const csv = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function freshFile(env: SampleEnv): Promise<string> {
  return (await env.admin.call('files.create', { clientId: env.fx.clientId, title: env.unique('样本卷') })).archiveNo;
}

async function freshItem(env: SampleEnv, archiveNo?: string): Promise<{ archiveNo: string; itemId: string }> {
  const no = archiveNo ?? (await freshFile(env));
  const item = await env.admin.call('items.add', { archiveNo: no, title: env.unique('卷内文件') });
  return { archiveNo: no, itemId: item.id };
}

/** A new 普通-cleared reader, made by the administrator. */
async function freshUser(env: SampleEnv): Promise<string> {
  const username = env.unique('user');
  await env.admin.call('users.create', { username, displayName: '样本用户', password: 'sample user pass', role: 'reader', clearance: 'normal' });
  return username;
}

/** A new 绝密 file (above a fresh user's clearance, so a grant is needed). */
async function secretFile(env: SampleEnv): Promise<string> {
  return (await env.admin.call('files.create', { clientId: env.fx.clientId, title: env.unique('授权样本卷'), confidentiality: 'top_secret' })).archiveNo;
}

/** A paper approval signed outside the system, for loans that are not about applications. */
const PAPER = { signedBy: '赵经理', signedOn: '2026-03-01' };

/** A department for the people samples (made once per name). */
async function sampleDepartment(env: SampleEnv): Promise<string> {
  const name = env.unique('人员部门');
  await env.admin.call('departments.add', { name });
  return name;
}

async function samplePerson(env: SampleEnv) {
  return env.admin.call('people.add', { kind: 'staff', name: '李明', department: await sampleDepartment(env), staffNo: env.unique('GH') });
}

/** The staff person linked to the caller's account (made and linked once per archive and caller). */
const callerPeople = new Map<string, Promise<{ id: string; staffNo: string | null }>>();
const callerKey = (env: SampleEnv) => `${env.admin.archiveId}/${env.caller.username}`;
function callerPerson(env: SampleEnv) {
  const key = callerKey(env);
  let person = callerPeople.get(key);
  if (!person) {
    person = (async () => {
      const created = await samplePerson(env);
      await env.admin.call('people.linkUser', { id: created.id, username: env.caller.username });
      return created;
    })();
    callerPeople.set(key, person);
  }
  return person;
}

/** A pending application for a fresh file (routed to the general manager: the file has no department). */
async function applicationFor(env: SampleEnv, requester: { staffNo: string | null }) {
  return env.admin.call('applications.create', { requester: requester.staffNo!, files: [{ archiveNo: await freshFile(env) }], kind: 'read', purpose: '资料核对' });
}

/** A pending application whose one step waits for the caller, as the head of the requester's and the file's department. */
async function applicationForHead(env: SampleEnv) {
  // A role that may not decide is refused before the step is looked at: the first administrator heads it then.
  const head = roleCan(env.caller.role, 'approvals.decide') ? env.caller.username : env.admin.user.username;
  const department = await env.admin.call('departments.add', { name: env.unique('审批部门'), head });
  const requester = await env.admin.call('people.add', { kind: 'staff', name: '申请人', department: department.id, staffNo: env.unique('SQ') });
  const archiveNo = await freshFile(env);
  await env.admin.call('departments.assignFile', { archiveNo, departmentId: department.id });
  return env.admin.call('applications.create', { requester: requester.staffNo!, files: [{ archiveNo }], kind: 'read', purpose: '资料核对' });
}

export const samples: { [N in OperationName]: Sample<N> } = {
  'archive.status': { via: 'host', input: () => ({}), audits: [] },
  'archive.create': {
    via: 'host',
    input: ({ username, password }) => ({ archiveName: '合同测试档案室', admin: { username, displayName: '管理员', password } }),
    audits: ['archive.create'],
  },
  'session.unlock': { via: 'host', input: ({ username, password }) => ({ username, password }), audits: ['session.unlock'] },
  // Covered by tests/engine/recoveryHost.test.ts (they need the recovery key, and a rekey ends the session).
  'archive.recover': { via: 'host', input: ({ username, password }) => ({ recoveryKey: 'not the key', username, newPassword: password }), audits: ['recovery.resetPassword'] },
  'archive.rekey': { via: 'host', input: () => ({}), audits: ['archive.rekey'] },
  // An unknown job: null (the handing-out is covered by tests/engine/recoveryHost.test.ts).
  'archive.rekeyOutcome': { via: 'host', input: () => ({ jobId: '00000000-0000-4000-8000-000000000000' }), audits: [] },
  'session.lock': { via: 'host', input: () => ({}), audits: [] },
  'session.remember': { via: 'host', input: () => ({ place: { view: 'loans' } }), audits: [] },
  // Declared a read, but it rewraps the caller's key slot and is audited.
  'session.changePassword': {
    via: 'session',
    input: ({ caller }) => ({ currentPassword: caller.password, newPassword: caller.password }),
    audits: ['session.changePassword'],
  },

  'users.list': { via: 'session', input: () => ({}) },
  'users.create': {
    via: 'session',
    input: ({ unique }) => ({ username: unique('user'), displayName: '新用户', password: 'new user pass', role: 'reader' }),
  },
  'users.update': { via: 'session', input: async (env) => ({ username: await freshUser(env), displayName: '改名后的用户', clearance: 'restricted' }) },
  'users.disable': { via: 'session', input: async (env) => ({ username: await freshUser(env), reason: '离职' }) },
  'users.enable': {
    via: 'session',
    input: async (env) => {
      const username = await freshUser(env);
      await env.admin.call('users.disable', { username });
      return { username };
    },
  },
  'users.remove': { via: 'session', input: async (env) => ({ username: await freshUser(env) }) },
  'users.resetPassword': { via: 'session', input: async (env) => ({ username: await freshUser(env), password: 'a reset password' }) },
  'grants.create': {
    via: 'session',
    input: async (env) => ({ username: await freshUser(env), archiveNo: await secretFile(env), until: '2099-12-31', reason: '样本授权' }),
  },
  'grants.list': { via: 'session', input: () => ({}) },
  'grants.revoke': {
    via: 'session',
    input: async (env) => {
      const grant = await env.admin.call('grants.create', { username: await freshUser(env), archiveNo: await secretFile(env), until: '2099-12-31' });
      return { id: grant.id };
    },
  },
  'settings.get': { via: 'session', input: () => ({}) },
  'settings.update': { via: 'session', input: ({ unique }) => ({ archiveName: unique('合同测试档案室') }) },

  'clients.list': { via: 'session', input: () => ({}) },
  'clients.get': { via: 'session', input: ({ fx }) => ({ id: fx.clientId }) },
  'clients.create': { via: 'session', input: ({ unique }) => ({ name: unique('样本客户有限公司') }) },

  'files.create': { via: 'session', input: ({ fx, unique }) => ({ clientId: fx.clientId, title: unique('合同档案') }) },
  'files.addVolume': { via: 'session', input: async (env) => ({ archiveNo: await freshFile(env) }) },
  'files.update': { via: 'session', input: ({ fx, unique }) => ({ archiveNo: fx.archiveNo, title: unique('客户基本资料') }) },
  'files.get': { via: 'session', input: ({ fx }) => ({ archiveNo: fx.archiveNo }) },

  'loans.lend': {
    via: 'session',
    input: async (env) => ({ archiveNo: await freshFile(env), borrower: (await samplePerson(env)).staffNo!, paperApproval: PAPER, purpose: '审计查阅' }),
  },
  'loans.return': {
    via: 'session',
    input: async (env) => {
      const archiveNo = await freshFile(env);
      await env.admin.call('loans.lend', { archiveNo, borrower: (await samplePerson(env)).staffNo!, paperApproval: PAPER });
      return { archiveNo };
    },
  },
  'loans.policy': { via: 'session', input: () => ({}) },
  'loans.updatePolicy': { via: 'session', input: () => ({ requireApplication: true }) },
  'loans.list': { via: 'session', input: () => ({}) },
  'loans.read': {
    via: 'session',
    input: async (env) => ({ archiveNo: await freshFile(env), reader: (await samplePerson(env)).staffNo!, paperApproval: PAPER, purpose: '资料核对' }),
  },
  'loans.endReading': {
    via: 'session',
    input: async (env) => {
      const { archiveNo } = await freshItem(env);
      await env.admin.call('loans.read', { archiveNo, reader: (await samplePerson(env)).staffNo!, paperApproval: PAPER });
      return { archiveNo, damaged: [1], note: '第1页破损' };
    },
  },
  'loans.readings': { via: 'session', input: () => ({}) },
  'loans.renew': {
    via: 'session',
    input: async (env) => {
      const archiveNo = await freshFile(env);
      await env.admin.call('loans.lend', { archiveNo, borrower: (await samplePerson(env)).staffNo!, paperApproval: PAPER });
      return { archiveNo };
    },
  },
  'loans.reverse': {
    via: 'session',
    input: async (env) => {
      const archiveNo = await freshFile(env);
      const loan = await env.admin.call('loans.lend', { archiveNo, borrower: (await samplePerson(env)).staffNo!, paperApproval: PAPER });
      return { id: loan.id, reason: '借阅人登记错误' };
    },
  },
  'loans.overdue': { via: 'session', input: () => ({}) },
  'incidents.list': { via: 'session', input: () => ({ open: true }) },
  'incidents.resolve': {
    via: 'session',
    input: async (env) => {
      const { archiveNo } = await freshItem(env);
      await env.admin.call('loans.lend', { archiveNo, borrower: (await samplePerson(env)).staffNo!, paperApproval: PAPER });
      const returned = await env.admin.call('loans.return', { archiveNo, missing: [1] });
      return { id: returned.incidents[0]!.id, resolution: 'found' as const };
    },
  },
  'holds.place': {
    via: 'session',
    input: async (env) => {
      const archiveNo = await freshFile(env);
      await env.admin.call('loans.lend', { archiveNo, borrower: (await samplePerson(env)).staffNo!, paperApproval: PAPER });
      return { archiveNo, person: (await samplePerson(env)).staffNo! };
    },
  },
  'holds.cancel': {
    via: 'session',
    input: async (env) => {
      const hold = await env.admin.call('holds.place', { archiveNo: await freshFile(env), person: (await samplePerson(env)).staffNo! });
      return { id: hold.id, reason: '不再需要' };
    },
  },
  'holds.list': { via: 'session', input: () => ({ status: 'ready' as const }) },

  'departments.add': { via: 'session', input: ({ unique }) => ({ name: unique('样本部门') }) },
  'departments.update': {
    via: 'session',
    input: async ({ admin, unique }) => ({ id: (await admin.call('departments.add', { name: unique('改名部门') })).id, name: unique('新部门名') }),
  },
  'departments.list': { via: 'session', input: () => ({}) },
  'departments.assignFile': {
    via: 'session',
    input: async (env) => ({ archiveNo: await freshFile(env), departmentId: (await env.admin.call('departments.add', { name: env.unique('档案所属部门') })).id }),
  },
  'people.add': { via: 'session', input: async (env) => ({ kind: 'staff', name: '王芳', department: await sampleDepartment(env), staffNo: env.unique('GH') }) },
  'people.update': { via: 'session', input: async (env) => ({ id: (await samplePerson(env)).id, cardNo: env.unique('KA') }) },
  'people.list': { via: 'session', input: () => ({ search: '王' }) },
  'people.get': { via: 'session', input: async (env) => ({ person: (await samplePerson(env)).staffNo! }) },
  'applications.create': {
    via: 'session',
    input: async (env) => ({ requester: (await callerPerson(env)).staffNo!, files: [{ archiveNo: await freshFile(env) }], kind: 'loan', purpose: '合同核对', days: 3 }),
  },
  'applications.list': { via: 'session', input: () => ({ status: 'pending' }) },
  'applications.get': { via: 'session', input: async (env) => ({ id: (await applicationFor(env, await callerPerson(env))).id }) },
  'applications.approve': { via: 'session', input: async (env) => ({ id: (await applicationForHead(env)).id, comment: '同意' }) },
  'applications.reject': { via: 'session', input: async (env) => ({ id: (await applicationForHead(env)).id, reason: '用途不明确' }) },
  'applications.withdraw': { via: 'session', input: async (env) => ({ id: (await applicationFor(env, await callerPerson(env))).id }) },
  'applications.rules': { via: 'session', input: () => ({}) },
  'applications.updateRules': { via: 'session', input: () => ({ reset: true }) },
  'reports.desk': { via: 'session', input: () => ({}) },
  'reports.overdue': { via: 'session', input: () => ({}) },
  'reports.fileHistory': { via: 'session', input: ({ fx }) => ({ archiveNo: fx.archiveNo }) },
  'reports.personHistory': { via: 'session', input: async (env) => ({ person: (await samplePerson(env)).staffNo! }) },
  'reports.statistics': { via: 'session', input: () => ({ from: '2025-01-01', to: '2027-12-31' }) },
  'reports.exportStatistics': { via: 'session', input: () => ({ from: '2025-01-01', to: '2027-12-31', language: 'en' }) },
  // The caller's own account, to the person their applications name (see callerPerson).
  'people.linkUser': {
    via: 'session',
    input: async (env) => {
      const person = await samplePerson(env);
      if (roleCan(env.caller.role, 'users.manage')) callerPeople.set(callerKey(env), Promise.resolve(person));
      return { id: person.id, username: env.caller.username };
    },
  },

  'audit.list': { via: 'session', input: () => ({}) },
  'audit.overview': { via: 'session', input: () => ({}) },
  'audit.verify': { via: 'session', input: () => ({}) },
  'audit.anchor': { via: 'session', input: () => ({}) },
  'search.query': { via: 'session', input: () => ({ q: '金桥' }) },

  'clients.update': { via: 'session', input: ({ fx, unique }) => ({ id: fx.clientId, address: unique('天津市滨海新区建设大道') }) },
  // prospect → active: no reactivation (administrators only; tested on its own).
  'clients.setStatus': {
    via: 'session',
    input: async ({ admin, unique }) => {
      const client = await admin.call('clients.create', { name: unique('意向客户有限公司'), status: 'prospect' });
      return { id: client.id, status: 'active' };
    },
  },
  'clients.verify': { via: 'session', input: ({ fx }) => ({ id: fx.clientId, remarks: '电话核实' }) },
  'clients.dueForVerification': { via: 'session', input: () => ({}) },
  'clients.accountManagers': { via: 'session', input: () => ({}) },
  'clients.reassignPreview': { via: 'session', input: async (env) => ({ fromPerson: (await samplePerson(env)).id }) },
  'clients.reassign': {
    via: 'session',
    input: async (env) => {
      const { admin, unique } = env;
      const department = await sampleDepartment(env);
      const leaver = await admin.call('people.add', { kind: 'staff', name: unique('离职经理'), department, staffNo: unique('LZ') });
      const successor = await admin.call('people.add', { kind: 'staff', name: unique('接手经理'), department, staffNo: unique('JS') });
      await admin.call('clients.create', { name: unique('交接客户有限公司'), accountManager: `${leaver.departmentName} ${leaver.name}` });
      return { fromPerson: leaver.id, toPerson: successor.id, reason: '客户经理离职' };
    },
    // One row per client reassigned; the sample's leaver has one client.
    audits: ['clients.reassign'],
  },

  'classifications.list': { via: 'session', input: () => ({}) },
  'classifications.saveScheme': { via: 'session', input: ({ unique }) => ({ code: unique('scheme'), label: unique('分类') }) },
  'classifications.saveValue': { via: 'session', input: ({ fx, unique }) => ({ schemeId: fx.schemeId, code: unique('value'), label: unique('取值') }) },

  'fileTypes.list': { via: 'session', input: () => ({}) },
  'fileTypes.save': { via: 'session', input: ({ unique }) => ({ code: unique('type'), name: unique('档案类型'), checklist: [{ label: '营业执照' }] }) },

  'items.list': { via: 'session', input: ({ fx }) => ({ archiveNo: fx.archiveNo }) },
  'items.add': { via: 'session', input: ({ fx, unique }) => ({ archiveNo: fx.archiveNo, title: unique('营业执照副本'), pageCount: 2 }) },
  'items.addMany': {
    via: 'session',
    input: async (env) => ({ archiveNo: await freshFile(env), items: [{ title: '租赁合同' }, { title: '补充协议', pageCount: 3 }] }),
    // One row per item added.
    audits: ['items.add', 'items.add'],
  },
  'items.update': {
    via: 'session',
    input: async (env) => ({ itemId: (await freshItem(env, env.fx.archiveNo)).itemId, changes: { title: env.unique('更名文件') } }),
  },
  'items.remove': { via: 'session', input: async (env) => ({ itemId: (await freshItem(env, env.fx.archiveNo)).itemId }) },
  'items.reorder': {
    via: 'session',
    input: async (env) => {
      const { archiveNo } = await freshItem(env);
      const { itemId } = await freshItem(env, archiveNo);
      return { itemId, position: 1 };
    },
  },
  'items.seal': { via: 'session', input: async (env) => freshItem(env) },
  'items.correct': {
    via: 'session',
    input: async (env) => {
      const { archiveNo, itemId } = await freshItem(env);
      await env.admin.call('items.seal', { archiveNo, itemId });
      return { itemId, changes: { title: env.unique('更正题名') }, reason: '题名录入错误' };
    },
  },
  'items.history': { via: 'session', input: ({ fx }) => ({ itemId: fx.itemId }) },

  'locations.tree': { via: 'session', input: () => ({}) },
  // Without an id it creates; with one it updates (audited as locations.update).
  'locations.save': { via: 'session', input: ({ unique }) => ({ kind: 'room', code: unique('R'), name: unique('库房') }), audits: ['locations.create'] },
  'locations.remove': {
    via: 'session',
    input: async ({ admin, unique }) => ({ id: (await admin.call('locations.save', { kind: 'room', code: unique('R'), name: unique('空库房') })).id }),
  },
  'locations.files': { via: 'session', input: ({ fx }) => ({ id: fx.shelfId }) },

  'labels.layouts': { via: 'session', input: () => ({}) },
  'labels.saveLayout': {
    via: 'session',
    input: ({ unique }) => ({ name: unique('版式'), pageWidth: 210, pageHeight: 297, columns: 2, rows: 6, labelWidth: 90, labelHeight: 40, marginLeft: 10, marginTop: 20 }),
    audits: ['labels.createLayout'],
  },
  'labels.calibrate': { via: 'session', input: () => ({ layout: 'A4 3×7', offsetX: 0.5, offsetY: -0.5 }) },
  'labels.removeLayout': {
    via: 'session',
    input: async ({ admin, unique }) => ({
      id: (await admin.call('labels.saveLayout', { name: unique('待删版式'), pageWidth: 100, pageHeight: 50, columns: 1, rows: 1, labelWidth: 100, labelHeight: 50 })).id,
    }),
  },
  'labels.templates': { via: 'session', input: () => ({}) },
  'labels.saveTemplate': { via: 'session', input: () => ({ kind: 'spine', fields: ['archiveNo', 'clientName', 'year'], barcode: 'code128' }) },
  'labels.outdated': { via: 'session', input: () => ({}) },
  'labels.print': { via: 'session', input: ({ fx }) => ({ archiveNos: [fx.archiveNo], layout: '60×40' }) },
  'labels.calibration': { via: 'session', input: () => ({ layout: 'A4 3×7' }) },

  'files.move': { via: 'session', input: async (env) => ({ archiveNo: await freshFile(env), locationId: env.fx.shelfId, reason: '上架' }) },
  'files.moves': { via: 'session', input: ({ fx }) => ({ archiveNo: fx.archiveNo }) },
  'files.whereIs': { via: 'session', input: ({ fx }) => ({ archiveNo: fx.archiveNo }) },

  'handovers.register': {
    via: 'session',
    input: ({ fx }) => ({ department: '财务部', eventKind: fx.eventKind, eventDate: '2026-02-26', handedOverBy: '王芳', clientId: fx.clientId, items: ['租赁合同'] }),
  },
  'handovers.list': { via: 'session', input: () => ({}) },
  'handovers.report': { via: 'session', input: () => ({ from: '2026-01-01', to: '2026-03-31' }) },
  'handovers.deadline': { via: 'session', input: ({ fx }) => ({ eventKind: fx.eventKind, eventDate: '2026-02-26' }) },
  'handovers.kinds': { via: 'session', input: () => ({}) },
  // A new code creates (handovers.createKind); an existing one updates (handovers.updateKind).
  'handovers.saveKind': { via: 'session', input: ({ unique }) => ({ code: unique('kind'), name: unique('交接事项'), deadlineDays: 5 }), audits: ['handovers.createKind'] },

  'calendar.list': { via: 'session', input: () => ({}) },
  'calendar.save': { via: 'session', input: ({ uniqueDate }) => ({ date: uniqueDate(), kind: 'holiday', name: '调休' }) },
  'calendar.remove': {
    via: 'session',
    input: async ({ admin, uniqueDate }) => {
      const date = uniqueDate();
      await admin.call('calendar.save', { date, kind: 'workday', name: '补班' });
      return { date };
    },
  },

  // Clients only: a files import also needs files.write (tested on its own).
  'import.check': {
    via: 'session',
    input: ({ unique }) => ({ kind: 'clients', fileName: 'clients.csv', contentBase64: csv(`客户名称,联系人\n${unique('导入客户有限公司')},张三\n`) }),
  },
  'import.run': {
    via: 'session',
    input: ({ unique }) => ({ kind: 'clients', fileName: 'clients.csv', contentBase64: csv(`客户名称,联系人\n${unique('导入客户有限公司')},张三\n`) }),
    // One row per record written, then the summary.
    audits: ['clients.create', 'import.run'],
  },
  'import.mapping': { via: 'session', input: () => ({ kind: 'clients' }) },
  'scans.add': { via: 'session', input: async ({ fx, session }) => ({ uploadIds: [await stagedScan(session)], archiveNo: fx.archiveNo }) },
  'scans.list': { via: 'session', input: ({ fx }) => ({ archiveNo: fx.archiveNo }) },
  'scans.inbox': { via: 'session', input: () => ({}) },
  'scans.assign': { via: 'session', input: async (env) => ({ id: await adminScan(env), archiveNo: env.fx.archiveNo }) },
  'scans.remove': { via: 'session', input: async (env) => ({ id: await adminScan(env) }) },
  'scans.open': { via: 'session', input: async (env) => ({ id: await adminScan(env) }) },
  'scans.export': { via: 'session', input: async (env) => ({ id: await adminScan(env) }) },
  'scans.verify': { via: 'session', input: () => ({ dryRun: true }) },
  'scans.limits': { via: 'session', input: () => ({}) },
  'scans.setLimits': { via: 'session', input: () => ({ maxMb: 2048 }) },
  'ocr.run': { via: 'session', input: async (env) => ({ scanIds: [await adminScan(env)] }) },
  'ocr.status': { via: 'session', input: async (env) => ({ fileId: (await env.admin.call('files.get', { archiveNo: env.fx.archiveNo })).id }) },
  'ocr.page': { via: 'session', input: async (env) => ({ scanId: await adminScan(env), page: 1 }) },
  'ocr.find': { via: 'session', input: async (env) => ({ scanId: await adminScan(env), q: '营业执照' }) },
  'pages.render': { via: 'session', input: async (env) => ({ scanId: await adminScan(env), page: 1, maxSide: 256 }) },
  'export.create': { via: 'session', input: () => ({ list: 'clients', format: 'csv' }) },
  'print.catalog': { via: 'session', input: () => ({}) },
  'print.terminated': { via: 'session', input: () => ({ year: 2026 }) },
  'print.contents': { via: 'session', input: ({ fx }) => ({ archiveNos: [fx.archiveNo] }) },
  'print.cover': { via: 'session', input: ({ fx }) => ({ archiveNos: [fx.archiveNo] }) },
  'print.noteSheet': { via: 'session', input: ({ fx }) => ({ archiveNos: [fx.archiveNo], checkedBy: '王芳' }) },
  'print.roster': { via: 'session', input: () => ({ columns: ['name', 'creditCode', 'fileCount'] }) },
  'print.register': { via: 'session', input: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  'print.overdue': { via: 'session', input: () => ({}) },
  'print.reminders': { via: 'session', input: () => ({}) },
  'print.handovers': { via: 'session', input: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  'print.audit': { via: 'session', input: () => ({}) },
  'jobs.start': {
    via: 'session',
    input: () => ({ operation: 'export.create', input: { list: 'clients', format: 'csv' } }),
    // The job's own write is the export it runs.
    audits: ['export.create'],
    settle: async (env, output) => void (await env.session.jobs.settled((output as { id: string }).id)),
  },
  'jobs.list': { via: 'session', input: () => ({}) },
  'jobs.get': { via: 'session', input: async (env) => ({ id: await finishedJob(env) }) },
  'jobs.cancel': { via: 'session', input: async (env) => ({ id: await finishedJob(env) }) },
};

/** A job of the caller's session that has ended (its export audited before the sample's call). */
async function finishedJob(env: SampleEnv): Promise<string> {
  const job = await env.session.call('jobs.start', { operation: 'export.create', input: { list: 'files', format: 'csv' } });
  await env.session.jobs.settled(job.id);
  return job.id;
}

let scanSeed = 0;
/** A scan uploaded into `session`'s blob store (a new document each time, so nothing is deduplicated). */
async function stagedScan(session: ArchiveSession): Promise<string> {
  const bytes = await pngBytes(++scanSeed, 16, 16);
  return (await blobsFor(session).receive(Readable.from([bytes]), { name: `scan-${scanSeed}.png`, maxBytes: 1024 * 1024 })).id;
}

/** A scan of the fixture's file, added by the administrator. */
async function adminScan(env: SampleEnv): Promise<string> {
  const { scans } = await env.admin.call('scans.add', { uploadIds: [await stagedScan(env.admin)], archiveNo: env.fx.archiveNo });
  return scans[0]!.id;
}

/** Creates what the samples act on, through the engine, as the administrator. */
export async function prepareFixture(admin: ArchiveSession): Promise<Fixture> {
  const client = await admin.call('clients.create', { name: '天津金桥物流有限公司', accountManager: '销售部 张伟' });
  const file = await admin.call('files.create', { clientId: client.id, title: '客户基本资料' });
  const item = await admin.call('items.add', { archiveNo: file.archiveNo, title: '营业执照' });
  await admin.call('items.add', { archiveNo: file.archiveNo, title: '租赁合同' });
  const room = await admin.call('locations.save', { kind: 'room', code: '1', name: '一号库房' });
  const cabinet = await admin.call('locations.save', { kind: 'cabinet', parentId: room.id, code: 'A', name: 'A柜' });
  const shelf = await admin.call('locations.save', { kind: 'shelf', parentId: cabinet.id, code: '1', name: '1架' });
  await admin.call('files.move', { archiveNo: file.archiveNo, locationId: shelf.id });
  const [scheme] = await admin.call('classifications.list', {});
  const [kind] = await admin.call('handovers.kinds', {});
  if (!scheme || !kind) throw new Error('a new archive has classification schemes and handover event kinds');
  return { clientId: client.id, clientName: client.name, archiveNo: file.archiveNo, itemId: item.id, shelfId: shelf.id, schemeId: scheme.id, eventKind: kind.code };
}

export function sessionSample<N extends OperationName>(operation: N): SessionSample<N> {
  const sample = samples[operation] as Sample<N>;
  if (sample.via !== 'session') throw new Error(`${operation} runs in the archive host`);
  return sample;
}

export function hostSample<N extends OperationName>(operation: N): HostSample<N> {
  const sample = samples[operation] as Sample<N>;
  if (sample.via !== 'host') throw new Error(`${operation} runs in a session`);
  return sample;
}
