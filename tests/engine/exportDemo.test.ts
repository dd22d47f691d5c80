import { describe, expect, it } from 'vitest';
import { fillDemoArchive, organisationCodeCheck } from '../../db/demo.js';
import { isValidCreditCode } from '../../shared/domain/creditCode.js';
import { newArchive } from '../helpers.js';

const DIVISIONS: Record<string, string> = {
  北京市海淀区: '110108',
  北京市朝阳区: '110105',
  上海市浦东新区: '310115',
  上海市徐汇区: '310104',
  广州市天河区: '440106',
  广州市海珠区: '440105',
  深圳市南山区: '440305',
  深圳市福田区: '440304',
  杭州市西湖区: '330106',
  杭州市滨江区: '330108',
  成都市武侯区: '510107',
  成都市锦江区: '510104',
  武汉市江汉区: '420103',
  武汉市洪山区: '420111',
  南京市鼓楼区: '320106',
  南京市江宁区: '320115',
  西安市雁塔区: '610113',
  西安市未央区: '610112',
  天津市滨海新区: '120116',
  天津市和平区: '120101',
};

describe('the demo archive looks real to a clerk', () => {
  it('credit codes in today’s form matching the district, fitting categories and natures, real mobile prefixes, some digit-only codes', async () => {
    const { session } = await newArchive();
    await fillDemoArchive(session, { clients: 36 });
    const { rows } = await session.call('clients.list', { status: ['prospect', 'active', 'terminated'], limit: 100 });
    expect(rows.length).toBe(36);
    for (const c of rows) {
      const code = c.creditCode!;
      expect(isValidCreditCode(code), code).toBe(true);
      expect(code.slice(0, 2)).toBe('91');
      const district = Object.keys(DIVISIONS).find((d) => c.address!.startsWith(d))!;
      expect(code.slice(2, 8), `${c.name} ${c.address}`).toBe(DIVISIONS[district]);
      expect(organisationCodeCheck(code.slice(8, 16)), code).toBe(code[16]);
      expect(c.classifications.category === 'ready_mix', c.name).toBe(c.name.includes('商混'));
      if (c.name.endsWith('股份有限公司')) expect(c.enterpriseNature).not.toBe('有限责任公司');
      else expect(c.enterpriseNature).not.toBe('股份有限公司');
      expect(c.contactPhone).toMatch(/^1(3\d|5[0-35-9]|66|77|8[016789]|9[89])\d{8}$/);
    }
    expect(rows.filter((c) => /^\d{18}$/.test(c.creditCode!)).length).toBeGreaterThanOrEqual(3);
    // GB 11714's own example: D2143569-X.
    expect(organisationCodeCheck('D2143569')).toBe('X');
  }, 120_000);
});
