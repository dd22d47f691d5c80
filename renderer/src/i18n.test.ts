import { describe, expect, it } from 'vitest';
import { DossierError, ERROR_CODES } from '../../shared/errors.js';
import { catalogs, LANGUAGES } from '../../shared/i18n/index.js';
import { errorText, initI18n } from './i18n.js';
import { initialLanguage } from './stores/language.js';

/** Leaf paths as key arrays (some keys, like error codes, contain dots). */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}
const at = (catalog: unknown, path: string[]) => path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalog);
const name = (path: string[]) => path.join(' › ');

describe('catalogs', () => {
  it('have the same keys in every language and no empty strings', () => {
    const zhKeys = leafPaths(catalogs['zh-CN']).map(name).sort();
    for (const language of LANGUAGES) {
      expect(leafPaths(catalogs[language]).map(name).sort()).toEqual(zhKeys);
      for (const path of leafPaths(catalogs[language])) {
        const text = at(catalogs[language], path);
        expect(typeof text === 'string' && text.length > 0, `${language} ${name(path)}`).toBe(true);
      }
    }
  });
  it('use the same interpolation parameters in every language', () => {
    const params = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    // A singular may say "one file" in words; i18next still passes the count.
    const compared = (path: string[], catalog: unknown) => {
      const found = params(at(catalog, path) as string);
      return path.at(-1)?.endsWith('_one') ? found.filter((p) => p !== 'count') : found;
    };
    for (const path of leafPaths(catalogs['zh-CN'])) {
      expect(compared(path, catalogs.en), name(path)).toEqual(compared(path, catalogs['zh-CN']));
    }
  });
});

describe('i18next over the shared catalogs', () => {
  const i18n = initI18n('zh-CN');
  it('resolves nested ui keys with parameters', () => {
    expect(i18n.t('ui.nav.circulation')).toBe('借阅台');
    expect(i18n.t('ui.fileForm.created', { archiveNo: 'KH-2026-0001' })).toBe('已新建档案，档号：KH-2026-0001');
    expect(i18n.t('enums.confidentiality.top_secret')).toBe('绝密');
    expect(i18n.t('ui.nav.circulation', { lng: 'en' })).toBe('Circulation desk');
  });
  it('finds error keys that contain dots', () => {
    expect(i18n.t('errors.file.notFound', { archiveNo: 'X' })).toBe('找不到档号为 X 的档案。');
  });
});

describe('errorText', () => {
  it('translates every error code, with credit-code problems in words', () => {
    for (const code of ERROR_CODES) expect(errorText(new DossierError(code), 'zh-CN')).not.toBe('');
    const bad = new DossierError('client.badCreditCode', { creditCode: '123', problem: 'length' });
    expect(errorText(bad, 'zh-CN')).toBe('统一社会信用代码“123”无效（应为 18 位）。');
    expect(errorText(bad, 'en')).toBe('The unified social credit code "123" is invalid (must be 18 characters).');
    expect(errorText(new Error('boom'), 'en')).toBe(catalogs.en.errors.internal);
  });
});

describe('initialLanguage', () => {
  it('defaults to Simplified Chinese and honours a remembered choice', () => {
    expect(initialLanguage(undefined)).toBe('zh-CN');
    expect(initialLanguage({ getItem: () => null })).toBe('zh-CN');
    expect(initialLanguage({ getItem: () => 'en' })).toBe('en');
    expect(initialLanguage({ getItem: () => 'zh-TW' })).toBe('zh-CN');
    expect(
      initialLanguage({
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBe('zh-CN');
  });
});

describe('plurals', () => {
  it('reads one and many in English and the same sentence in Chinese', () => {
    const i18n = initI18n('en');
    const t = i18n.getFixedT('en');
    expect(t('ui.handovers.count', { count: 1 })).toBe('1 handover');
    expect(t('ui.handovers.count', { count: 3 })).toBe('3 handovers');
    expect(t('ui.handovers.late', { days: 1, count: 1 })).toBe('1 day late');
    expect(t('ui.handovers.late', { days: 4, count: 4 })).toBe('4 days late');
    expect(t('ui.handovers.kindOption', { name: 'Tax', days: 1, count: 1 })).toBe('Tax (within 1 working day)');
    expect(t('ui.circulation.dueDateHint', { days: 1, count: 1 })).toBe('Empty = default 1 day');
    const zh = i18n.getFixedT('zh-CN');
    expect(zh('ui.handovers.late', { days: 1, count: 1 })).toBe(catalogs['zh-CN'].ui.handovers.late.replace('{{days}}', '1'));
    expect(zh('ui.handovers.late', { days: 5, count: 5 })).toBe(catalogs['zh-CN'].ui.handovers.late.replace('{{days}}', '5'));
  });
});
