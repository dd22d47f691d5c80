/**
 * Sealed content (issue 8, finding 2): text of 机密/绝密 files stored as tokens encrypted under
 * the file's content key, and the per-connection key cache that opens them. A file key is
 * stored wrapped under its level key (`file_keys`); each level change makes a new generation,
 * so tokens written earlier (audit entries) stay readable by whoever may read the file now.
 * Every row read through `ArchiveDb.all/one` passes `openRow`; a token this connection has no
 * key for reads as ''. See README, "Level keys".
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { DossierError } from '../shared/errors.js';
import { openSealed, SealedKey } from './keys.js';
import type { RawKeyPair } from './keys.js';

export const SEALED_LEVELS = ['confidential', 'top_secret'] as const;
export type SealedLevel = (typeof SEALED_LEVELS)[number];

/** The envelope key name of a level key (sealed only to users cleared for the level, and the recovery key). */
export function levelKeyName(level: SealedLevel): 'level.confidential' | 'level.top_secret' {
  return level === 'confidential' ? 'level.confidential' : 'level.top_secret';
}

export function isSealedLevel(level: string | null | undefined): level is SealedLevel {
  return level === 'confidential' || level === 'top_secret';
}

/** A control character starts every token: the contract's text type never lets one into user text. */
export const TOKEN_MARK = '\u0002dsk1.';
/** Whole tokens, raw or inside JSON text (where the mark is written `\u0002`). */
// eslint-disable-next-line no-control-regex -- the mark is a control character on purpose (see TOKEN_MARK)
const TOKEN = /(\\u0002|\u0002)dsk1\.([0-9A-Za-z-]{1,64})\.(\d{1,9})\.([A-Za-z0-9_-]{38,})/g;

export function isToken(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(TOKEN_MARK);
}

function contentAad(fileId: string, gen: number): Buffer {
  return Buffer.from(`dossier-content:v1:${fileId}:${gen}`, 'utf8');
}

function wrapAad(fileId: string, gen: number, level: string): Buffer {
  return Buffer.from(`dossier-file-key:v1:${fileId}:${gen}:${level}`, 'utf8');
}

function gcm(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]);
}

