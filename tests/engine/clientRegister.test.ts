import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import type { ArchiveSession } from '../../db/archive.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { ADMIN, TEST_KDF, countRows, expectDossierError, newArchive, testClock, validCreditCode, personFor, SIGNED } from '../helpers.js';

const CODE_A = validCreditCode('91110108MA01ABCD1');
const CODE_B = validCreditCode('91310115MA1K3YJ12');

function historyRows(session: ArchiveSession, clientId: string) {
  return session.db.sqlite
    .prepare("select field, old_value as oldValue, new_value as newValue, reason from change_log where entity_type = 'client' and entity_id = ? order by id")
    .all(clientId) as { field: string; oldValue: string | null; newValue: string | null; reason: string }[];
}

async function withUsers(options: Parameters<typeof newArchive>[0] = {}) {
  const { dir, session } = await newArchive(options);
  await session.call('users.create', { username: 'reader', displayName: '查阅人', password: 'reader pass', role: 'reader' });
  await session.call('users.create', { username: 'clerk', displayName: '档案员小李', password: 'clerk pass 1', role: 'clerk', clearance: 'restricted' });
  const open = async (username: string, password: string) => {
    const s = await openArchive(dir, username, password, { kdfCost: TEST_KDF, clock: options.clock });
    return s;
  };
  return { dir, session, open };
}

