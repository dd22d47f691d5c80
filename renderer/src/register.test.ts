import { describe, expect, it } from 'vitest';
import type { ClientDetail } from '../../shared/contract.js';
import { IMPORT_FIELDS } from '../../shared/domain/importFields.js';
import { DossierError } from '../../shared/errors.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { SearchHit } from '../../shared/ops/search.js';
import { clientPatch, coreChanged, TEXT_FIELDS } from './components/ClientEdit.js';
import { base64Bytes, bytesBase64 } from './components/Export.js';
import { hitDetails, hitTarget } from './components/GlobalSearch.js';
import { historyFieldLabel } from './components/History.js';
import { itemChanges } from './components/ItemForm.js';
import { errorText } from './i18n.js';
import { pagesFor, statusInput } from './screens/Clients.js';
import { problemError } from './screens/Import.js';
import { lines, percent } from './screens/Handovers.js';
import { childKind, fillLevel } from './screens/Locations.js';
import { sectionOf, viewKey } from './stores/nav.js';

const client = {
  id: 'c1',
  name: '宁波港城物流股份有限公司',
  creditCode: null,
  shortName: null,
  legalRepresentative: '林海',
  enterpriseNature: null,
  supervisingUnit: null,
  address: null,
  creditStatus: null,
  accountManager: '销售部 张伟',
  classifications: { grade: 'A' },
  contacts: [{ id: 'k1', role: 'daily', name: '周敏', phone: '13800002222', position: null, remarks: null, validFrom: '2026-01-01', validTo: null }],
} as unknown as ClientDetail;
const values = (over: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {}) =>
  ({ ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, (client[f] as string | null) ?? ''])), ...over }) as Record<(typeof TEXT_FIELDS)[number], string>;
const daily = { name: '周敏', phone: '13800002222' };
const none = { name: '', phone: '' };

describe('client edit patch', () => {
  it('sends nothing when nothing changed', () => {
    expect(clientPatch(client, values(), { grade: 'A' }, daily, none)).toEqual({});
  });
  it('sends only changed fields; cleared text becomes null; credit codes upper-cased', () => {
    const patch = clientPatch(client, values({ legalRepresentative: '林海涛', accountManager: '', creditCode: '91330201ma27a0002x' }), { grade: 'A' }, daily, none);
    expect(patch).toEqual({ legalRepresentative: '林海涛', accountManager: null, creditCode: '91330201MA27A0002X' });
    expect(coreChanged(patch)).toBe(true);
    expect(coreChanged(clientPatch(client, values({ address: '宁波市北仑区' }), { grade: 'A' }, daily, none))).toBe(false);
  });
  it('changes and removes classifications and replaces or ends contacts', () => {
    expect(clientPatch(client, values(), { grade: 'B', risk: 'low' }, daily, none).classifications).toEqual({ grade: 'B', risk: 'low' });
    expect(clientPatch(client, values(), { grade: '' }, daily, none).classifications).toEqual({ grade: null });
    expect(clientPatch(client, values(), { grade: 'A' }, { name: '郑洁', phone: '' }, none).dailyContact).toEqual({ name: '郑洁' });
    expect(clientPatch(client, values(), { grade: 'A' }, none, none).dailyContact).toBeNull();
    expect(clientPatch(client, values(), { grade: 'A' }, daily, { name: '吴静', phone: '139' }).emergencyContact).toEqual({ name: '吴静', phone: '139' });
  });
});

describe('client list paging', () => {
  it('maps the status filter to clients.list', () => {
    expect(statusInput('current')).toBeUndefined();
    expect(statusInput('terminated')).toBe('terminated');
    expect(statusInput('all')).toEqual(['prospect', 'active', 'terminated']);
  });
  it('finds the pages covering the rows on screen', () => {
    expect(pagesFor(0, 20)).toEqual([0]);
    expect(pagesFor(95, 130)).toEqual([0, 1]);
    expect(pagesFor(49_990, 50_010)).toEqual([499, 500]);
    expect(pagesFor(5, -1)).toEqual([]);
  });
});

