import { describe, expect, it } from 'vitest';
import { archiveNoScope, formatArchiveNo, looksLikeArchiveNo, normalizeArchiveNo, validateArchiveNoPattern } from '../../shared/domain/archiveNo.js';
import { creditCodeCheckChar, creditCodeProblem } from '../../shared/domain/creditCode.js';
import { addDays, isValidDate } from '../../shared/domain/dates.js';
import { parseConfidentiality, parseRetention } from '../../shared/domain/enums.js';
import { formatError } from '../../shared/i18n/index.js';

describe('unified social credit code (GB 32100)', () => {
  it('accepts codes whose check character matches', () => {
    // Published codes of well-known companies.
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });
  it('names what is wrong', () => {
    expect(creditCodeProblem('9135010')).toBe('length');
    expect(creditCodeProblem('91350100M000100YI3')).toBe('character');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('checkChar');
  });
});

describe('archive number patterns', () => {
  it('formats years and zero-padded sequences', () => {
    expect(formatArchiveNo('KH-{year}-{seq:4}', { year: 2026 }, 7)).toBe('KH-2026-0007');
    expect(formatArchiveNo('{year}客{seq}', { year: 2025 }, 12)).toBe('2025客12');
    expect(archiveNoScope('KH-{year}-{seq:4}', { year: 2026 })).toBe('KH-2026-{seq}');
  });
  it('rejects patterns without exactly one sequence or with unknown tokens', () => {
    expect(validateArchiveNoPattern('KH-{year}')).toMatch(/seq/);
    expect(validateArchiveNoPattern('KH-{seq}-{seq}')).toMatch(/seq/);
    expect(validateArchiveNoPattern('KH-{month}-{seq}')).toMatch(/unknown/);
    expect(validateArchiveNoPattern('KH-{year}-{seq:4}')).toBeNull();
  });
});

describe('vocabularies and dates', () => {
  it('reads confidentiality and retention as clerks type them', () => {
    expect(parseConfidentiality('机密')).toBe('confidential');
    expect(parseConfidentiality('TOP_SECRET')).toBe('top_secret');
    expect(parseConfidentiality('秘')).toBeNull();
    expect(parseRetention('永久')).toBe('permanent');
    expect(parseRetention('30年')).toBe('30y');
  });
  it('checks calendar dates', () => {
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
  it('translates errors with their parameters in both languages', () => {
    const error = { code: 'loan.alreadyOnLoan' as const, params: { archiveNo: 'KH-2026-0001', borrower: '李明', dueDate: '2026-03-05' } };
    expect(formatError(error, 'zh-CN')).toBe('档案 KH-2026-0001 已借出（借阅人：李明，应还日期：2026-03-05），不能重复借出。');
    expect(formatError(error, 'en')).toContain('already on loan');
    expect(formatError({ code: 'client.badCreditCode', params: { creditCode: 'X', problem: 'checkChar' } }, 'zh-CN')).toContain('校验码不符');
  });
});

describe('archive numbers as typed or scanned', () => {
  it('normalises full-width characters, dash variants, spaces and case in one place', () => {
    for (const typed of ['ＫＨ－２０２６－０００２', 'KH—2026–0002', 'kh-2026-0002 ', 'KH——2026‐0002', 'ＫＨ-2026-0002']) expect(normalizeArchiveNo(typed)).toBe('KH-2026-0002');
  });

  it("tells archive numbers from borrowers, by the usual shape and by the archive's own patterns", () => {
    expect(looksLikeArchiveNo('KH-2026-0004')).toBe(true);
    expect(looksLikeArchiveNo('ＫＨ－２０２６－０００４')).toBe(true);
    expect(looksLikeArchiveNo('KH-2026-0004-2')).toBe(true);
    expect(looksLikeArchiveNo('2026-00017')).toBe(false);
    expect(looksLikeArchiveNo('2026-00017', ['{year}-{seq:5}'])).toBe(true);
    expect(looksLikeArchiveNo('财务部KH-2026-0002')).toBe(true);
    expect(looksLikeArchiveNo('财务部 2026-00017', ['{year}-{seq:5}'])).toBe(true);
    for (const borrower of ['财务部 王芳', '王芳', 'Li Ming', '销售二部 3 号', '']) expect(looksLikeArchiveNo(borrower, ['KH-{year}-{seq:4}'])).toBe(false);
  });
});
