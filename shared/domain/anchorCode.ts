/**
 * The short form of an audit anchor (the chain's length and head hash) that an auditor writes
 * down: `DA-<count>-<10 characters><check character>`, e.g. `DA-1284-7KQ2MX9FHT4`.
 * The 10 characters are the first 50 bits of the head hash in Crockford's base32 (no I, L, O, U,
 * so nothing reads as another letter); the last one is a Luhn mod 32 check over the count's
 * digits and those 10 characters, so a single mistyped character or two swapped neighbours are
 * caught when the code is typed back. Reading back ignores case, spaces and dashes and takes
 * O for 0 and I or L for 1.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ANCHOR_HASH_CHARS = 10;
export const ANCHOR_HASH_BITS = ANCHOR_HASH_CHARS * 5;

export interface AnchorCode {
  /** Entries in the chain when the anchor was taken (the last entry's number). */
  count: number;
  /** The head hash's first 50 bits as 10 base32 characters. */
  headPrefix: string;
}

export type AnchorCodeProblem = 'format' | 'check';

function value(ch: string): number {
  return ALPHABET.indexOf(ch);
}

/** Luhn mod N over the characters' values: the character that makes the weighted sum 0. */
function checkCharacter(chars: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    let addend = factor * value(chars[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return ALPHABET[(32 - (sum % 32)) % 32]!;
}

/** The head hash (hex) as 10 base32 characters: its first 50 bits. */
export function hashPrefix(hexHash: string): string {
  let bits = '';
  for (const digit of hexHash.slice(0, Math.ceil(ANCHOR_HASH_BITS / 4))) bits += parseInt(digit, 16).toString(2).padStart(4, '0');
  let out = '';
  for (let i = 0; i < ANCHOR_HASH_BITS; i += 5) out += ALPHABET[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

export function formatAnchorCode(count: number, headHash: string): string {
  const prefix = hashPrefix(headHash);
  return `DA-${count}-${prefix}${checkCharacter(`${count}${prefix}`)}`;
}

/** Reads a code as typed (any case, spaces, dashes, O for 0, I/L for 1); the problem if it is not one. */
export function parseAnchorCode(typed: string): AnchorCode | { problem: AnchorCodeProblem } {
  const plain = typed
    .toUpperCase()
    .replace(/[\s\-_.·—–]/gu, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const body = plain.startsWith('DA') ? plain.slice(2) : plain;
  const match = /^(\d{1,12})([0-9A-HJKMNP-TV-Z]{11})$/.exec(body);
  if (!match) return { problem: 'format' };
  const digits = match[1]!;
  const rest = match[2]!;
  const headPrefix = rest.slice(0, ANCHOR_HASH_CHARS);
  if (checkCharacter(`${digits}${headPrefix}`) !== rest.slice(ANCHOR_HASH_CHARS)) return { problem: 'check' };
  const count = Number(digits);
  if (!Number.isSafeInteger(count)) return { problem: 'format' };
  // Leading zeros add nothing to a Luhn sum: DA-01284-… reads as DA-1284-….
  return { count, headPrefix };
}

/** Whether a head hash (hex) is the one a code was taken from (as far as its 50 bits tell). */
export function codeMatchesHash(code: AnchorCode, hexHash: string): boolean {
  return hashPrefix(hexHash) === code.headPrefix;
}