describe('global search hits', () => {
  const hit = (over: Partial<SearchHit>): SearchHit => ({
    kind: 'client',
    id: 'x',
    label: 'L',
    clientId: 'c1',
    clientName: '恒信',
    archiveNo: null,
    confidentiality: null,
    status: null,
    date: null,
    ...over,
  });
  it('opens the client for client hits and the file for file and item hits', () => {
    expect(hitTarget(hit({}))).toEqual({ name: 'client', id: 'c1' });
    expect(hitTarget(hit({ kind: 'file', archiveNo: 'KH-2026-0001' }))).toEqual({ name: 'file', archiveNo: 'KH-2026-0001' });
    expect(hitTarget(hit({ kind: 'item', archiveNo: 'KH-2026-0001' }))).toEqual({ name: 'file', archiveNo: 'KH-2026-0001' });
  });
  it('describes a hit without stray separators', () => {
    expect(hitDetails(hit({ date: '2026-11-24' }))).toBe('2026-11-24');
    expect(hitDetails(hit({ kind: 'item', archiveNo: 'KH-1', date: '2026-01-02' }))).toBe('KH-1 · 恒信 · 2026-01-02');
  });
});

describe('navigation', () => {
  it('puts client and file pages under Clients and remounts per page', () => {
    expect(sectionOf({ name: 'file', archiveNo: 'A' })).toBe('clients');
    expect(sectionOf({ name: 'handovers' })).toBe('handovers');
    expect(viewKey({ name: 'file', archiveNo: 'A' })).not.toBe(viewKey({ name: 'file', archiveNo: 'B' }));
  });
});

describe('history and errors in the clerk’s words', () => {
  it('labels recorded fields, falling back to the code', () => {
    expect(historyFieldLabel(catalogs['zh-CN'], 'legalRepresentative')).toBe('法定代表人');
    expect(historyFieldLabel(catalogs.en, 'location')).toBe('Location');
    // Without the schemes at hand the field still reads as a word, never a code.
    expect(historyFieldLabel(catalogs['zh-CN'], 'classification.grade')).toBe('分类');
    expect(historyFieldLabel(catalogs['zh-CN'], 'somethingNew')).toBe('somethingNew');
  });
  it('names the field of a missing reason', () => {
    const error = new DossierError('history.reasonRequired', { field: 'legalRepresentative' });
    expect(errorText(error, 'zh-CN')).toBe('修改“法定代表人”属于核心信息变更，必须填写变更原因。');
    expect(errorText(error, 'en')).toContain('"Legal representative"');
  });
  it('translates import problems', () => {
    const text = errorText(problemError({ row: 4, column: '统一社会信用代码', code: 'client.badCreditCode', params: { creditCode: '123', problem: 'length' } }), 'zh-CN');
    expect(text).toBe('统一社会信用代码“123”无效（应为 18 位）。');
  });
  it('has a column label for every importable field', () => {
    for (const field of [...IMPORT_FIELDS.clients, ...IMPORT_FIELDS.files]) {
      expect((catalogs['zh-CN'].enums.spreadsheetColumn as Record<string, string>)[field], field).toBeTruthy();
    }
  });
});

describe('items, locations, handovers', () => {
  const draft = { docNo: '', responsibleParty: '', title: '营业执照', date: '', pageCount: '2', docKind: '', remarks: '' };
  it('sends every field of a new item and only the changed ones of an edit', () => {
    expect(itemChanges(draft)).toMatchObject({ title: '营业执照', pageCount: 2, docNo: '' });
    // A new item's page count left at the form's 1 is not sent: the engine's default, which its scans fill.
    expect(itemChanges({ ...draft, pageCount: '1' })).not.toHaveProperty('pageCount');
    const item = { docNo: null, responsibleParty: null, title: '营业执照', date: null, pageCount: 2, docKind: null, remarks: '' } as never;
    expect(itemChanges({ ...draft, pageCount: '3' }, item)).toEqual({ pageCount: 3 });
    expect(itemChanges(draft, item)).toEqual({});
  });
  it('knows what goes inside what and how full a place is', () => {
    expect(childKind('room')).toBe('cabinet');
    expect(childKind('shelf')).toBe('box');
    expect(childKind('box')).toBeNull();
    expect(fillLevel({ capacity: null, fileCount: 3 })).toBeNull();
    expect(fillLevel({ capacity: 8, fileCount: 2 })).toBe(0.25);
    expect(fillLevel({ capacity: 8, fileCount: 10 })).toBe(1);
  });
  it('formats rates and splits lines', () => {
    expect(percent(null)).toBe('—');
    expect(percent(2 / 3)).toBe('66.7%');
    expect(lines(' 营业执照\r\n\n开票资料 ')).toEqual(['营业执照', '开票资料']);
  });
  it('round-trips base64 of large files', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(base64Bytes(bytesBase64(bytes))).toEqual(bytes);
  });
});
