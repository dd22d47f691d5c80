/**
 * An archive is a folder: `archive.json` (format version and key slots, no client data),
 * `archive.db` (SQLCipher-encrypted database) and `blobs/` (encrypted scans, later).
 * `createArchive` and `openArchive` return an ArchiveSession: the archive unlocked for one
 * user, through which every contract operation runs.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { contract, isOperationName } from '../shared/contract.js';
import type { AuditAction, KeyOperation, OperationDefinition, OperationName, OpInput, OpOutput, OpParsedInput, SessionOperation, SessionUser } from '../shared/contract.js';
import { accessRefusal } from '../shared/ops/kit.js';
import { grantsWiden } from '../shared/domain/permissions.js';
import { DossierError } from '../shared/errors.js';
import { appendAudit } from './audit.js';
import { openEncryptedDatabase } from './connection.js';
import type { ArchiveDb } from './connection.js';
import { BLOB_DIR, DATABASE_FILE, FORMAT_VERSION, readHeader, writeHeader } from './header.js';
import type { ArchiveHeader } from './header.js';
import { burnKdf, DEFAULT_KDF, newDataKey, unwrapDataKey, usernameKey, wrapDataKey } from './keys.js';
import type { KdfCost } from './keys.js';
import { auditedWrite } from './auditRule.js';
import { acquireArchiveLock } from './lock.js';
import type { FailedSignIn } from './throttle.js';
import { writeGate } from './writeGate.js';
import { auditViews, needsViewAudit } from './views.js';
import { runTask } from './workers/pool.js';
import { migrate } from './migrate.js';
import type { Migration } from './migrations/index.js';
import { OperationContext, systemClock } from './context.js';
import type { Clock, SessionJobs } from './context.js';
import { handlers } from './handlers/index.js';
import { DIRECT_CALL } from './handlers/kit.js';
import type { Handler, JobControl, KeyHandler, KeyRing, StagedHandler } from './handlers/kit.js';
import { JobBoard } from './jobs.js';
import { loadTarget } from './records/targets.js';
import { writeSettings } from './records/settings.js';
import { checkNewPassword, findUserById, toSessionUser } from './records/users.js';

export interface ArchiveOptions {
  clock?: Clock;
  /** Who holds the archive's lock while it is open, as other programs are told (e.g. "Dossier"). */
  program?: string;
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

function formatIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Parses an operation's input against the contract, as a translated validation error. */
/** SQLite gave up waiting for another connection's write: the user gets a translated "busy, try again". */
function busyAsTranslated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DossierError('archive.busy');
    throw err;
  }
}

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
    private readonly options: { clock: Clock; kdfCost: KdfCost; releaseLock: () => void },
  ) {
    this.jobs = new JobBoard(user.username, options.clock);
  }

  get archiveId(): string {
    return this.header.archiveId;
  }

  /** The same session seen through another clock (demo data and tests of overdue loans). */
  withClock(clock: Clock): ArchiveSession {
    return new ArchiveSession(this.dir, this.header, this.dataKey, this.db, this.user, { ...this.options, clock });
  }

  private context(grantsApply = false): OperationContext {
    if (this.closed) throw new DossierError('archive.locked');
    return new OperationContext(this.db, this.user, this.options.clock, this.sessionJobs, grantsApply);
  }

  /** The session's background jobs; they end with the session. */
  readonly jobs: JobBoard;

  private readonly sessionJobs: SessionJobs = {
    start: (operation, input) => this.jobs.start(operation, this.begin(operation, input)),
    list: () => this.jobs.list(),
    get: (id) => this.jobs.get(id),
    cancel: (id) => this.jobs.cancel(id),
  };

  /** The capability and the operation's policy, checked before anything runs. */
  private authorize<N extends OperationName>(operation: N, ctx: OperationContext, input: OpParsedInput<N>): void {
    const definition = contract[operation] as OperationDefinition;
    const target = definition.target ? loadTarget(ctx, definition.target, input) : null;
    const refusal = accessRefusal(definition, this.user, input, target);
    if (refusal) throw new DossierError(refusal.code, refusal.params ?? {});
  }

  /** Runs one contract operation as this session's user: validate, authorise, execute, audit. */
  async call<N extends OperationName>(operation: N, input?: OpInput<N>): Promise<OpOutput<N>> {
    return this.invoke(operation, input) as Promise<OpOutput<N>>;
  }

  async invoke(operation: string, rawInput: unknown): Promise<unknown> {
    return this.begin(operation, rawInput)(DIRECT_CALL);
  }

  /**
   * Validates and authorises a call at once (throwing its refusal), and returns the work:
   * run directly, or by a job with its cancel signal and progress.
   */
  private begin(operation: string, rawInput: unknown): (control: JobControl) => Promise<unknown> {
    if (!isOperationName(operation)) throw new DossierError('transport.unknownOperation', { operation });
    const definition = contract[operation];
    // Public operations belong to the archive host: a session never runs them.
    if (definition.access === 'public') throw new DossierError('transport.unknownOperation', { operation });
    const input = parseInput(operation, rawInput);
    const ctx = this.context(grantsWiden(definition.capability));
    this.authorize(operation, ctx, input);
    if (definition.access === 'keys') {
      const keyHandler = handlers[operation as KeyOperation] as KeyHandler<KeyOperation>;
      return async () => definition.output.parse(await keyHandler(ctx, this.keyRing(), input as never));
    }
    const entry = handlers[operation as SessionOperation] as Handler<SessionOperation> | StagedHandler<SessionOperation, unknown, unknown>;
    const { prepare, prepareInWorker, run, finish } = 'staged' in entry ? entry : { prepare: undefined, prepareInWorker: undefined, run: entry, finish: undefined };
    const inWorker = 'staged' in entry && entry.inWorker === true;
    return async (control) => {
      // Asynchronous work (parsing, building files) stays outside the transaction.
      const prepared = prepare ? await prepare(ctx, input as never, control) : undefined;
      control.checkCancelled();
      if (this.closed) throw new DossierError('archive.locked');
      let result: unknown;
      if (inWorker) {
        const work = () => this.runInWorker(operation as SessionOperation, input, prepared, definition.write, control);
        result = definition.write ? await writeGate(this.dir).exclusive(work) : await work();
      } else {
        const ready = prepareInWorker ? await prepareInWorker(prepared, input as never, control) : prepared;
        if (definition.write) await writeGate(this.dir).idle();
        result = definition.write
          ? busyAsTranslated(() => this.db.transaction(() => auditedWrite(this.db, definition.write === 'bulk', () => run(ctx, input as never, ready, control))))
          : run(ctx, input as never, ready, control);
      }
      const output = definition.output.parse(finish ? await finish(result as never, control) : result);
      await this.recordViews(ctx, definition as OperationDefinition, output);
      return output;
    };
  }

  private async recordViews(ctx: OperationContext, definition: OperationDefinition, output: unknown): Promise<void> {
    if (!definition.view || definition.write) return;
    const files = definition.view.files(output);
    if (!needsViewAudit(files)) return;
    await writeGate(this.dir).idle();
    const action = definition.view.action as AuditAction;
    busyAsTranslated(() => this.db.transaction(() => auditViews(ctx, action, files)));
  }

  /** The operation's transaction on a worker thread's own connection (see db/workers/operation.ts). */
  private runInWorker(operation: SessionOperation, input: unknown, prepared: unknown, write: boolean | 'bulk', control: JobControl): Promise<unknown> {
    return runTask(
      'operation.run',
      {
        operation,
        input,
        prepared,
        write,
        dbFile: path.join(this.dir, DATABASE_FILE),
        key: new Uint8Array(this.dataKey),
        user: this.user,
        now: this.options.clock().toISOString(),
      },
      { signal: control.signal, cooperative: true, onProgress: (phase, done, total) => control.progress(phase as never, done, total) },
    );
  }

  /** How many failed sign-ins were recorded between this user's previous sign-in and this one. */
  failedSignInsSincePreviousUnlock(): number {
    const [current, previous] = this.db.all(
      sql<{ seq: number }>`select seq from audit_log where action = 'session.unlock' and user_id = ${this.user.id} order by seq desc limit 2`,
    );
    const row = this.db.one(
      sql<{ n: number }>`select coalesce(sum(json_extract(details, '$.count')), 0) as n from audit_log
        where action = 'session.unlockFailed' and seq > ${previous?.seq ?? 0} and seq < ${current?.seq ?? 0}`,
    );
    return row?.n ?? 0;
  }

  /** The key slots as the `keys` operations see them. */
  private keyRing(): KeyRing {
    return {
      opensOwnSlot: async (password) => {
        const slot = this.header.slots.find((s) => s.userId === this.user.id);
        return Boolean(slot && (await unwrapDataKey(slot, password, this.archiveId)));
      },
      wrap: (user, password) => wrapDataKey(this.dataKey, password, { archiveId: this.archiveId, userId: user.id, username: user.username }, this.options.kdfCost),
      putSlot: (slot, write) => this.rewriteSlots((slots) => [...slots.filter((s) => s.userId !== slot.userId), slot], write),
      dropSlot: (userId, write) => this.rewriteSlots((slots) => slots.filter((s) => s.userId !== userId), write),
    };
  }
  private rewriteSlots(change: (slots: ArchiveHeader['slots']) => ArchiveHeader['slots'], write: () => void): void {
    const current = readHeader(this.dir);
    const next = { ...current, slots: change(current.slots) };
    this.db.transaction(() =>
      auditedWrite(this.db, false, () => {
        write();
        writeHeader(this.dir, next);
      }),
    );
    this.header = next;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.jobs.cancelAll();
    this.db.close();
    this.options.releaseLock();
    this.dataKey.fill(0);
  }
}

