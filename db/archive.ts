/**
 * An archive is a folder: `archive.json` (format version and key slots, no client data),
 * `archive.db` (SQLCipher-encrypted database) and `blobs/` (encrypted scans, later).
 * `createArchive` and `openArchive` return an ArchiveSession: the archive unlocked for one
 * user, through which every contract operation runs.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { contract, isOperationName } from '../shared/contract.js';
import type { OperationName, OpInput, OpOutput, OpParsedInput, SessionUser } from '../shared/contract.js';
import type { Role } from '../shared/domain/enums.js';
import { roleCan } from '../shared/domain/permissions.js';
import { DossierError } from '../shared/errors.js';
import { MIN_PASSWORD_LENGTH, passwordTooShort } from '../shared/domain/passwords.js';
import { appendAudit } from './audit.js';
import { openEncryptedDatabase } from './connection.js';
import type { ArchiveDb } from './connection.js';
import { BLOB_DIR, DATABASE_FILE, FORMAT_VERSION, readHeader, writeHeader } from './header.js';
import type { ArchiveHeader } from './header.js';
import { burnKdf, DEFAULT_KDF, newDataKey, unwrapDataKey, wrapDataKey } from './keys.js';
import type { KdfCost } from './keys.js';
import { migrate } from './migrate.js';
import type { Migration } from './migrations/index.js';
import { handlers, isServiceOperation, ServiceContext, systemClock } from './services/index.js';
import type { Clock, Handler, StagedHandler } from './services/index.js';
import { writeSettings } from './services/settings.js';
import { findUserById, findUserByName, toSessionUser } from './services/users.js';

export { MIN_PASSWORD_LENGTH };

export interface ArchiveOptions {
  clock?: Clock;
  /** scrypt cost for new key slots; tests lower it, the default targets 0.2-0.5 s. */
  kdfCost?: KdfCost;
  /** The schema to bring the database to; only tests of old archives pass fewer. */
  migrations?: readonly Migration[];
}

export interface FirstAdmin {
  username: string;
  displayName: string;
  password: string;
  department?: string;
}

export function archiveExists(dir: string): boolean {
  return existsSync(path.join(dir, 'archive.json'));
}

function checkPassword(password: string): void {
  if (passwordTooShort(password)) throw new DossierError('auth.weakPassword', { min: MIN_PASSWORD_LENGTH });
}

function formatIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Parses an operation's input against the contract, as a translated validation error. */
export function parseInput<N extends OperationName>(operation: N, input: unknown): OpParsedInput<N> {
  const parsed = contract[operation].input.safeParse(input ?? {});
  if (!parsed.success) throw new DossierError('validation', { detail: formatIssues(parsed.error) });
  return parsed.data as OpParsedInput<N>;
}

export class ArchiveSession {
  private closed = false;

  constructor(
    readonly dir: string,
    private header: ArchiveHeader,
    private readonly dataKey: Buffer,
    readonly db: ArchiveDb,
    readonly user: SessionUser,
    private readonly options: { clock: Clock; kdfCost: KdfCost },
  ) {}

  get archiveId(): string {
    return this.header.archiveId;
  }

  /** The same session seen through another clock (demo data and tests of overdue loans). */
  withClock(clock: Clock): ArchiveSession {
    return new ArchiveSession(this.dir, this.header, this.dataKey, this.db, this.user, { ...this.options, clock });
  }

  private context(): ServiceContext {
    if (this.closed) throw new DossierError('archive.locked');
    return new ServiceContext(this.db, this.user, this.options.clock);
  }

  private require(operation: OperationName): void {
    const { capability } = contract[operation];
    if (!roleCan(this.user.role, capability)) throw new DossierError('auth.forbidden', { capability });
  }

  /** Runs one contract operation as this session's user: validate, authorise, execute, audit. */
  async call<N extends OperationName>(operation: N, input?: OpInput<N>): Promise<OpOutput<N>> {
    return this.invoke(operation, input) as Promise<OpOutput<N>>;
  }