function ungcm(key: Buffer, box: Buffer, aad: Buffer): Buffer | null {
  if (box.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(box.subarray(box.length - 16));
    return Buffer.concat([decipher.update(box.subarray(12, box.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** `text` sealed under a file key: AES-256-GCM, bound to the file and key generation. */
export function sealWith(key: Buffer, fileId: string, gen: number, text: string): string {
  return `${TOKEN_MARK}${fileId}.${gen}.${gcm(key, Buffer.from(text, 'utf8'), contentAad(fileId, gen)).toString('base64url')}`;
}

/** A file key wrapped for storage: under its level key, or (level `open`, a file no longer sealed) as is. */
export function wrapFileKey(fileKey: Buffer, fileId: string, gen: number, level: SealedLevel | 'open', levelKey: Buffer | null): string {
  if (level === 'open') return fileKey.toString('base64');
  if (!levelKey) throw new DossierError('file.keyUnavailable');
  return gcm(levelKey, fileKey, wrapAad(fileId, gen, level)).toString('base64');
}

export function unwrapFileKey(wrapped: string, fileId: string, gen: number, level: string, levelKey: Buffer | null): Buffer | null {
  if (level === 'open') {
    const raw = Buffer.from(wrapped, 'base64');
    return raw.length === 32 ? raw : null;
  }
  if (!levelKey) return null;
  const key = ungcm(levelKey, Buffer.from(wrapped, 'base64'), wrapAad(fileId, gen, level));
  return key && key.length === 32 ? key : null;
}

/** The name a file key sealed to a grantee is bound to (with the archive and the grantee). */
export function grantKeyName(fileId: string, gen: number): string {
  return `file.${fileId}.${gen}`;
}

export interface CurrentFileKey {
  gen: number;
  level: SealedLevel;
  key: Buffer;
}

/** The keys a session (or one of its worker connections) holds, and the cache of file keys opened with them. */
export class ContentKeys {
  archiveId: string | null = null;
  private levels = new Map<SealedLevel, Buffer>();
  private readonly fileKeys = new Map<string, Buffer>();
  /** Level indexes attached to this connection (schema names by level). */
  readonly attached = new Map<SealedLevel, string>();
  /** The signed-in user's id, key pair and clock, to open file keys sealed to them by grants. */
  grantee: { userId: string; pair: RawKeyPair; today: () => string } | null = null;
  private statements: { key: Statement; current: Statement; grant: Statement } | null = null;
  private warmed = false;

  constructor(private readonly sqlite: SqliteDatabase) {}

  setLevelKeys(keys: ReadonlyMap<SealedLevel, Buffer>): void {
    this.levels = new Map(keys);
    this.fileKeys.clear();
    this.warmed = false;
  }

  levelKey(level: SealedLevel): Buffer | null {
    return this.levels.get(level) ?? null;
  }

  levelKeys(): ReadonlyMap<SealedLevel, Buffer> {
    return this.levels;
  }

  /** Keys opened from grants, to hand to a worker connection. */
  cachedKeys(): { id: string; key: Buffer }[] {
    return [...this.fileKeys].map(([id, key]) => ({ id, key }));
  }

  remember(fileId: string, gen: number, key: Buffer): void {
    this.fileKeys.set(`${fileId}:${gen}`, key);
  }

  forget(fileId: string): void {
    for (const id of [...this.fileKeys.keys()]) if (id.startsWith(`${fileId}:`)) this.fileKeys.delete(id);
  }

  private prepared(): { key: Statement; current: Statement; grant: Statement } | null {
    if (this.statements) return this.statements;
    try {
      this.statements = {
        key: this.sqlite.prepare('select level, wrapped from file_keys where file_id = ? and gen = ?'),
        current: this.sqlite.prepare('select gen, level, wrapped from file_keys where file_id = ? order by gen desc limit 1'),
        grant: this.sqlite.prepare(
          'select k.sealed from file_key_grants k join file_grants g on g.id = k.grant_id where k.user_id = ? and k.file_id = ? and k.gen = ? and g.user_id = k.user_id and g.until >= ? limit 1',
        ),
      };
    } catch {
      return null; // before migration 20: no file keys
    }
    return this.statements;
  }

  private unwrapRow(fileId: string, gen: number, level: string, wrapped: string): Buffer | null {
    const key = unwrapFileKey(wrapped, fileId, gen, level, isSealedLevel(level) ? this.levelKey(level) : null);
    if (key) return key;
    const g = this.grantee;
    const st = this.prepared();
    if (!g || !st || !this.archiveId) return null;
    const row = st.grant.get(g.userId, fileId, gen, g.today()) as { sealed: string } | undefined;
    if (!row) return null;
    const parsed = SealedKey.safeParse(JSON.parse(row.sealed));
    return parsed.success ? openSealed(parsed.data, g.pair, { archiveId: this.archiveId, recipientId: g.userId, name: grantKeyName(fileId, gen) }) : null;
  }

  /** The key of one generation of a file, or null when this connection cannot open it. */
  key(fileId: string, gen: number): Buffer | null {
    const id = `${fileId}:${gen}`;
    const cached = this.fileKeys.get(id);
    if (cached) return cached;
    const st = this.prepared();
    let row: { level: string; wrapped: string } | undefined;
    try {
      row = st?.key.get(fileId, gen) as typeof row;
    } catch {
      return null; // inside an SQL function the connection is busy: only cached keys (see warm) open there
    }
    if (!row) return null;
    const key = this.unwrapRow(fileId, gen, row.level, row.wrapped);
    if (key) this.fileKeys.set(id, key);
    return key;
  }

  /**
   * The key new content of the file is sealed with: null for a file that is not sealed
   * (普通/内部, or never sealed); throws `file.keyUnavailable` when sealed and not openable here.
   */
  current(fileId: string): CurrentFileKey | null {
    const row = this.prepared()?.current.get(fileId) as { gen: number; level: string; wrapped: string } | undefined;
    if (!row || !isSealedLevel(row.level)) return null;
    const key = this.key(fileId, row.gen);
    if (!key) throw new DossierError('file.keyUnavailable');
    return { gen: row.gen, level: row.level, key };
  }

  /** Opens every file key this connection can, once: SQL functions (`dossier_open`) can only use cached keys. */
  warm(): void {
    if (this.warmed) return;
    let rows: { file_id: string; gen: number }[];
    try {
      rows = this.sqlite.prepare(`select file_id, gen from file_keys`).all() as typeof rows;
    } catch {
      return;
    }
    for (const r of rows) this.key(r.file_id, r.gen);
    this.warmed = true;
  }

  /** `text` as it is stored for this file: sealed when the file is. */
  seal(fileId: string, text: string): string;
  seal(fileId: string, text: string | null): string | null;
  seal(fileId: string, text: string | null): string | null {
    if (text === null || text === '' || isToken(text)) return text;
    const current = this.current(fileId);
    return current ? sealWith(current.key, fileId, current.gen, text) : text;
  }

  /** Every token in `value` opened (''/its JSON form when it cannot be); null when `strict` and one cannot. */
  open(value: string, strict = false): string | null {
    if (value.indexOf('dsk1.') < 0) return value;
    let failed = false;
    const out = value.replace(TOKEN, (_m, mark: string, fileId: string, gen: string, body: string) => {
      const key = this.key(fileId, Number(gen));
      const plain = key ? ungcm(key, Buffer.from(body, 'base64url'), contentAad(fileId, Number(gen))) : null;
      if (!plain) failed = true;
      const text = plain ? plain.toString('utf8') : '';
      return mark === '\u0002' ? text : JSON.stringify(text).slice(1, -1);
    });
    return strict && failed ? null : out;
  }

  openRow<T extends Record<string, unknown>>(row: T): T {
    for (const k in row) {
      const v = row[k];
      if (typeof v === 'string' && v.indexOf('dsk1.') >= 0) (row as Record<string, unknown>)[k] = this.open(v);
    }
    return row;
  }

  /** Whether two stored values say the same (sealed or not): lets re-encryption through append-only triggers. */
  same(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    const x = this.open(a, true);
    const y = this.open(b, true);
    return x !== null && x === y;
  }
}
