/**
 * One normal form for searching, applied to the index and to every query alike:
 * Traditional Chinese → Simplified (OpenCC), full-width → half-width, lower case,
 * whitespace collapsed. So 宏遠 finds 宏远, ＫＨ－２０２６ finds KH-2026, and so on.
 */
import * as OpenCC from 'opencc-js';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

export function normalizeSearchText(text: string): string {
  const halfWidth = text.normalize('NFKC');
  return toSimplified(halfWidth).toLowerCase().replace(/\s+/g, ' ').trim();
}

const TOKEN_CHAR = /[\p{L}\p{N}]/u;

/**
 * The one- and two-character grams of a normalized text, space separated: FTS5's unicode61
 * tokenizer then indexes each as a token, which serves queries too short for trigrams.
 */
export function searchGrams(normalized: string): string {
  const grams = new Set<string>();
  for (const run of normalized.split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      grams.add(chars[i]!);
      if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...grams].join(' ');
}

/** True when a short query term can be answered from the gram index. */
export function isGramTerm(term: string): boolean {
  const chars = [...term];
  return chars.length > 0 && chars.length < 3 && chars.every((c) => TOKEN_CHAR.test(c));
}