  async invoke(operation: string, rawInput: unknown): Promise<unknown> {
    if (!isOperationName(operation)) throw new DossierError('transport.unknownOperation', { operation });
    const input = parseInput(operation, rawInput);
    this.require(operation);
    if (operation === 'users.create') return this.createUser(input as never);
    if (operation === 'session.changePassword') return this.changePassword(input as never);
    if (!isServiceOperation(operation)) throw new DossierError('transport.unknownOperation', { operation });
    const entry = handlers[operation] as Handler<typeof operation> | StagedHandler<typeof operation, unknown, unknown>;
    const { prepare, run, finish } = 'staged' in entry ? entry : { prepare: undefined, run: entry, finish: undefined };
    // Asynchronous work (parsing, writing spreadsheets) stays outside the transaction.
    const prepared = prepare ? await prepare(input as never) : undefined;
    const ctx = this.context();
    const definition = contract[operation];
    const result = definition.write
      ? this.db.transaction(() => this.auditedWrite(definition.write === 'bulk', () => run(ctx, input as never, prepared)))
      : run(ctx, input as never, prepared);
    return definition.output.parse(finish ? await finish(result as never) : result);
  }

  private lastAuditSeq(): number {
    return this.db.one(this.db.k.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')))?.seq ?? 0;
  }

  /** Guards the audit rule: a write that did not log itself (exactly once, unless bulk) is rolled back. */
  private auditedWrite<T>(bulk: boolean, fn: () => T): T {
    const before = this.lastAuditSeq();
    const result = fn();
    const added = this.lastAuditSeq() - before;
    if (bulk ? added < 1 : added !== 1) throw new DossierError('internal', {}, `write left ${added} audit rows`);
    return result;
  }

  private async createUser(input: OpInput<'users.create'> & { role: Role }): Promise<SessionUser> {
    const ctx = this.context();
    checkPassword(input.password);
    if (findUserByName(this.db, input.username)) throw new DossierError('user.duplicate', { username: input.username });
    const id = randomUUID();
    const slot = await wrapDataKey(this.dataKey, input.password, { archiveId: this.archiveId, userId: id, username: input.username }, this.options.kdfCost);
    const row = {
      id,
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      department: input.department ?? '',
      clearance: input.clearance ?? 'normal',
      active: 1,
      created_at: ctx.now().toISOString(),
    };
    // The slot goes into the header first; if the database write fails it is taken out again.
    const previous = this.header;
    this.header = { ...previous, slots: [...previous.slots, slot] };
    writeHeader(this.dir, this.header);
    try {
      this.db.transaction(() => {
        this.db.run(this.db.k.insertInto('users').values(row));
        ctx.audit({ action: 'users.create', targetType: 'user', targetId: id, targetLabel: row.username, details: { role: row.role, department: row.department, clearance: row.clearance } });
      });
    } catch (err) {
      this.header = previous;
      writeHeader(this.dir, previous);
      if (err instanceof Error && /UNIQUE/.test(err.message)) throw new DossierError('user.duplicate', { username: input.username });
      throw err;
    }
    return toSessionUser(row);
  }

  /** Rewraps this user's slot only; the database is never re-encrypted for a password change. */
  private async changePassword(input: { currentPassword: string; newPassword: string }): Promise<{ ok: true }> {
    const ctx = this.context();
    const index = this.header.slots.findIndex((s) => s.userId === this.user.id);
    const slot = this.header.slots[index];
    if (!slot || !(await unwrapDataKey(slot, input.currentPassword, this.archiveId))) throw new DossierError('auth.wrongPassword');
    checkPassword(input.newPassword);
    const next = await wrapDataKey(this.dataKey, input.newPassword, { archiveId: this.archiveId, userId: this.user.id, username: this.user.username }, this.options.kdfCost);
    this.db.transaction(() => {
      ctx.audit({ action: 'session.changePassword', targetType: 'user', targetId: this.user.id, targetLabel: this.user.username });
      const slots = [...this.header.slots];
      slots[index] = next;
      // Written inside the transaction: if the header cannot be written, the audit row rolls back.
      writeHeader(this.dir, { ...this.header, slots });
      this.header = { ...this.header, slots };
    });
    return { ok: true };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.dataKey.fill(0);
  }
}

export async function createArchive(dir: string, admin: FirstAdmin & { archiveName?: string }, options: ArchiveOptions = {}): Promise<ArchiveSession> {
  const clock = options.clock ?? systemClock;
  const kdfCost = options.kdfCost ?? DEFAULT_KDF;
  if (archiveExists(dir)) throw new DossierError('archive.exists', { dir });
  const existing = existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
  if (existing.includes(DATABASE_FILE)) throw new DossierError('archive.exists', { dir });
  checkPassword(admin.password);
  const adminInput = parseInput('archive.create', { archiveName: admin.archiveName ?? 'Dossier', admin }).admin;

  mkdirSync(path.join(dir, BLOB_DIR), { recursive: true, mode: 0o700 });
  const archiveId = randomUUID();
  const userId = randomUUID();
  const dataKey = newDataKey();
  const dbFile = path.join(dir, DATABASE_FILE);
  let db: ArchiveDb | undefined;
  try {
    db = openEncryptedDatabase(dbFile, dataKey, { create: true });
    migrate(db, clock, options.migrations);
    const openedDb = db;
    const row = {
      id: userId,
      username: adminInput.username,
      display_name: adminInput.displayName,
      role: 'admin' as const,
      department: adminInput.department ?? '',
      clearance: 'top_secret' as const,
      active: 1,
      created_at: clock().toISOString(),
    };
    openedDb.transaction(() => {
      openedDb.run(openedDb.k.insertInto('users').values(row));
      writeSettings(openedDb, { archiveName: admin.archiveName ?? 'Dossier' });
      appendAudit(openedDb, { id: userId, username: row.username }, clock(), {
        action: 'archive.create',
        targetType: 'archive',
        targetId: archiveId,
        targetLabel: admin.archiveName ?? null,
        details: { formatVersion: FORMAT_VERSION },
      });
    });
    const slot = await wrapDataKey(dataKey, admin.password, { archiveId, userId, username: row.username }, kdfCost);
    const header: ArchiveHeader = {
      format: 'dossier-archive',
      formatVersion: FORMAT_VERSION,
      archiveId,
      createdAt: clock().toISOString(),
      cipher: 'sqlcipher',
      slots: [slot],
    };
    // The header is written last: until it exists there is no archive, only debris to clean up.
    writeHeader(dir, header);
    return new ArchiveSession(dir, header, dataKey, openedDb, toSessionUser(row), { clock, kdfCost });
  } catch (err) {
    db?.close();
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) rmSync(path.join(dir, file), { force: true });
    throw err;
  }
}