describe('classification schemes (configuration)', () => {
  it('ships the seeds’ schemes and values as defaults', async () => {
    const { session } = await newArchive();
    const schemes = await session.call('classifications.list', {});
    expect(schemes.map((s) => s.code)).toEqual(['category', 'grade', 'volume', 'settlement', 'quality', 'risk', 'type']);
    const labels = Object.fromEntries(schemes.map((s) => [s.label, s.values.map((v) => v.label)]));
    expect(labels).toEqual({
      客户类别: ['集团内部客户', '国资委系统客户', '战略合作伙伴客户', '商混站', '中间商', '重点工程', '其他客户'],
      等级: ['A类客户', 'B类客户', 'C类客户', 'D类客户'],
      销量: ['大客户', '中客户', '小客户'],
      结算方式: ['现款客户', '周转客户', '月结客户'],
      客户质量: ['优质客户', '一般客户'],
      风险等级: ['高', '中', '低'],
      客户类型: ['目标客户', '一般客户', '重点客户', '潜在客户'],
    });
    expect(schemes[1]!.values.map((v) => v.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(schemes.every((s) => s.active && s.labelEn && s.values.every((v) => v.active))).toBe(true);
  });

  it('lets an administrator add schemes and add, rename and deactivate values; others are refused', async () => {
    const { session, open } = await withUsers();
    const clerk = await open('clerk', 'clerk pass 1');
    const audit = countRows(session, 'audit_log');
    const err = await expectDossierError(clerk.call('classifications.saveScheme', { code: 'special', label: '特殊客户' }), 'auth.forbidden');
    expect(err.params.capability).toBe('settings.manage');
    const [category] = await session.call('classifications.list', {});
    await expectDossierError(clerk.call('classifications.saveValue', { schemeId: category!.id, code: 'bank', label: '银行' }), 'auth.forbidden');
    expect(countRows(session, 'audit_log')).toBe(audit);

    const scheme = await session.call('classifications.saveScheme', { code: 'special', label: '特殊客户', labelEn: 'Special' });
    expect(scheme).toMatchObject({ code: 'special', label: '特殊客户', labelEn: 'Special', active: true, values: [] });
    const bank = await session.call('classifications.saveValue', { schemeId: scheme.id, code: 'bank', label: '银行' });
    await session.call('classifications.saveValue', { schemeId: scheme.id, code: 'lawyer', label: '律师' });
    expect(countRows(session, 'audit_log')).toBe(audit + 3);
    await expectDossierError(session.call('classifications.saveScheme', { code: 'GRADE', label: '重复' }), 'classification.duplicateCode');
    await expectDossierError(session.call('classifications.saveValue', { schemeId: scheme.id, code: 'BANK', label: '另一个银行' }), 'classification.duplicateCode');
    expect(countRows(session, 'audit_log')).toBe(audit + 3);

    // A client carries the new value; renaming keeps it, deactivating stops new use only.
    const client = await session.call('clients.create', { name: '中国工商银行北京分行', classifications: { special: 'bank' } });
    await session.call('classifications.saveValue', { id: bank.id, schemeId: scheme.id, code: 'bank', label: '银行机构' });
    await session.call('classifications.saveValue', { id: bank.id, schemeId: scheme.id, code: 'bank', label: '银行机构', active: false });
    const detail = await session.call('clients.get', { id: client.id });
    expect(detail.classifications).toEqual({ special: 'bank' });
    expect(detail.classificationDetails).toEqual([expect.objectContaining({ schemeLabel: '特殊客户', label: '银行机构', active: false })]);
    await expectDossierError(session.call('clients.create', { name: '招商银行', classifications: { special: 'bank' } }), 'classification.inactive');
    const other = await session.call('clients.create', { name: '某律师事务所' });
    await expectDossierError(session.call('clients.update', { id: other.id, classifications: { special: 'bank' } }), 'classification.inactive');
    await expectDossierError(session.call('clients.update', { id: other.id, classifications: { special: 'nope' } }), 'classification.notFound');
    await expectDossierError(session.call('clients.update', { id: other.id, classifications: { nope: 'bank' } }), 'classification.notFound');
    const active = await session.call('classifications.list', { includeInactive: false });
    expect(active.find((s) => s.code === 'special')!.values.map((v) => v.code)).toEqual(['lawyer']);
    clerk.close();
  });

  it('keeps the legacy category text equal to the category value’s label, also after a rename', async () => {
    const { session } = await newArchive();
    const byText = await session.call('clients.create', { name: '北京城建集团有限责任公司', category: '国资委系统客户' });
    expect(byText.classifications).toEqual({ category: 'state_owned' });
    expect(byText.category).toBe('国资委系统客户');
    const free = await session.call('clients.create', { name: '某某咨询', category: '老客户' });
    expect(free.classifications).toEqual({});
    expect(free.category).toBe('老客户');
    const byValue = await session.call('clients.create', { name: '上海建工', classifications: { category: 'strategic', grade: 'a' } });
    expect(byValue).toMatchObject({ category: '战略合作伙伴客户', classifications: { category: 'strategic', grade: 'A' } });

    const [category] = await session.call('classifications.list', {});
    const strategic = category!.values.find((v) => v.code === 'strategic')!;
    await session.call('classifications.saveValue', { id: strategic.id, schemeId: category!.id, code: 'strategic', label: '战略合作伙伴' });
    expect((await session.call('clients.get', { id: byValue.id })).category).toBe('战略合作伙伴');
    const updated = await session.call('clients.update', { id: byValue.id, classifications: { category: null } });
    expect(updated.category).toBeNull();
    expect(updated.classifications).toEqual({ grade: 'A' });
  });
});

describe('client fields and change history', () => {
  it('registers every client field, contacts and classifications', async () => {
    const { session } = await newArchive();
    const client = await session.call('clients.create', {
      name: '北京宏远建工集团有限公司',
      shortName: '宏远建工',
      creditCode: CODE_A,
      enterpriseNature: '国有企业',
      supervisingUnit: '北京市国资委',
      address: '北京市海淀区中关村大街1号',
      legalRepresentative: '王建国',
      creditStatus: '良好',
      accountManager: '销售部 张伟',
      status: 'prospect',
      classifications: { category: 'key_project', volume: 'large', risk: 'low' },
      dailyContact: { name: '李娜', phone: '13811112222', position: '行政主管' },
      emergencyContact: { name: '王强', phone: '13900001111', position: '副总经理' },
      otherContacts: [{ name: '赵敏', phone: '010-88886666', remarks: '财务对账' }],
    });
    expect(client).toMatchObject({
      shortName: '宏远建工',
      enterpriseNature: '国有企业',
      supervisingUnit: '北京市国资委',
      address: '北京市海淀区中关村大街1号',
      legalRepresentative: '王建国',
      creditStatus: '良好',
      accountManager: '销售部 张伟',
      status: 'prospect',
      category: '重点工程',
      contactPerson: '李娜',
      contactPhone: '13811112222',
      classifications: { category: 'key_project', volume: 'large', risk: 'low' },
      verifiedOn: null,
      gradeProvisional: false,
      gradeReviewDue: null,
    });
    const detail = await session.call('clients.get', { id: client.id });
    expect(detail.contacts.map((c) => [c.role, c.name, c.phone, c.validTo])).toEqual([
      ['daily', '李娜', '13811112222', null],
      ['emergency', '王强', '13900001111', null],
      ['other', '赵敏', '010-88886666', null],
    ]);
    expect(detail.formerContacts).toEqual([]);
    expect(detail.classificationDetails.map((c) => `${c.schemeLabel}:${c.label}`)).toEqual(['客户类别:重点工程', '销量:大客户', '风险等级:低']);
    expect(detail.history).toEqual([]);
    // The old create input still works: contact person becomes the daily contact.
    const old = await session.call('clients.create', { name: '旧式录入', contactPerson: '张秀英', contactPhone: '13700000000' });
    expect((await session.call('clients.get', { id: old.id })).contacts).toEqual([expect.objectContaining({ role: 'daily', name: '张秀英', phone: '13700000000' })]);
    await expectDossierError(session.call('clients.create', { name: '坏分类', classifications: { grade: 'E' } }), 'classification.notFound');
    expect(countRows(session, 'clients')).toBe(2);
  });

  it('records each changed field with who, when and why; core fields need a reason and nothing is written without one', async () => {
    const clock = testClock('2026-03-02T09:00:00');
    const { session } = await newArchive({ clock });
    const client = await session.call('clients.create', { name: '武汉长城电力工程有限公司', creditCode: CODE_A, legalRepresentative: '刘洋', address: '武汉市江汉区' });
    clock.set('2026-03-05T10:00:00');

    const before = { audit: countRows(session, 'audit_log'), history: countRows(session, 'change_log') };
    for (const change of [{ name: '武汉长城电力集团有限公司' }, { creditCode: CODE_B }, { legalRepresentative: '陈静' }, { creditCode: null }]) {
      const err = await expectDossierError(session.call('clients.update', { id: client.id, address: '武汉市硚口区', ...change }), 'history.reasonRequired');
      expect(Object.keys(change)).toContain(err.params.field);
    }
    await expectDossierError(session.call('clients.update', { id: client.id, name: '新名称', reason: '   ' }), 'history.reasonRequired');
    expect(countRows(session, 'audit_log')).toBe(before.audit);
    expect(countRows(session, 'change_log')).toBe(before.history);
    expect(await session.call('clients.get', { id: client.id })).toMatchObject({ name: '武汉长城电力工程有限公司', address: '武汉市江汉区', creditCode: CODE_A });

    // Non-core fields need no reason.
    const moved = await session.call('clients.update', { id: client.id, address: '武汉市硚口区解放大道', accountManager: '销售部 张伟' });
    expect(moved.address).toBe('武汉市硚口区解放大道');
    // Core change with a reason: one audit row, one history row per field.
    const renamed = await session.call('clients.update', {
      id: client.id,
      reason: '工商变更登记（2026年3月）',
      name: '武汉长城电力集团有限公司',
      legalRepresentative: '陈静',
      classifications: { grade: 'B' },
    });
    expect(renamed).toMatchObject({ name: '武汉长城电力集团有限公司', legalRepresentative: '陈静', classifications: { grade: 'B' } });
    expect(countRows(session, 'audit_log')).toBe(before.audit + 2);
    const audit = session.db.sqlite.prepare('select action, details from audit_log order by seq desc limit 1').get() as { action: string; details: string };
    expect(audit.action).toBe('clients.update');
    expect(JSON.parse(audit.details)).toMatchObject({ fields: ['name', 'legalRepresentative', 'classification.grade'], reason: '工商变更登记（2026年3月）' });

    expect(historyRows(session, client.id)).toEqual([
      { field: 'address', oldValue: '武汉市江汉区', newValue: '武汉市硚口区解放大道', reason: '' },
      { field: 'accountManager', oldValue: null, newValue: '销售部 张伟', reason: '' },
      { field: 'name', oldValue: '武汉长城电力工程有限公司', newValue: '武汉长城电力集团有限公司', reason: '工商变更登记（2026年3月）' },
      { field: 'legalRepresentative', oldValue: '刘洋', newValue: '陈静', reason: '工商变更登记（2026年3月）' },
      { field: 'classification.grade', oldValue: null, newValue: 'B类客户', reason: '工商变更登记（2026年3月）' },
    ]);
    const detail = await session.call('clients.get', { id: client.id });
    expect(detail.history[0]).toMatchObject({ username: ADMIN.displayName, field: 'classification.grade', newValue: 'B类客户', at: new Date('2026-03-05T10:00:00').toISOString() });
    expect(detail.history).toHaveLength(5);

    // Nothing changed: refused, nothing written; a taken credit code is refused too.
    await expectDossierError(session.call('clients.update', { id: client.id, address: '武汉市硚口区解放大道' }), 'client.noChanges');
    const other = await session.call('clients.create', { name: '另一家公司', creditCode: CODE_B });
    const audits = countRows(session, 'audit_log');
    await expectDossierError(session.call('clients.update', { id: client.id, creditCode: CODE_B, reason: '更正' }), 'client.duplicateCreditCode');
    await expectDossierError(session.call('clients.update', { id: 'missing', address: 'x' }), 'client.notFound');
    expect(countRows(session, 'audit_log')).toBe(audits);
    void other;
  });

  it('keeps former contacts with their dates and mirrors the daily contact in the list', async () => {
    const clock = testClock('2026-01-10T09:00:00');
    const { session } = await newArchive({ clock });
    const client = await session.call('clients.create', {
      name: '杭州华泰物业管理有限公司',
      dailyContact: { name: '周敏', phone: '13500001111' },
      otherContacts: [{ name: '吴杰', position: '项目经理' }],
    });
    clock.set('2026-04-01T09:00:00');
    const updated = await session.call('clients.update', {
      id: client.id,
      dailyContact: { name: '孙丽', phone: '13600002222', position: '办公室主任' },
      emergencyContact: { name: '郭勇', phone: '13700003333' },
    });
    expect(updated).toMatchObject({ contactPerson: '孙丽', contactPhone: '13600002222' });
    let detail = await session.call('clients.get', { id: client.id });
    expect(detail.contacts.map((c) => [c.role, c.name, c.validFrom])).toEqual([
      ['daily', '孙丽', '2026-04-01'],
      ['emergency', '郭勇', '2026-04-01'],
      ['other', '吴杰', '2026-01-10'],
    ]);
    expect(detail.formerContacts.map((c) => [c.role, c.name, c.validFrom, c.validTo])).toEqual([['daily', '周敏', '2026-01-10', '2026-04-01']]);
    // The same person's new phone is corrected in place; the history keeps the old one.
    clock.set('2026-04-02T09:00:00');
    await session.call('clients.update', { id: client.id, dailyContact: { name: '孙丽', phone: '13600009999', position: '办公室主任' } });
    const other = detail.contacts.find((c) => c.role === 'other')!;
    await session.call('clients.update', { id: client.id, endContacts: [other.id], addContacts: [{ name: '马超', phone: '13800004444' }] });
    await expectDossierError(session.call('clients.update', { id: client.id, endContacts: [other.id] }), 'client.contactNotFound');
    detail = await session.call('clients.get', { id: client.id });
    expect(detail.contactPhone).toBe('13600009999');
    expect(detail.contacts.map((c) => c.name)).toEqual(['孙丽', '郭勇', '马超']);
    expect(detail.formerContacts.map((c) => c.name)).toEqual(['吴杰', '周敏']);
    expect(historyRows(session, client.id).map((h) => [h.field, h.oldValue, h.newValue])).toEqual([
      ['contact.daily', '周敏 13500001111', '孙丽 13600002222（办公室主任）'],
      ['contact.emergency', null, '郭勇 13700003333'],
      ['contact.daily', '孙丽 13600002222（办公室主任）', '孙丽 13600009999（办公室主任）'],
      ['contact.other', '吴杰（项目经理）', null],
      ['contact.other', null, '马超 13800004444'],
    ]);
    // Ending the daily contact empties the list's contact columns.
    const ended = await session.call('clients.update', { id: client.id, dailyContact: null });
    expect(ended).toMatchObject({ contactPerson: null, contactPhone: null });
  });

  it('refuses every change to a reader and writes nothing', async () => {
    const { session, open } = await withUsers();
    const client = await session.call('clients.create', { name: '天津金桥物流有限公司', accountManager: '销售部 张伟' });
    const reader = await open('reader', 'reader pass');
    const audit = countRows(session, 'audit_log');
    const history = countRows(session, 'change_log');
    for (const [op, input] of [
      ['clients.update', { id: client.id, address: '天津' }],
      ['clients.setStatus', { id: client.id, status: 'terminated', terminationKind: 'withdrawn', reason: 'x' }],
      ['clients.verify', { id: client.id }],
      ['clients.reassign', { fromPerson: 'nobody', toPerson: 'nobody-else', reason: '离职' }],
      ['classifications.saveScheme', { code: 'x', label: 'x' }],
    ] as const) {
      await expectDossierError(reader.invoke(op, input), 'auth.forbidden');
    }
    expect(countRows(session, 'audit_log')).toBe(audit);
    expect(countRows(session, 'change_log')).toBe(history);
    // Reading is allowed.
    expect((await reader.call('clients.get', { id: client.id })).name).toBe('天津金桥物流有限公司');
    expect((await reader.call('classifications.list', {})).length).toBe(7);
    reader.close();
  });
});

describe('grades', () => {
  it('marks a new client’s grade provisional until evaluated, due six months after registration', async () => {
    const clock = testClock('2026-01-31T09:00:00');
    const { session } = await newArchive({ clock });
    const client = await session.call('clients.create', { name: '成都天成商混有限公司', classifications: { grade: 'C' } });
    expect(client).toMatchObject({ gradeProvisional: true, gradeEvaluatedOn: null, gradeReviewDue: '2026-07-31' });
    clock.set('2026-08-03T09:00:00');
    const evaluated = await session.call('clients.update', { id: client.id, classifications: { grade: 'B' }, gradeEvaluated: true, reason: '半年评定' });
    expect(evaluated).toMatchObject({ gradeProvisional: false, gradeEvaluatedOn: '2026-08-03', gradeReviewDue: '2027-08-03', classifications: { grade: 'B' } });
    expect(historyRows(session, client.id).map((h) => h.field)).toEqual(['classification.grade', 'gradeEvaluatedOn']);
    const ungraded = await session.call('clients.create', { name: '无等级客户' });
    await expectDossierError(session.call('clients.update', { id: ungraded.id, gradeEvaluated: true }), 'validation');
  });
});

describe('lifecycle', () => {
  it('moves prospect → active → terminated, lists terminated clients apart, and lets only an administrator reactivate', async () => {
    const clock = testClock('2026-05-20T09:00:00');
    const { session, open } = await withUsers({ clock });
    const clerk = await open('clerk', 'clerk pass 1');
    const prospect = await clerk.call('clients.create', { name: '深圳宏达科技股份有限公司', status: 'prospect' });
    const active = await clerk.call('clients.create', { name: '广州瑞丰置业有限公司' });
    const names = async (input: Parameters<typeof session.call<'clients.list'>>[1] = {}) => (await session.call('clients.list', input)).rows.map((r) => r.name);

    expect(await clerk.call('clients.setStatus', { id: prospect.id, status: 'active' })).toMatchObject({ status: 'active' });
    await expectDossierError(clerk.call('clients.setStatus', { id: active.id, status: 'prospect' }), 'client.badTransition');
    await expectDossierError(clerk.call('clients.setStatus', { id: active.id, status: 'active' }), 'client.badTransition');
    const audit = countRows(session, 'audit_log');
    await expectDossierError(clerk.call('clients.setStatus', { id: active.id, status: 'terminated', reason: '合同到期' }), 'client.terminationKindRequired');
    await expectDossierError(clerk.call('clients.setStatus', { id: active.id, status: 'terminated', terminationKind: 'withdrawn' }), 'history.reasonRequired');
    await expectDossierError(
      clerk.call('clients.setStatus', { id: active.id, status: 'terminated', terminationKind: 'withdrawn', reason: '合同到期', terminatedOn: '2026-06-01' }),
      'client.terminatedInFuture',
    );
    expect(countRows(session, 'audit_log')).toBe(audit);
    expect((await session.call('clients.get', { id: active.id })).status).toBe('active');

    const terminated = await clerk.call('clients.setStatus', {
      id: active.id,
      status: 'terminated',
      terminationKind: 'withdrawn',
      terminatedOn: '2026-05-15',
      reason: '合同到期退租',
    });
    expect(terminated).toMatchObject({ status: 'terminated', terminationKind: 'withdrawn', terminatedOn: '2026-05-15', terminationReason: '合同到期退租' });
    expect(countRows(session, 'audit_log')).toBe(audit + 1);
    expect(historyRows(session, active.id)).toEqual([
      { field: 'status', oldValue: 'active', newValue: 'terminated', reason: '合同到期退租' },
      { field: 'terminationKind', oldValue: null, newValue: 'withdrawn', reason: '合同到期退租' },
      { field: 'terminatedOn', oldValue: null, newValue: '2026-05-15', reason: '合同到期退租' },
    ]);

    // Listed apart: the default list shows prospects and active clients only.
    expect(await names()).toEqual(['深圳宏达科技股份有限公司']);
    expect(await names({ status: 'terminated' })).toEqual(['广州瑞丰置业有限公司']);
    expect((await names({ status: ['active', 'terminated'] })).sort()).toEqual(['广州瑞丰置业有限公司', '深圳宏达科技股份有限公司'].sort());
    expect(await names({ status: 'prospect' })).toEqual([]);
    // Its files stay reachable.
    await clerk.call('files.create', { clientId: active.id, title: '退租档案' });
    expect((await session.call('clients.get', { id: active.id })).files).toHaveLength(1);

    await expectDossierError(clerk.call('clients.setStatus', { id: active.id, status: 'active', reason: '重新签约' }), 'client.reactivationAdminOnly');
    await expectDossierError(session.call('clients.setStatus', { id: active.id, status: 'active' }), 'history.reasonRequired');
    const back = await session.call('clients.setStatus', { id: active.id, status: 'active', reason: '重新签约' });
    expect(back).toMatchObject({ status: 'active', terminationKind: null, terminatedOn: null, terminationReason: null });
    expect(
      historyRows(session, active.id)
        .slice(3)
        .map((h) => [h.field, h.newValue, h.reason]),
    ).toEqual([
      ['status', 'active', '重新签约'],
      ['terminationKind', null, '重新签约'],
      ['terminatedOn', null, '重新签约'],
    ]);
    clerk.close();
  });

  it('filters the list by classification values and account manager', async () => {
    const { session } = await newArchive();
    await session.call('clients.create', { name: '甲', accountManager: '销售部 张伟', classifications: { grade: 'A', risk: 'low' } });
    await session.call('clients.create', { name: '乙', accountManager: '销售部 李明', classifications: { grade: 'B', risk: 'low' } });
    await session.call('clients.create', { name: '丙', classifications: { grade: 'C', risk: 'high' } });
    const names = async (input: Parameters<typeof session.call<'clients.list'>>[1]) => (await session.call('clients.list', input)).rows.map((r) => r.name).sort();
    expect(await names({ classifications: { grade: 'A' } })).toEqual(['甲']);
    expect(await names({ classifications: { grade: ['A', 'B'] } })).toEqual(['乙', '甲'].sort());
    expect(await names({ classifications: { grade: ['A', 'B', 'C'], risk: 'high' } })).toEqual(['丙']);
    expect(await names({ classifications: { grade: 'Z' } })).toEqual([]);
    expect(await names({ accountManager: '销售部 李明' })).toEqual(['乙']);
    const schemes = await session.call('classifications.list', {});
    const low = schemes.find((s) => s.code === 'risk')!.values.find((v) => v.code === 'low')!;
    const a = schemes.find((s) => s.code === 'grade')!.values.find((v) => v.code === 'A')!;
    expect(await names({ classificationValueIds: [low.id] })).toEqual(['乙', '甲'].sort());
    expect(await names({ classificationValueIds: [low.id, a.id] })).toEqual(['甲']);
    const listed = await session.call('clients.list', { classifications: { grade: 'A' } });
    expect(listed.total).toBe(1);
    expect(listed.rows[0]!.classifications).toEqual({ grade: 'A', risk: 'low' });
  });
});

describe('re-verification', () => {
  it('lists clients not verified for the configured number of days and marks them verified', async () => {
    const clock = testClock('2026-01-05T09:00:00');
    const { session } = await newArchive({ clock });
    expect((await session.call('settings.get', {})).verifyIntervalDays).toBe(90);
    const a = await session.call('clients.create', { name: '南京嘉禾水务集团有限公司' });
    const b = await session.call('clients.create', { name: '西安永安建材有限公司' });
    const gone = await session.call('clients.create', { name: '已注销公司' });
    await session.call('clients.setStatus', { id: gone.id, status: 'terminated', terminationKind: 'deregistered', reason: '企业注销' });
    clock.set('2026-03-01T09:00:00');
    expect((await session.call('clients.dueForVerification', {})).rows).toEqual([]);

    clock.set('2026-04-10T09:00:00');
    let due = await session.call('clients.dueForVerification', {});
    expect(due.days).toBe(90);
    expect(due.rows.map((r) => [r.name, r.lastVerifiedOn, r.daysSince]).sort()).toEqual([
      ['南京嘉禾水务集团有限公司', '2026-01-05', 95],
      ['西安永安建材有限公司', '2026-01-05', 95],
    ]);
    const audit = countRows(session, 'audit_log');
    const verified = await session.call('clients.verify', { id: a.id, remarks: '季度复核，信息无变化' });
    expect(verified.verifiedOn).toBe('2026-04-10');
    expect(countRows(session, 'audit_log')).toBe(audit + 1);
    expect(historyRows(session, a.id)).toEqual([{ field: 'verifiedOn', oldValue: null, newValue: '2026-04-10', reason: '季度复核，信息无变化' }]);
    due = await session.call('clients.dueForVerification', {});
    expect(due.rows.map((r) => r.id)).toEqual([b.id]);
    expect(due.total).toBe(1);
    expect((await session.call('clients.dueForVerification', { days: 200 })).rows).toEqual([]);
    // The interval is a setting.
    session.db.sqlite.prepare("insert into settings (key, value) values ('verifyIntervalDays', '30')").run();
    clock.set('2026-05-12T09:00:00');
    expect((await session.call('clients.dueForVerification', {})).rows.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });
});

/** The person id behind a staff number (personFor registers people by label and answers their staff number). */
async function personId(session: ArchiveSession, label: string): Promise<string> {
  return (await session.call('people.get', { person: await personFor(session, label) })).id;
}

describe('staff leaving: reassigning clients', () => {
  it('refuses while the leaver still has files out, then reassigns every client in one step', async () => {
    const clock = testClock('2026-06-01T09:00:00');
    const { session, open } = await withUsers({ clock });
    const zhang = ['北京宏远建工集团有限公司', '上海中诚城建有限公司', '广州恒信路桥有限公司'];
    const ids: string[] = [];
    for (const name of zhang) ids.push((await session.call('clients.create', { name, accountManager: '销售部 张伟' })).id);
    const terminated = await session.call('clients.create', { name: '天津东方物流有限公司', accountManager: '销售部 张伟' });
    await session.call('clients.setStatus', { id: terminated.id, status: 'terminated', terminationKind: 'withdrawn', reason: '退租' });
    const li = await session.call('clients.create', { name: '杭州金桥能源有限公司', accountManager: '销售部 李明' });
    const f1 = await session.call('files.create', { clientId: ids[0]!, title: '合同档案' });
    const f2 = await session.call('files.create', { clientId: ids[1]!, title: '权证档案', confidentiality: 'confidential' });
    const f3 = await session.call('files.create', { clientId: li.id, title: '基本资料' });
    const f4 = await session.call('files.create', { clientId: li.id, title: '合同档案' });
    const zhangWei = await personId(session, '销售部 张伟');
    const liMing = await personId(session, '销售部 李明');
    const zhaoLei = await personId(session, '销售部 赵磊');
    await session.call('loans.lend', { archiveNo: f1.archiveNo, borrower: await personFor(session, '销售部 张伟'), paperApproval: SIGNED, purpose: '合同续签核对' });
    await session.call('loans.lend', { archiveNo: f2.archiveNo, borrower: await personFor(session, '销售部 张伟'), paperApproval: SIGNED, purpose: '资质年检' });
    await session.call('loans.lend', { archiveNo: f3.archiveNo, borrower: await personFor(session, '财务部 王芳'), paperApproval: SIGNED });
    // A namesake in another department is someone else: that loan does not hold up the leaver.
    await session.call('loans.lend', { archiveNo: f4.archiveNo, borrower: await personFor(session, '物业管理部 张伟'), paperApproval: SIGNED });

    // In pinyin order: 李 (li) before 张 (zhang); each name designates its staff person.
    expect(await session.call('clients.accountManagers', {})).toEqual([
      { name: '销售部 李明', personId: liMing, clients: 1, terminated: 0 },
      { name: '销售部 张伟', personId: zhangWei, clients: 4, terminated: 1 },
    ]);
    const preview = await session.call('clients.reassignPreview', { fromPerson: zhangWei });
    expect(preview).toMatchObject({ fromManager: '销售部 张伟', clients: 4, openLoanCount: 2 });
    expect(preview.openLoans.map((l) => l.archiveNo).sort()).toEqual([f1.archiveNo, f2.archiveNo].sort());
    // A clerk cleared up to 'restricted' sees one loan but is told about both, and is refused too.
    const clerk = await open('clerk', 'clerk pass 1');
    const seen = await clerk.call('clients.reassignPreview', { fromPerson: zhangWei });
    expect(seen.openLoans.map((l) => l.archiveNo)).toEqual([f1.archiveNo]);
    expect(seen.openLoanCount).toBe(2);

    const before = { audit: countRows(session, 'audit_log'), history: countRows(session, 'change_log') };
    const err = await expectDossierError(clerk.call('clients.reassign', { fromPerson: zhangWei, toPerson: liMing, reason: '张伟离职' }), 'client.leaverHasOpenLoans');
    expect(err.params).toEqual({ manager: '销售部 张伟', count: 2 });
    await session.call('loans.return', { archiveNo: f1.archiveNo });
    await expectDossierError(clerk.call('clients.reassign', { fromPerson: zhangWei, toPerson: liMing, reason: '张伟离职' }), 'client.leaverHasOpenLoans');
    expect(countRows(session, 'change_log')).toBe(before.history);
    expect(countRows(session, 'audit_log')).toBe(before.audit + 1); // the return only
    expect((await session.call('clients.list', { accountManager: '销售部 张伟' })).total).toBe(3);

    await session.call('loans.return', { archiveNo: f2.archiveNo });
    await expectDossierError(clerk.call('clients.reassign', { fromPerson: zhangWei, toPerson: zhangWei, reason: 'x' }), 'client.sameManager');
    await expectDossierError(clerk.call('clients.reassign', { fromPerson: zhaoLei, toPerson: liMing, reason: 'x' }), 'client.managerHasNoClients');
    await expectDossierError(clerk.call('clients.reassign', { fromPerson: 'no-such-person', toPerson: liMing, reason: 'x' }), 'person.notFound');
    const done = await clerk.call('clients.reassign', { fromPerson: zhangWei, toPerson: liMing, reason: '张伟离职，客户移交' });
    expect(done).toEqual({ reassigned: 4 });
    expect(countRows(session, 'audit_log')).toBe(before.audit + 2 + 4);
    expect((await session.call('files.get', { archiveNo: f4.archiveNo })).status).toBe('on_loan');
    const rows = session.db.sqlite.prepare("select target_id from audit_log where action = 'clients.reassign'").all() as { target_id: string }[];
    expect(rows.map((r) => r.target_id).sort()).toEqual([...ids, terminated.id].sort());
    for (const id of [...ids, terminated.id]) {
      expect(historyRows(session, id).at(-1)).toEqual({ field: 'accountManager', oldValue: '销售部 张伟', newValue: '销售部 李明', reason: '张伟离职，客户移交' });
      expect((await session.call('clients.get', { id })).accountManager).toBe('销售部 李明');
    }
    expect(historyRows(session, li.id)).toEqual([]);
    expect(await session.call('clients.accountManagers', {})).toEqual([{ name: '销售部 李明', personId: liMing, clients: 5, terminated: 1 }]);
    // Other people's loans never block: 王芳 still has a file out.
    expect((await session.call('clients.reassignPreview', { fromPerson: liMing })).openLoanCount).toBe(0);
    clerk.close();
  });

  it("counts the leaver's loans by person id, never by the borrower text", async () => {
    const clock = testClock('2026-06-01T09:00:00');
    const { session } = await withUsers({ clock });
    await session.call('departments.add', { name: '财务部' });
    // Two people of the same name in the same department: the ledger's text cannot tell them apart.
    const wang = await session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'CW001' });
    const namesake = await session.call('people.add', { kind: 'staff', name: '王芳', department: '财务部', staffNo: 'CW002' });
    const zhao = await session.call('people.add', { kind: 'staff', name: '赵磊', department: '财务部', staffNo: 'CW003' });
    const client = await session.call('clients.create', { name: '南京金陵置业有限公司', accountManager: '财务部 王芳' });
    const mine = await session.call('files.create', { clientId: client.id, title: '合同档案' });
    const other = await session.call('files.create', { clientId: client.id, title: '基本资料' });
    await session.call('loans.lend', { archiveNo: other.archiveNo, borrower: 'CW002', paperApproval: SIGNED });
    expect((await session.call('loans.list', { open: true }))[0]!.borrower).toBe('财务部 王芳');
    // The namesake's loan reads "财务部 王芳" too, and does not hold up the leaver.
    expect(await session.call('clients.reassignPreview', { fromPerson: wang.id })).toMatchObject({ clients: 1, openLoanCount: 0, openLoans: [] });
    await session.call('loans.lend', { archiveNo: mine.archiveNo, borrower: 'CW001', paperApproval: SIGNED });
    const preview = await session.call('clients.reassignPreview', { fromPerson: wang.id });
    expect(preview.openLoans.map((l) => l.archiveNo)).toEqual([mine.archiveNo]);
    await expectDossierError(session.call('clients.reassign', { fromPerson: wang.id, toPerson: zhao.id, reason: '离职' }), 'client.leaverHasOpenLoans');
    await session.call('loans.return', { archiveNo: mine.archiveNo });
    // Outside people never take over clients.
    const outside = await session.call('people.add', { kind: 'outside', name: '刘强', organisation: '审计事务所', idNo: '110101199001011234' });
    await expectDossierError(session.call('clients.reassign', { fromPerson: wang.id, toPerson: outside.id, reason: '离职' }), 'client.leaverNotStaff');
    expect(await session.call('clients.reassign', { fromPerson: wang.id, toPerson: zhao.id, reason: '离职' })).toEqual({ reassigned: 1 });
    expect((await session.call('clients.get', { id: client.id })).accountManager).toBe('财务部 赵磊');
    expect((await session.call('clients.reassignPreview', { fromPerson: namesake.id })).clients).toBe(0);
  });
});

describe('migration 4 on an existing archive', () => {
  it('turns a matching category text into a category value and the contact person into the daily contact', async () => {
    const { dir, session } = await newArchive({ migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    session.db.sqlite
      .prepare(
        "insert into clients (id, name, category, contact_person, contact_phone, status, created_at, updated_at) values ('c1', '南京嘉禾水务集团有限公司', '战略合作', '张秀英', '13912345678', 'active', '2025-06-01T02:00:00.000Z', '2025-06-01T02:00:00.000Z'), ('c2', '某某公司', '老客户', null, null, 'active', '2025-06-01T02:00:00.000Z', '2025-06-01T02:00:00.000Z')",
      )
      .run();
    session.close();
    const upgraded = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    const c1 = await upgraded.call('clients.get', { id: 'c1' });
    // Migration 10 then gives the unchanged default label the seed's word.
    expect(c1).toMatchObject({ category: '战略合作伙伴客户', classifications: { category: 'strategic' }, contactPerson: '张秀英' });
    expect(c1.contacts).toEqual([expect.objectContaining({ role: 'daily', name: '张秀英', phone: '13912345678', validFrom: '2025-06-01', validTo: null })]);
    const c2 = await upgraded.call('clients.get', { id: 'c2' });
    expect(c2).toMatchObject({ category: '老客户', classifications: {}, contacts: [] });
    upgraded.close();
  });
});
