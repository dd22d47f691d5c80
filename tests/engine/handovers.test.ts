import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import type { OpInput } from '../../shared/contract.js';
import { countRows, expectDossierError, newArchive, testClock } from '../helpers.js';

async function register() {
  const clock = testClock('2026-03-16T17:00:00');
  const { session, dir } = await newArchive({ clock });
  await session.call('users.create', { username: 'clerk', displayName: '档案员小王', password: 'clerk pass 1', role: 'clerk', clearance: 'restricted' });
  await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader pass', role: 'reader', clearance: 'top_secret' });
  const client = await session.call('clients.create', { name: '成都鑫源商混有限公司' });
  const other = await session.call('clients.create', { name: '武汉汇通物流有限公司' });
  const file = await session.call('files.create', { clientId: client.id, title: '客户基本资料' });
  const secret = await session.call('files.create', { clientId: client.id, title: '权证档案', confidentiality: 'confidential' });
  return { session, dir, clock, client, other, file, secret };
}

type RegisterInput = OpInput<'handovers.register'>;
const handover = (session: ArchiveSession, input: Partial<RegisterInput> & { clientId?: string; archiveNo?: string }) =>
  session.call('handovers.register', {
    department: '销售部',
    eventKind: 'sale',
    eventDate: '2026-03-06',
    handedOverBy: '李明',
    missing: [],
    ...input,
  } as RegisterInput);