export async function openArchive(dir: string, username: string, password: string, options: ArchiveOptions = {}): Promise<ArchiveSession> {
  const clock = options.clock ?? systemClock;
  const header = readHeader(dir);
  const wanted = username.trim().toLowerCase();
  const slot = header.slots.find((s) => s.username.toLowerCase() === wanted);
  if (!slot) {
    await burnKdf(header.slots[0]?.kdf ?? DEFAULT_KDF);
    throw new DossierError('auth.wrongPassword');
  }
  const dataKey = await unwrapDataKey(slot, password, header.archiveId);
  if (!dataKey) throw new DossierError('auth.wrongPassword');
  const db = openEncryptedDatabase(path.join(dir, DATABASE_FILE), dataKey, { create: false });
  try {
    migrate(db, clock, options.migrations);
    const row = findUserById(db, slot.userId);
    if (!row) throw new DossierError('auth.wrongPassword');
    if (row.active !== 1) throw new DossierError('auth.userDisabled');
    const user = toSessionUser(row);
    db.transaction(() =>
      appendAudit(db, { id: user.id, username: user.username }, clock(), { action: 'session.unlock', targetType: 'user', targetId: user.id, targetLabel: user.username }),
    );
    return new ArchiveSession(dir, header, dataKey, db, user, { clock, kdfCost: options.kdfCost ?? DEFAULT_KDF });
  } catch (err) {
    db.close();
    throw err;
  }
}
