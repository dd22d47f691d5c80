/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015:
 * 18 characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V);
 * the last one is a check character computed modulo 31 over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normalizeCreditCode(input: string): string {
  return input.trim().toUpperCase();
}

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeProblem = 'length' | 'character' | 'checkChar';

/** Returns null for a valid code, else what is wrong with it. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const c = normalizeCreditCode(code);
  if (c.length !== 18) return 'length';
  for (const ch of c) if (!ALPHABET.includes(ch)) return 'character';
  return creditCodeCheckChar(c.slice(0, 17)) === c[17] ? null : 'checkChar';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}