describe('handover register (移交登记)', () => {
  it('ships the seeds’ event kinds with their working-day deadlines', async () => {
    const { session } = await register();
    const kinds = await session.call('handovers.kinds', {});
    expect(kinds.map((k) => [k.code, k.name, k.deadlineDays])).toEqual([
      ['sale', '销售', 3],
      ['service', '售后服务', 1],
      ['new_client', '新客户接触', 5],
      ['other', '其他', 5],
    ]);
  });

  it('registers a handover on time, with both signatures, the items and an audit row', async () => {
    const { session, dir, client, file } = await register();
    const clerk = await openArchive(dir, 'clerk', 'clerk pass 1', { clock: () => new Date('2026-03-11T15:20:00') });
    try {
      // A sale on Friday 2026-03-06: three working days later is Wednesday 03-11.
      const h = await handover(clerk, {
        archiveNo: file.archiveNo,
        handedOverBy: '销售顾问 李明',
        handedOverAt: '2026-03-11T07:10:00.000Z',
        items: ['购车合同', '发票复印件', { name: '身份证复印件' }],
        missing: ['保险单'],
        remarks: '保险单待保险公司出具后补交',
      });
      expect(h).toMatchObject({
        department: '销售部',
        eventKind: 'sale',
        eventKindName: '销售',
        eventDate: '2026-03-06',
        deadlineDays: 3,
        deadline: '2026-03-11',
        receivedDate: '2026-03-11',
        onTime: true,
        daysLate: 0,
        clientId: client.id,
        clientName: client.name,
        archiveNo: file.archiveNo,
        items: [
          { name: '购车合同', itemId: null },
          { name: '发票复印件', itemId: null },
          { name: '身份证复印件', itemId: null },
        ],
        missing: ['保险单'],
        complete: false,
        handedOverBy: { name: '销售顾问 李明', signedAt: '2026-03-11T07:10:00.000Z' },
        receivedBy: { name: '档案员小王', signedAt: new Date('2026-03-11T15:20:00').toISOString() },
      });
      const [entry] = await session.call('audit.list', { limit: 1 });
      expect(entry).toMatchObject({ action: 'handovers.register', targetType: 'handover', targetId: h.id, username: 'clerk' });
      expect(entry!.details).toMatchObject({ eventKind: 'sale', deadline: '2026-03-11', onTime: true, archiveNo: file.archiveNo, missing: ['保险单'] });
    } finally {
      clerk.close();
    }
  });

  it('marks a handover late, counting working days only', async () => {
    const { session, client } = await register();
    // Received Monday 03-16 for a Friday sale due Wednesday 03-11: Thu, Fri, Mon = 3 working days late.
    const h = await handover(session, { clientId: client.id, receivedDate: '2026-03-16' });
    expect(h).toMatchObject({ deadline: '2026-03-11', onTime: false, daysLate: 3, complete: true, archiveNo: null });
    // A service job is due the next working day: Friday's job on Monday.
    const service = await handover(session, { clientId: client.id, department: '售后服务部', eventKind: 'service', eventDate: '2026-03-13', receivedDate: '2026-03-16' });
    expect(service).toMatchObject({ deadline: '2026-03-16', onTime: true });
    expect((await session.call('handovers.deadline', { eventKind: 'new_client', eventDate: '2026-03-06' })).deadline).toBe('2026-03-13');
  });

  it('counts deadlines over the holiday calendar and its make-up working days', async () => {
    const { session, clock, client } = await register();
    clock.set('2026-10-20T10:00:00');
    // Sale on 2026-09-30; National Day 10-01..07; Thu 10-08, Fri 10-09, Sat 10-10 is worked (调休).
    const h = await handover(session, { clientId: client.id, eventDate: '2026-09-30', receivedDate: '2026-10-12' });
    expect(h).toMatchObject({ deadline: '2026-10-10', onTime: false, daysLate: 1 });
    expect((await session.call('calendar.list', { year: 2026 })).filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(await session.call('calendar.list', { year: 2027 })).toEqual([]);
  });

  it('lets an administrator maintain the calendar and the event kinds; new deadlines follow, old ones stay', async () => {
    const { session, dir, client } = await register();
    const before = await handover(session, { clientId: client.id, eventDate: '2026-03-06', receivedDate: '2026-03-11' });
    // A local holiday on Monday 03-09 pushes the deadline to Thursday.
    expect(await session.call('calendar.save', { date: '2026-03-09', kind: 'holiday', name: '公司庆典' })).toEqual({ date: '2026-03-09', kind: 'holiday', name: '公司庆典' });
    expect((await session.call('handovers.deadline', { eventKind: 'sale', eventDate: '2026-03-06' })).deadline).toBe('2026-03-12');
    // A make-up Saturday brings it back to Wednesday.
    await session.call('calendar.save', { date: '2026-03-07', kind: 'workday', name: '调休上班' });
    expect((await session.call('handovers.deadline', { eventKind: 'sale', eventDate: '2026-03-06' })).deadline).toBe('2026-03-11');
    await session.call('calendar.remove', { date: '2026-03-07' });
    await expectDossierError(session.call('calendar.remove', { date: '2026-03-07' }), 'calendar.notFound');
    await expectDossierError(session.call('calendar.save', { date: '2026-02-30', kind: 'holiday' }), 'date.invalid');
    const [entry] = await session.call('audit.list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'calendar.remove', targetId: '2026-03-07' });

    const sale = await session.call('handovers.saveKind', { code: 'sale', name: '新车销售', deadlineDays: 2 });
    expect(sale).toMatchObject({ code: 'sale', name: '新车销售', deadlineDays: 2, active: true, sortOrder: 1 });
    await session.call('handovers.saveKind', { code: 'renewal', name: '续保', deadlineDays: 2, sortOrder: 5 });
    await session.call('handovers.saveKind', { code: 'other', name: '其他', deadlineDays: 5, active: false });
    expect((await session.call('handovers.kinds', {})).map((k) => k.code)).toEqual(['sale', 'service', 'new_client', 'renewal']);
    expect(await session.call('handovers.kinds', { includeInactive: true })).toHaveLength(5);
    await expectDossierError(handover(session, { clientId: client.id, eventKind: 'other' }), 'handovers.unknownEventKind');
    // The stored handover keeps the rule it was registered under.
    const [old] = (await session.call('handovers.list', {})).filter((h) => h.id === before.id);
    expect(old).toMatchObject({ deadline: '2026-03-11', deadlineDays: 3, onTime: true, eventKindName: '新车销售' });

    const clerk = await openArchive(dir, 'clerk', 'clerk pass 1');
    try {
      const audit = countRows(clerk, 'audit_log');
      const err = await expectDossierError(clerk.call('handovers.saveKind', { code: 'sale', name: '销售', deadlineDays: 9 }), 'auth.forbidden');
      expect(err.params.capability).toBe('settings.manage');
      await expectDossierError(clerk.call('calendar.save', { date: '2026-03-10', kind: 'holiday', name: '' }), 'auth.forbidden');
      await expectDossierError(clerk.call('calendar.remove', { date: '2026-03-09' }), 'auth.forbidden');
      expect(countRows(clerk, 'audit_log')).toBe(audit);
      expect((await clerk.call('handovers.kinds', {}))[0]!.deadlineDays).toBe(2);
    } finally {
      clerk.close();
    }
  });

  it('refuses impossible registrations and writes nothing', async () => {
    const { session, client, other, file } = await register();
    const rows = countRows(session, 'handovers');
    const audit = countRows(session, 'audit_log');
    await expectDossierError(handover(session, { clientId: client.id, eventKind: 'lottery' }), 'handovers.unknownEventKind');
    await expectDossierError(handover(session, {}), 'handovers.subjectRequired');
    await expectDossierError(handover(session, { clientId: other.id, archiveNo: file.archiveNo }), 'handovers.fileClientMismatch');
    await expectDossierError(handover(session, { clientId: client.id, eventDate: '2026-03-10', receivedDate: '2026-03-09' }), 'handovers.receivedBeforeEvent');
    await expectDossierError(handover(session, { clientId: client.id, receivedDate: '2026-03-17' }), 'handovers.dateInFuture');
    await expectDossierError(handover(session, { clientId: client.id, eventDate: '2026-03-20', receivedDate: '2026-03-16' }), 'handovers.dateInFuture');
    await expectDossierError(handover(session, { clientId: client.id, eventDate: '2026-02-30' }), 'date.invalid');
    await expectDossierError(handover(session, { clientId: 'nobody' }), 'client.notFound');
    await expectDossierError(handover(session, { archiveNo: 'KH-1999-0001' }), 'file.notFound');
    await expectDossierError(handover(session, { clientId: client.id, handedOverBy: '  ' }), 'validation');
    await expectDossierError(handover(session, { clientId: client.id, items: [{ itemId: 'x' }] }), 'handovers.itemNeedsFile');
    await expectDossierError(handover(session, { archiveNo: file.archiveNo, items: [{ itemId: 'not-an-item' }] }), 'handovers.itemNotInFile');
    expect(countRows(session, 'handovers')).toBe(rows);
    expect(countRows(session, 'audit_log')).toBe(audit);
  });

  it('takes what is missing from the file type’s checklist when none is given, and items from the contents list', async () => {
    const { session, file } = await register();
    const licence = await session.call('items.add', { archiveNo: file.archiveNo, title: '营业执照副本', docKind: 'business_licence' });
    const h = await session.call('handovers.register', {
      department: '市场推广部',
      eventKind: 'new_client',
      eventDate: '2026-03-10',
      handedOverBy: '王芳',
      archiveNo: file.archiveNo,
      items: [{ itemId: licence.id }, { itemId: licence.id, name: '营业执照（复印件）' }],
    });
    expect(h.items).toEqual([
      { name: '营业执照副本', itemId: licence.id },
      { name: '营业执照（复印件）', itemId: licence.id },
    ]);
    expect(h.missing).not.toContain('营业执照');
    expect(h.missing).toContain('税务登记证');
    expect(h.missing.length).toBeGreaterThan(0);
    expect(h.complete).toBe(false);
  });

  it('lists by period and department, hiding handovers of files above the user’s clearance', async () => {
    const { session, dir, client, secret, file } = await register();
    await handover(session, { clientId: client.id, receivedDate: '2026-03-09', eventDate: '2026-03-09' });
    await handover(session, { archiveNo: file.archiveNo, department: '售后服务部', eventKind: 'service', eventDate: '2026-03-12', receivedDate: '2026-03-12' });
    await handover(session, { archiveNo: secret.archiveNo, receivedDate: '2026-03-13', eventDate: '2026-03-12' });
    expect((await session.call('handovers.list', {})).map((h) => h.receivedDate)).toEqual(['2026-03-13', '2026-03-12', '2026-03-09']);
    expect((await session.call('handovers.list', { from: '2026-03-10', to: '2026-03-12' })).map((h) => h.department)).toEqual(['售后服务部']);
    expect((await session.call('handovers.list', { department: '销售部' })).map((h) => h.receivedDate)).toEqual(['2026-03-13', '2026-03-09']);
    expect(await session.call('handovers.list', { archiveNo: file.archiveNo })).toHaveLength(1);
    const clerk = await openArchive(dir, 'clerk', 'clerk pass 1');
    try {
      const seen = await clerk.call('handovers.list', {});
      expect(seen).toHaveLength(2);
      expect(seen.map((h) => h.archiveNo)).not.toContain(secret.archiveNo);
    } finally {
      clerk.close();
    }
  });

  it('rates departments on timeliness and completeness over a period', async () => {
    const { session, client } = await register();
    const sale = (eventDate: string, receivedDate: string, missing: string[] = []) =>
      handover(session, { clientId: client.id, department: '销售部', eventDate, receivedDate, missing });
    const service = (eventDate: string, receivedDate: string, missing: string[] = []) =>
      handover(session, { clientId: client.id, department: '售后服务部', eventKind: 'service', eventDate, receivedDate, missing });
    await sale('2026-03-02', '2026-03-05'); // due 03-05: on time, complete
    await sale('2026-03-02', '2026-03-04', ['发票']); // on time, incomplete
    await sale('2026-03-03', '2026-03-06'); // due 03-06: on time
    await sale('2026-03-03', '2026-03-10', ['保险单', '合格证']); // late, incomplete
    await service('2026-03-05', '2026-03-06'); // due 03-06: on time
    await service('2026-03-06', '2026-03-10'); // due Monday 03-09: late
    await sale('2026-02-20', '2026-02-26'); // outside the period
    await service('2026-03-12', '2026-03-16'); // outside the period (received after it)

    const report = await session.call('handovers.report', { from: '2026-03-01', to: '2026-03-15' });
    expect(report.departments).toEqual([
      { department: '售后服务部', handovers: 2, onTime: 1, late: 1, complete: 2, timelinessRate: 0.5, completenessRate: 1 },
      { department: '销售部', handovers: 4, onTime: 3, late: 1, complete: 2, timelinessRate: 0.75, completenessRate: 0.5 },
    ]);
    expect(report.total).toMatchObject({ handovers: 6, onTime: 4, late: 2, complete: 4 });
    expect(report.total.timelinessRate).toBeCloseTo(4 / 6);
    const empty = await session.call('handovers.report', { from: '2025-01-01', to: '2025-12-31' });
    expect(empty).toMatchObject({ departments: [], total: { handovers: 0, timelinessRate: null, completenessRate: null } });
  });

  it('refuses the register to a reader and writes nothing', async () => {
    const { session, dir, client } = await register();
    await handover(session, { clientId: client.id, receivedDate: '2026-03-11' });
    const reader = await openArchive(dir, 'reader', 'reader pass');
    try {
      const audit = countRows(reader, 'audit_log');
      const err = await expectDossierError(handover(reader, { clientId: client.id }), 'auth.forbidden');
      expect(err.params.capability).toBe('files.write');
      expect(countRows(reader, 'handovers')).toBe(1);
      expect(countRows(reader, 'audit_log')).toBe(audit);
      expect(await reader.call('handovers.list', {})).toHaveLength(1);
      expect((await reader.call('handovers.report', { from: '2026-03-01', to: '2026-03-31' })).total.handovers).toBe(1);
    } finally {
      reader.close();
    }
  });
});
