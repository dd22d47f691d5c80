/**
 * The pinyin sort key of a name: better-sqlite3 cannot register a collation, so lists that sort
 * by a Chinese name order by this key instead (北京 < 南京 < 上海, not code-point order). It is
 * registered as the SQL function `dossier_sort_key` (db/connection.ts); triggers keep stored keys
 * current (migrations/0011_labels_sort_keys.ts).
 */
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/**
 * Syllables with tone numbers, one space apart (`bei3 jing1`); other text lower-cased in NFKC
 * (full-width letters and digits as half-width). The name itself follows after U+0001, so equal
 * readings sort by the characters and shorter names before their extensions.
 */
export function sortKey(name: string): string {
  const text = name.normalize('NFKC').trim();
  if (!text) return '';
  if (!HAN.test(text)) return `${text.toLowerCase()}\u0001${text}`;
  const parts = pinyin(text, { toneType: 'num', type: 'array', nonZh: 'consecutive', v: true });
  return `${parts
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .join(' ')}\u0001${text}`;
}