/** Parents, folders and files of an archive are the owner's alone. */
function ownerOnly(dir: string): void {
  if (process.platform === 'win32') return;
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    chmodSync(full, statSync(full).isDirectory() ? 0o700 : 0o600);
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const STAGING = /^\..+\.creating-[0-9a-f-]{36}$/;

/** Leftovers of creations that were interrupted (killed, power cut) beside `dir`, by processes no longer running. */
function removeInterruptedCreations(dir: string): void {
  const parent = path.dirname(path.resolve(dir));
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    if (!STAGING.test(name) || !name.startsWith(`.${path.basename(path.resolve(dir))}.`)) continue;
    const staging = path.join(parent, name);
    try {
      acquireArchiveLock(staging, 'Dossier')();
    } catch {
      continue; // still being created by a running process
    }
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Builds the archive in a hidden folder beside `dir` and renames it into place when it is
 * complete, so an interrupted creation leaves no half archive at `dir`, only a staging folder
 * that the next creation removes.
 */
export async function createArchive(dir: string, admin: FirstAdmin & { archiveName?: string }, options: ArchiveOptions = {}): Promise<ArchiveSession> {
  const clock = options.clock ?? systemClock;
  const kdfCost = options.kdfCost ?? DEFAULT_KDF;
  const target = path.resolve(dir);
  if (archiveExists(target)) throw new DossierError('archive.exists', { dir });
  const existing = existsSync(target) ? readdirSync(target) : [];
  if (existing.length > 0) throw new DossierError('archive.folderNotEmpty', { dir });
  checkNewPassword(admin.password, admin.username);
  const adminInput = parseInput('archive.create', { archiveName: admin.archiveName ?? 'Dossier', admin }).admin;
  removeInterruptedCreations(target);

  const archiveId = randomUUID();
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.creating-${archiveId}`);
  mkdirSync(path.join(staging, BLOB_DIR), { recursive: true, mode: 0o700 });
  const releaseStaging = acquireArchiveLock(staging, options.program ?? 'Dossier', clock());
  const userId = randomUUID();
  const dataKey = newDataKey();
  let db: ArchiveDb | undefined;
  try {
    // Created owner-only before SQLite opens it: its -wal and -shm files take the same mode.
    closeSync(openSync(path.join(staging, DATABASE_FILE), 'a', 0o600));
    db = openEncryptedDatabase(path.join(staging, DATABASE_FILE), dataKey, { create: true });
    migrate(db, clock, options.migrations);
    const openedDb = db;
    const row = {
      id: userId,
      username: adminInput.username,
      displayName: adminInput.displayName,
      role: 'admin' as const,
      department: adminInput.department ?? '',
      clearance: 'top_secret' as const,
      active: 1,
      createdAt: clock().toISOString(),
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
    writeHeader(staging, header);
    db.close();
    db = undefined;
    releaseStaging();
    ownerOnly(staging);
    if (existsSync(target)) rmdirSync(target);
    renameSync(staging, target);
    fsyncDir(path.dirname(target));
  } catch (err) {
    db?.close();
    releaseStaging();
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return openWithKey(target, dataKey, userId, options);
}

/** Opens the archive with a data key already unwrapped: takes the lock, migrates, audits the sign-in unless `audit` is false. */
async function openWithKey(dir: string, dataKey: Buffer, userId: string, options: ArchiveOptions, audit = false, failures: readonly FailedSignIn[] = []): Promise<ArchiveSession> {
  const clock = options.clock ?? systemClock;
  const releaseLock = acquireArchiveLock(dir, options.program ?? 'Dossier', clock());
  let db: ArchiveDb | undefined;
  try {
    const header = readHeader(dir);
    ownerOnly(dir);
    db = openEncryptedDatabase(path.join(dir, DATABASE_FILE), dataKey, { create: false });
    migrate(db, clock, options.migrations);
    const row = findUserById(db, userId);
    if (!row) throw new DossierError('auth.wrongPassword');
    if (row.active !== 1 || row.removedAt) throw new DossierError('auth.userDisabled');
    const user = toSessionUser(row);
    const opened = db;
    if (audit) {
      opened.transaction(() => {
        // Failures the host held while the archive was locked (no key to write them) come first.
        for (const f of failures) {
          appendAudit(opened, { id: null, username: f.username }, clock(), {
            action: 'session.unlockFailed',
            targetType: 'user',
            targetId: null,
            targetLabel: f.username,
            details: { source: f.source, count: f.count, firstAt: f.firstAt, lastAt: f.lastAt },
          });
        }
        appendAudit(opened, { id: user.id, username: user.username }, clock(), { action: 'session.unlock', targetType: 'user', targetId: user.id, targetLabel: user.username });
      });
    }
    return new ArchiveSession(dir, header, dataKey, opened, user, { clock, kdfCost: options.kdfCost ?? DEFAULT_KDF, releaseLock });
  } catch (err) {
    db?.close();
    releaseLock();
    throw err;
  }
}

/** Opens the archive as `username`; `failures` are failed sign-ins to audit along with this one. */
export async function openArchive(dir: string, username: string, password: string, options: ArchiveOptions = {}, failures: readonly FailedSignIn[] = []): Promise<ArchiveSession> {
  const header = readHeader(dir);
  const wanted = usernameKey(username);
  // Old archives may hold two names equal under case folding: each opens with its own password only.
  const candidates = header.slots.filter((s) => usernameKey(s.username) === wanted);
  if (candidates.length === 0) {
    await burnKdf();
    throw new DossierError('auth.wrongPassword');
  }
  for (const slot of candidates) {
    const dataKey = await unwrapDataKey(slot, password, header.archiveId);
    if (dataKey) return openWithKey(dir, dataKey, slot.userId, options, true, failures);
  }
  throw new DossierError('auth.wrongPassword');
}
