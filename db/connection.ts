/**
 * The encrypted SQLite connection. Queries are built with kysely and run synchronously
 * on better-sqlite3 (SQLite3 Multiple Ciphers build), so a service's whole unit of work
 * runs inside one `BEGIN IMMEDIATE` transaction with no awaits, and hot statements are
 * prepared once and cached.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { CamelCasePlugin, CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { Compilable, RawBuilder } from 'kysely';
import { DossierError } from '../shared/errors.js';
import type { Database } from './schema.js';
import { ContentKeys, TOKEN_MARK } from './sealed.js';
import { normalizeSearchText, searchGrams } from './search/normalize.js';
import { sortKey } from './sortKey.js';

export type Query<R> = Compilable<R> | RawBuilder<R> | CompiledQuery<R>;

const camelNames = new Map<string, string>();
/** The inverse of CamelCasePlugin's snake_case (`file_type_id` → `fileTypeId`), cached per name. */
function camelName(name: string): string {
  let camel = camelNames.get(name);
  if (camel === undefined) {
    camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelNames.set(name, camel);
  }
  return camel;
}

function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) out[camelName(key)] = row[key];
  return out;
}

export class ArchiveDb {
  readonly sqlite: SqliteDatabase;
  /** Query builder; use `all`/`one`/`run` to execute. */
  readonly k: Kysely<Database>;
  /**
   * Schema builder without name mapping, for the frozen migrations: they name tables and
   * columns exactly as SQLite stores them.
   */
  readonly migrationSchema: Kysely<Database>['schema'];
  private readonly statements = new Map<string, Statement>();
  /** The content keys this connection holds: every row read opens the sealed values it can (db/sealed.ts). */
  readonly content: ContentKeys;

  constructor(sqlite: SqliteDatabase, content = new ContentKeys(sqlite)) {
    this.sqlite = sqlite;
    this.content = content;
    const dialect = new SqliteDialect({ database: sqlite });
    // Columns are snake_case in SQL and camelCase in TypeScript: the plugin maps the names
    // in every query it compiles, `camelRow` maps the names of every row read back.
    this.k = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
    this.migrationSchema = new Kysely<Database>({ dialect }).schema;
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private compile<R>(query: Query<R>): CompiledQuery<R> {
    // Raw `sql` fragments need the executor to compile; query builders ignore the argument.
    return 'compile' in query ? (query as RawBuilder<R>).compile(this.k) : query;
  }

  private params(compiled: CompiledQuery<unknown>): unknown[] {
    return compiled.parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p));
  }

  all<R>(query: Query<R>): R[] {
    const compiled = this.compile(query);
    return (this.prepare(compiled.sql).all(...this.params(compiled)) as Record<string, unknown>[]).map((row) => this.content.openRow(camelRow(row))) as R[];
  }

  one<R>(query: Query<R>): R | undefined {
    const compiled = this.compile(query);
    const row = this.prepare(compiled.sql).get(...this.params(compiled)) as Record<string, unknown> | undefined;
    return row ? (this.content.openRow(camelRow(row)) as R) : undefined;
  }

  run(query: Query<unknown>): { changes: number } {
    const compiled = this.compile(query);
    const statement = this.prepare(compiled.sql);
    if (!statement.reader) return statement.run(...this.params(compiled));
    statement.all(...this.params(compiled));
    return { changes: 0 };
  }

  /** One write transaction (BEGIN IMMEDIATE: one writer, no upgrade deadlocks). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}

/**
 * The compiled SQLite addon to load. Unset, better-sqlite3 finds its own build (for Node:
 * tests, CLI, browser mode; inside a package, the one rebuilt for Electron). The Electron
 * launcher of a development checkout points this at a separate Electron-ABI build, so the
 * two builds never overwrite each other.
 */
let nativeBinding: string | undefined;

export function useSqliteNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

export interface OpenOptions {
  create: boolean;
}

/** Opens (or creates) the encrypted database with a raw 256-bit key; never touches plaintext. */
export function openEncryptedDatabase(file: string, dataKey: Buffer, options: OpenOptions): ArchiveDb {
  let sqlite: SqliteDatabase;
  try {
    sqlite = new BetterSqlite3(file, { fileMustExist: !options.create, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    throw new DossierError('archive.corrupt', { detail: (err as Error).message });
  }
  const content = new ContentKeys(sqlite);
  try {
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma('legacy=4');
    sqlite.pragma(`key="x'${dataKey.toString('hex')}'"`);
    // Touching the schema proves the key: a wrong key fails here with SQLITE_NOTADB.
    sqlite.prepare('select count(*) from sqlite_schema').get();
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MiB page cache: building and merging the search index thrashes the 2 MiB default.
    sqlite.pragma('cache_size = -65536');
    // Temporary tables and sort spills stay in memory: nothing unencrypted reaches the disk.
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('secure_delete = ON');
    // The search index is kept by triggers that call these (see migrations/0007_search.ts).
    // Sealed content (机密/绝密) never reaches the main index: it is indexed under its level key (db/levelKeys.ts).
    sqlite.function('dossier_norm', { deterministic: true }, (text: unknown) => (typeof text === 'string' && !text.includes(TOKEN_MARK) ? normalizeSearchText(text) : ''));
    // Re-encrypting a sealed original or a history row must not count as changing it (migration 0020's triggers).
    sqlite.function('dossier_same', { deterministic: false }, (a: unknown, b: unknown) => (content.same(a, b) ? 1 : 0));
    // Sealed text opened inside SQL (the audit log's text filter), with the keys this connection has cached.
    sqlite.function('dossier_open', { deterministic: false }, (text: unknown) => (typeof text === 'string' ? content.open(text) : text));
    // Called on search_docs.text, which dossier_norm has already normalised.
    sqlite.function('dossier_grams', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? searchGrams(text) : ''));
    // The pinyin sort key of names (db/sortKey.ts), kept in columns by triggers (migrations/0011).
    sqlite.function('dossier_sort_key', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? sortKey(text) : ''));
  } catch (err) {
    sqlite.close();
    throw new DossierError('archive.corrupt', { detail: (err as Error).message });
  }
  return new ArchiveDb(sqlite, content);
}
