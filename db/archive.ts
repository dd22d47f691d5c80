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
import { accessRefusal, DATE_ISSUES } from '../shared/ops/kit.js';
import { grantsWiden } from '../shared/domain/permissions.js';
import { DossierError } from '../shared/errors.js';
import { appendAudit } from './audit.js';
import { anchorDir, readRememberedAnchor, rememberAnchor } from './anchors.js';
import { openEncryptedDatabase } from './connection.js';
import type { ArchiveDb } from './connection.js';
import { BLOB_DIR, commitPendingHeader, DATABASE_FILE, discardPendingHeader, FORMAT_VERSION, PENDING_HEADER_FILE, readHeader, readPendingHeader, writeHeader } from './header.js';
import type { ArchiveHeader } from './header.js';
import {
  burnKdf,
  DEFAULT_KDF,
  isLegacySlot,
  publicOfSigningSeed,
  newUserSecrets,
  openLegacySlot,
  openSlot,
  openSlotKey,
  parseRecoveryKey,
  usernameKey,
  writeLegacySlot,
  writeSlot,
} from './keys.js';
import type { KdfCost, KeySlot, UserSecrets } from './keys.js';
import {
  authorityReport,
  authorityStored,
  compareWithRows,
  currentAuthorityKey,
  documentFromRows,
  loadAuthority,
  repairRows,
  sameBody,
  storeAuthority,
  verifiedSigningKeys,
} from './authority.js';
import type { AuthorityReport } from './authority.js';
import {
  establishAuthority,
  newArchiveKeys,
  openRecovery,
  planRekey,
  reconcileSlots,
  recoverAdmin,
  recoveryEnvelope,
  recoveryWithLevelKeys,
  registerLegacyUser,
  setUserKeys,
  signerOf,
  trustsHeader,
  upgradeArchive,
} from './keyring.js';
import type { LevelKeys, SessionKeys, Signer } from './keyring.js';
import { auditedWrite } from './auditRule.js';
import { localDate } from '../shared/domain/dates.js';
import { clearanceAllows } from '../shared/domain/permissions.js';
import {
  attachLevelIndexes,
  detachLevelIndexes,
  flushSealedIndex,
  introduceLevelKeys,
  secureDeleteIndexes,
  levelIndexFile,
  levelKeysStored,
  storeLevelKeys,
  verifiedLevelKeys,
} from './levelKeys.js';
import { levelKeyName, SEALED_LEVELS, unwrapFileKey, wrapFileKey } from './sealed.js';
import type { SealedLevel } from './sealed.js';
import { acquireArchiveLock } from './lock.js';
import type { FailedSignIn } from './throttle.js';
import { writeGate } from './writeGate.js';
import { auditViews, needsViewAudit } from './views.js';
import { closeBlobStore, openBlobStore } from './blobs/store.js';
import { rewrapBlobKeys } from './blobs/keys.js';
import { moveStrayScans } from './blobs/scopes.js';
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
import { readSettings, writeSettings } from './records/settings.js';
import { checkNewPassword, findUserById, toSessionUser } from './records/users.js';

export interface ArchiveOptions {
  clock?: Clock;
  /** Who holds the archive's lock while it is open, as other programs are told (e.g. "Dossier"). */
  program?: string;
  /** scrypt cost for new key slots; tests lower it, the default targets 0.2-0.5 s. */
  kdfCost?: KdfCost;
  /** The schema to bring the database to; only tests of old archives pass fewer. */
  migrations?: readonly Migration[];
  /** Where the audit anchors are remembered (default: DOSSIER_ANCHOR_DIR, else the user's Dossier folder). */
  anchorDir?: string;
  /** Tests only: called at each step of a rekey, to stop it there as a crash would. */
  rekeyStep?: (step: RekeyStep) => void;
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
  if (!parsed.success) {
    // A bad date says which value was wrong and how to write it, in the user's language.
    const date = parsed.error.issues.find((i) => DATE_ISSUES.includes(i.message));
    if (date) throw new DossierError('date.invalid', { value: String(date.path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key], input)) });
    throw new DossierError('validation', { detail: formatIssues(parsed.error) });
  }
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
    private readonly options: { clock: Clock; kdfCost: KdfCost; releaseLock: () => void; anchorDir?: string; keys: SessionKeys; rekeyStep?: (step: RekeyStep) => void },
  ) {
    this.jobs = new JobBoard(user.username, options.clock);
    this.signer = options.keys.secrets ? signerOf(user.id, options.keys.secrets) : null;
  }

  /** The signed-in user's Ed25519 key for signing audit entries; null in a format-1 archive not yet migrated. */
  readonly signer: Signer | null;

  /** Set once, on the session `createArchive` returns: shown to the administrator, never stored. */
  recoveryKey: string | null = null;

  private get keys(): SessionKeys {
    return this.options.keys;
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
    const ctx = new OperationContext(this.db, this.user, this.options.clock, this.sessionJobs, grantsApply);
    ctx.signer = this.signer;
    ctx.chain = {
      remembered: () => readRememberedAnchor(anchorDir(this.options.anchorDir), this.archiveId),
      // The header's authority key was checked against the user's pinned key at unlock.
      signingKeys: () => (this.header.authority ? verifiedSigningKeys(this.db, this.archiveId, currentAuthorityKey(this.header.authority)) : null),
      authority: () => this.authorityReport(),
    };
    return ctx;
  }

  /** Brings the level indexes up to date after a write; a committed write never fails for it (the marks stay for the next flush). */
  flushSealedIndex(): void {
    try {
      busyAsTranslated(() => flushSealedIndex(this.db));
    } catch {
      // see above
    }
  }

  /**
   * Remembers the chain's head outside the archive after a write. A folder that cannot be
   * written (a read-only profile) must not fail a write already committed; verification then
   * says that no anchor is remembered.
   */
  rememberAnchor(): void {
    try {
      rememberAnchor(anchorDir(this.options.anchorDir), this.archiveId, this.db, this.options.clock());
    } catch {
      // see above
    }
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
          ? busyAsTranslated(() => this.signedWrite(() => auditedWrite(this.db, definition.write === 'bulk', () => run(ctx, input as never, ready, control))))
          : run(ctx, input as never, ready, control);
      }
      if (definition.write) {
        this.flushSealedIndex();
        this.rememberAnchor();
      }
      const output = definition.output.parse(finish ? await finish(result as never, control) : result);
      await this.recordViews(ctx, definition as OperationDefinition, output);
      return output;
    };
  }

  /** A read that showed a 机密/绝密 file is audited before its output leaves the engine (see db/views.ts). */
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
        archiveId: this.archiveId,
        levelKeys: [...this.db.content.levelKeys()].map(([level, key]) => ({ level, key: new Uint8Array(key) })),
        fileKeys: this.db.content.cachedKeys().map(({ id, key }) => ({ id, key: new Uint8Array(key) })),
        user: this.user,
        now: this.options.clock().toISOString(),
        signing: this.keys.secrets ? { keyId: this.keys.secrets.signing.publicKey.toString('base64'), seed: new Uint8Array(this.keys.secrets.signing.privateKey) } : null,
      },
      { signal: control.signal, cooperative: true, onProgress: (phase, done, total) => control.progress(phase as never, done, total) },
    );
  }

  /** The signed authority as verification reports it (null for a format-1 archive not yet migrated). */
  authorityReport(): AuthorityReport | null {
    const secrets = this.keys.secrets;
    if (!this.header.authority || !secrets) return null;
    return authorityReport(this.db, this.archiveId, readHeader(this.dir).authority ?? this.header.authority, secrets.pinnedAuthority);
  }

  /** How many times authority was found changed outside the engine (and put back) since this user's previous sign-in, this one included. */
  authorityProblemsSincePreviousUnlock(): number {
    const [, previous] = this.db.all(sql<{ seq: number }>`select seq from audit_log where action = 'session.unlock' and user_id = ${this.user.id} order by seq desc limit 2`);
    return this.db.one(sql<{ n: number }>`select count(*) as n from audit_log where action = 'authority.tampered' and seq > ${previous?.seq ?? 0}`)?.n ?? 0;
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
        if (!slot) return false;
        return Boolean(isLegacySlot(slot) ? await openLegacySlot(slot, password, this.archiveId) : await openSlot(slot, password, this.archiveId));
      },
      wrap: (user, password) => this.wrap(user, password),
      putSlot: (slot, write) =>
        this.rewriteSlots(
          (slots) => [...slots.filter((s) => s.userId !== slot.userId), slot],
          () => {
            write();
            if (!isLegacySlot(slot)) setUserKeys(this.db, slot.userId, slot, this.options.clock());
          },
        ),
      dropSlot: (userId, write) => this.rewriteSlots((slots) => slots.filter((s) => s.userId !== userId), write),
    };
  }

  /** The one place key slots change: the header and the rows that go with it, in one transaction. */
  private rewriteSlots(change: (slots: ArchiveHeader['slots']) => ArchiveHeader['slots'], write: () => void): void {
    // Re-read: another session on this archive may have added a slot since this one opened.
    const current = readHeader(this.dir);
    const next = { ...current, slots: change(current.slots) };
    this.signedWrite(() => auditedWrite(this.db, false, write), next);
    this.rememberAnchor();
  }

  /**
   * A new envelope. The signed-in user's own (a password change) keeps their key pairs and
   * sealed keys; another user's (created, password reset) gets new key pairs and the data key,
   * the authority key following at the signing if they are an administrator.
   */
  private async wrap(user: { id: string; username: string }, password: string): Promise<KeySlot> {
    const owner = { archiveId: this.archiveId, userId: user.id, username: user.username };
    const secrets = this.keys.secrets;
    if (!this.header.authority || !secrets) {
      if (user.id !== this.user.id && this.keys.signed === null && this.header.authority) throw new DossierError('auth.forbidden');
      // Format 1 until an administrator migrates it: slots as that format writes them.
      return writeLegacySlot(this.keys.dataKey, password, owner, this.options.kdfCost) as unknown as KeySlot;
    }
    if (user.id === this.user.id) {
      const own = this.header.slots.find((s) => s.userId === user.id);
      const slot = await writeSlot(owner, secrets, password, {}, this.options.kdfCost);
      return { ...slot, sealed: own && !isLegacySlot(own) ? own.sealed : slot.sealed };
    }
    return writeSlot(owner, newUserSecrets(currentAuthorityKey(this.header.authority)), password, { data: this.keys.dataKey }, this.options.kdfCost);
  }

  /**
   * A write transaction under signed authority. Rows found changed behind the engine's back
   * are put back first (and reported); if the write changed authority, an administrator's
   * session signs the new document and brings the envelopes in line, in the same transaction;
   * anyone else's write that changed it is refused.
   */
  private signedWrite<T>(fn: () => T, header?: ArchiveHeader): T {
    const { signed, authoritySeed, dataKey } = this.keys;
    if (!signed || !this.header.authority) {
      return this.db.transaction(() => {
        const result = fn();
        if (header) writeHeader(this.dir, header);
        if (header) this.header = header;
        return result;
      });
    }
    const at = this.options.clock();
    const authorityKey = currentAuthorityKey(this.header.authority);
    let nextSigned = signed;
    let nextHeader = header ?? null;
    const result = this.db.transaction(() => {
      // Another session may have signed a newer document since this one opened; an older or unsigned one is not taken.
      const stored = loadAuthority(this.db, this.archiveId, authorityKey);
      const base = typeof stored !== 'string' && stored.seq >= signed.seq ? stored : signed;
      nextSigned = base;
      const before = compareWithRows(base, documentFromRows(this.db, this.archiveId, base.seq));
      if (before.differences.length) repairRows(this.db, base, before.differences, { id: this.user.id, username: this.user.username, signer: this.signer }, at);
      const value = fn();
      const rows = documentFromRows(this.db, this.archiveId, base.seq + 1);
      if (!sameBody(rows, base)) {
        if (!authoritySeed) throw new DossierError('auth.forbidden');
        storeAuthority(this.db, rows, authoritySeed, authorityKey, this.user.id, at);
        nextSigned = rows;
        nextHeader = reconcileSlots(nextHeader ?? readHeader(this.dir), rows, dataKey, authoritySeed, this.keys.levelKeys);
      }
      // Written inside the transaction: if the header cannot be written, the rows roll back.
      if (nextHeader) writeHeader(this.dir, nextHeader);
      return value;
    });
    this.options.keys = { ...this.keys, signed: nextSigned };
    if (nextHeader) this.header = nextHeader;
    return result;
  }

  /**
   * `dossier rekey`: a new data key for the database (SQLCipher rekey), a new authority key
   * signed by the old one, every envelope resealed from the signed public keys, a new
   * recovery key (returned, shown once). Crash-safe: the new header is written beside the old
   * one first; the database's key change is one SQLite transaction; the next unlock finishes
   * or discards the pending header by which key opens the database. The session ends.
   */
  async rekey(onStep?: (step: RekeyStep) => void): Promise<{ recoveryKey: string }> {
    const { signed, authoritySeed } = this.keys;
    if (!signed || !authoritySeed || this.user.role !== 'admin') throw new DossierError('auth.forbidden');
    this.jobs.cancelAll();
    await writeGate(this.dir).idle();
    const at = this.options.clock();
    const current = readHeader(this.dir);
    const rows = documentFromRows(this.db, this.archiveId, signed.seq);
    if (!sameBody(rows, signed)) throw new DossierError('auth.authorityInvalid');
    // Every file key is rewrapped under the new level keys: the rekeying administrator must hold every level key.
    const withLevels = levelKeysStored(this.db) && this.db.one(sql<{ n: number }>`select count(*) as n from level_keys`)!.n > 0;
    const held = this.db.content.levelKeys();
    if (withLevels && SEALED_LEVELS.some((l) => !held.has(l))) throw new DossierError('file.keyUnavailable');
    const plan = planRekey(current, signed, authoritySeed, withLevels);
    const step = (s: RekeyStep) => {
      this.options.rekeyStep?.(s);
      onStep?.(s);
    };
    writeHeader(this.dir, plan.header, PENDING_HEADER_FILE);
    step('pendingHeader');
    // Signed with the new key beside the old signature: whichever header ends up current finds its own.
    this.db.transaction(() => storeAuthority(this.db, plan.signed, plan.authority.privateKey, plan.authority.publicKey, this.user.id, at, true));
    step('signed');
    // The new key goes on a copy, swapped in by one rename: SQLite3 Multiple Ciphers rewrites page 1 (the salt)
    // first when rekeying in place, so a kill mid-way could leave a file neither key opens.
    const dbFile = path.join(this.dir, DATABASE_FILE);
    const copy = path.join(this.dir, REKEY_COPY);
    removeRekeyCopy(this.dir);
    this.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    this.db.sqlite.prepare('vacuum into ?').run(copy);
    const copied = openEncryptedDatabase(copy, this.keys.dataKey, { create: false });
    try {
      copied.sqlite.pragma('journal_mode = DELETE');
      // Blob keys are wrapped under keys derived from the data key: rewrapped on the copy, so they change with it.
      copied.transaction(() => rewrapBlobKeys(copied, this.archiveId, this.keys.dataKey, plan.dataKey));
      if (withLevels) rewrapFileKeys(copied, this.archiveId, held, plan, at);
      copied.sqlite.pragma(`rekey="x'${plan.dataKey.toString('hex')}'"`);
    } finally {
      copied.close();
    }
    step('copied');
    // The old database's connection (and its WAL) must be gone before its file is replaced.
    this.jobs.cancelAll();
    detachLevelIndexes(this.db);
    this.db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
    renameSync(copy, dbFile);
    fsyncDir(this.dir);
    // The level indexes are under the old level keys: the next unlock rebuilds them under the new ones.
    for (const level of SEALED_LEVELS) for (const suffix of ['', '-wal', '-shm']) rmSync(levelIndexFile(this.dir, level) + suffix, { force: true });
    step('rekeyed');
    const renewed = openEncryptedDatabase(dbFile, plan.dataKey, { create: false });
    try {
      renewed.transaction(() => {
        renewed.run(sql`delete from authority where signer_key <> ${plan.authority.publicKey.toString('base64')}`);
        appendAudit(renewed, { id: this.user.id, username: this.user.username, signer: this.signer }, at, {
          action: 'archive.rekey',
          targetType: 'archive',
          targetId: this.archiveId,
          targetLabel: null,
          details: { envelopes: plan.header.slots.length, authorityKeys: plan.header.authority!.keys.length },
        });
      });
      try {
        rememberAnchor(anchorDir(this.options.anchorDir), this.archiveId, renewed, this.options.clock());
      } catch {
        // as rememberAnchor(): never fails a committed change
      }
    } finally {
      renewed.close();
    }
    commitPendingHeader(this.dir);
    this.header = plan.header;
    this.close();
    plan.dataKey.fill(0);
    return { recoveryKey: plan.recoveryKey };
  }

  /** Whether the session has ended (locked, or closed by a rekey). */
  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.jobs.cancelAll();
    this.rememberAnchor();
    closeBlobStore(this.db);
    this.db.close();
    this.options.releaseLock();
    this.dataKey.fill(0);
    this.keys.authoritySeed?.fill(0);
    this.keys.secrets?.encryption.privateKey.fill(0);
    this.keys.secrets?.signing.privateKey.fill(0);
    for (const key of this.db.content.levelKeys().values()) key.fill(0);
  }
}

/** In the rekey's copy (still under the old data key): every file key rewrapped under the new level keys, their fingerprints signed by the new authority key. */
function rewrapFileKeys(
  copied: ArchiveDb,
  archiveId: string,
  held: LevelKeys,
  plan: { levelKeys: Map<SealedLevel, Buffer>; authority: { privateKey: Buffer; publicKey: Buffer } },
  at: Date,
): void {
  copied.transaction(() => {
    const rows = copied.all(sql<{ fileId: string; gen: number; level: string; wrapped: string }>`select file_id, gen, level, wrapped from file_keys where level <> 'open'`);
    for (const r of rows) {
      const level = r.level as SealedLevel;
      const key = unwrapFileKey(r.wrapped, r.fileId, r.gen, level, held.get(level) ?? null);
      if (!key) throw new DossierError('file.keyUnavailable');
      copied.run(sql`update file_keys set wrapped = ${wrapFileKey(key, r.fileId, r.gen, level, plan.levelKeys.get(level)!)} where file_id = ${r.fileId} and gen = ${r.gen}`);
    }
    storeLevelKeys(copied, archiveId, plan.levelKeys, plan.authority.privateKey, plan.authority.publicKey, at);
  });
}

/** Points of a rekey at which tests stop it, as a crash would. */
export type RekeyStep = 'pendingHeader' | 'signed' | 'copied' | 'rekeyed';

/** The database copy a rekey writes under the new key before renaming it into place. */
const REKEY_COPY = 'archive.db.rekey';

function removeRekeyCopy(dir: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path.join(dir, REKEY_COPY + suffix), { force: true });
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
  const fresh = newArchiveKeys();
  const { dataKey } = fresh;
  let db: ArchiveDb | undefined;
  let recoveryKey: string | null = null;
  try {
    // Created owner-only before SQLite opens it: its -wal and -shm files take the same mode.
    closeSync(openSync(path.join(staging, DATABASE_FILE), 'a', 0o600));
    db = openEncryptedDatabase(path.join(staging, DATABASE_FILE), dataKey, { create: true });
    migrate(db, clock, options.migrations);
    const openedDb = db;
    // Only tests of old schemas migrate less: without the authority tables the archive is format 1, as then.
    const signedFormat = authorityStored(openedDb);
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
    const owner = { archiveId, userId, username: row.username };
    const slot = signedFormat
      ? await writeSlot(owner, fresh.secrets, admin.password, { data: dataKey, authority: fresh.authority.privateKey }, kdfCost)
      : await writeLegacySlot(dataKey, admin.password, owner, kdfCost);
    openedDb.transaction(() => {
      openedDb.run(openedDb.k.insertInto('users').values(row));
      writeSettings(openedDb, { archiveName: admin.archiveName ?? 'Dossier' });
      appendAudit(openedDb, { id: userId, username: row.username, signer: signedFormat ? signerOf(userId, fresh.secrets) : null }, clock(), {
        action: 'archive.create',
        targetType: 'archive',
        targetId: archiveId,
        targetLabel: admin.archiveName ?? null,
        details: { formatVersion: signedFormat ? FORMAT_VERSION : 1 },
      });
      if (signedFormat && !isLegacySlot(slot)) {
        setUserKeys(openedDb, userId, slot, clock());
        storeAuthority(openedDb, documentFromRows(openedDb, archiveId, 1), fresh.authority.privateKey, fresh.authority.publicKey, userId, clock());
      }
    });
    const header: ArchiveHeader = {
      format: 'dossier-archive',
      formatVersion: signedFormat ? FORMAT_VERSION : 1,
      archiveId,
      createdAt: clock().toISOString(),
      cipher: 'sqlcipher',
      ...(signedFormat
        ? {
            authority: { keys: [{ publicKey: fresh.authority.publicKey.toString('base64') }] },
            recovery: recoveryEnvelope(parseRecoveryKey(fresh.recoveryKey)!, archiveId, dataKey, fresh.authority.privateKey),
          }
        : {}),
      slots: [slot],
    };
    if (signedFormat) recoveryKey = fresh.recoveryKey;
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
  const session = await openUnlocked(
    target,
    { userId, password: admin.password, dataKey, secrets: recoveryKey ? fresh.secrets : null, authoritySeed: recoveryKey ? fresh.authority.privateKey : null },
    options,
  );
  session.recoveryKey = recoveryKey;
  return session;
}

/** What a password opened: the data key, and in format 2 the user's private keys and (administrators) the authority key. */
interface Opened {
  userId: string;
  password: string;
  dataKey: Buffer;
  secrets: UserSecrets | null;
  authoritySeed: Buffer | null;
  /** The level keys this user's envelope holds (verified against the archive's signed fingerprints at unlock). */
  levelKeys?: Map<SealedLevel, Buffer>;
  /** The keys sealed to this user in a rekey's pending header, if one was interrupted. */
  next?: { dataKey: Buffer | null; authoritySeed: Buffer | null; levelKeys?: Map<SealedLevel, Buffer> };
}

/** The level keys sealed in an envelope. */
function openLevelKeys(slot: KeySlot, secrets: UserSecrets, archiveId: string): Map<SealedLevel, Buffer> {
  const keys = new Map<SealedLevel, Buffer>();
  for (const level of SEALED_LEVELS) {
    const key = openSlotKey(slot, secrets, archiveId, levelKeyName(level));
    if (key) keys.set(level, key);
  }
  return keys;
}

/**
 * A rekey interrupted after writing `archive.json.next`: the database opens with the old key
 * (the rekey never committed; a hot journal rolls back under the old key) or only with the new
 * one (it committed; the pending header becomes the header). The old key is always tried first.
 */
function openFinishingRekey(dir: string, opened: Opened): { db: ArchiveDb; header: ArchiveHeader; opened: Opened } {
  const file = path.join(dir, DATABASE_FILE);
  try {
    const db = openEncryptedDatabase(file, opened.dataKey, { create: false });
    // A rekey that never swapped its copy in: the old key still opens the database, the rest is stale.
    removeRekeyCopy(dir);
    if (readPendingHeaderSafe(dir)) discardPendingHeader(dir);
    return { db, header: readHeader(dir), opened };
  } catch (err) {
    const next = opened.next;
    if (!next?.dataKey || !readPendingHeaderSafe(dir)) throw err;
    const db = openEncryptedDatabase(file, next.dataKey, { create: false });
    commitPendingHeader(dir);
    return { db, header: readHeader(dir), opened: { ...opened, dataKey: next.dataKey, authoritySeed: next.authoritySeed, levelKeys: next.levelKeys ?? new Map() } };
  }
}

function readPendingHeaderSafe(dir: string): ArchiveHeader | null {
  try {
    return readPendingHeader(dir);
  } catch {
    return null; // a pending header cut short never became the header
  }
}

/**
 * The level keys of this session. An administrator's unlock of an archive without them makes
 * them and seals every 机密/绝密 file (a migration, audited), and seals keys missing from the
 * envelopes of cleared users (cleared by an administrator who did not hold the key).
 */
function setUpLevelKeys(
  db: ArchiveDb,
  header: ArchiveHeader,
  keys: SessionKeys,
  opened: Map<SealedLevel, Buffer>,
  user: SessionUser,
  at: Date,
  persist: (next: ArchiveHeader) => void,
): { header: ArchiveHeader; levelKeys: Map<SealedLevel, Buffer> } {
  const archiveId = header.archiveId;
  const authorityPublic = currentAuthorityKey(header.authority!);
  db.content.archiveId = archiveId;
  const stored = db.one(sql<{ n: number }>`select count(*) as n from level_keys`)!.n;
  const seed = keys.authoritySeed;
  // No level keys but sealed file keys: the rows were deleted behind the engine's back; making new ones would seal nothing.
  const sealedKeys = db.one(sql<{ n: number }>`select count(*) as n from file_keys where level <> 'open'`)!.n;
  if (stored === 0 && sealedKeys === 0 && seed && keys.signed) {
    let next = header;
    let fresh = new Map<SealedLevel, Buffer>();
    db.transaction(() => {
      const introduced = introduceLevelKeys(db, archiveId, seed, authorityPublic, at);
      fresh = introduced.keys;
      next = recoveryWithLevelKeys(reconcileSlots(header, keys.signed!, keys.dataKey, seed, fresh), fresh);
      // Audited when it sealed files that were there before (a new archive's keys come with its creation).
      if (introduced.files > 0)
        appendAudit(db, { id: user.id, username: user.username, signer: keys.secrets ? signerOf(user.id, keys.secrets) : null }, at, {
          action: 'archive.levelKeys',
          targetType: 'archive',
          targetId: archiveId,
          targetLabel: null,
          details: { sealedFiles: introduced.files },
        });
      persist(next);
    });
    return { header: next, levelKeys: new Map([...fresh].filter(([level]) => clearanceAllows(user.clearance, level))) };
  }
  const levelKeys = verifiedLevelKeys(db, archiveId, authorityPublic, opened);
  if (seed && keys.signed && levelKeys.size) {
    const next = reconcileSlots(header, keys.signed, keys.dataKey, seed, levelKeys);
    if (JSON.stringify(next) !== JSON.stringify(header)) {
      persist(next);
      return { header: next, levelKeys };
    }
  }
  return { header, levelKeys };
}

/** Opens the archive with keys already unsealed: takes the lock, migrates, verifies the authority, audits the sign-in unless `audit` is false. */
async function openUnlocked(dir: string, first: Opened, options: ArchiveOptions, audit = false, failures: readonly FailedSignIn[] = []): Promise<ArchiveSession> {
  const clock = options.clock ?? systemClock;
  const kdfCost = options.kdfCost ?? DEFAULT_KDF;
  const releaseLock = acquireArchiveLock(dir, options.program ?? 'Dossier', clock());
  let db: ArchiveDb | undefined;
  try {
    ownerOnly(dir);
    const finished = openFinishingRekey(dir, first);
    db = finished.db;
    let header = finished.header;
    const opened = finished.opened;
    migrate(db, clock, options.migrations);
    const openedDb = db;
    const persist = (next: ArchiveHeader) => writeHeader(dir, next);
    const row = findUserById(db, opened.userId);
    if (!row) throw new DossierError('auth.wrongPassword');
    let keys: SessionKeys = { dataKey: opened.dataKey, secrets: opened.secrets, authoritySeed: opened.authoritySeed, signed: null };
    let user = toSessionUser(row);
    let slot = header.slots.find((s) => s.userId === opened.userId);
    if (!header.authority) {
      // Format 1: the rows are all there is until an administrator's first sign-in migrates the archive.
      if (row.active !== 1 || row.removedAt) throw new DossierError('auth.userDisabled');
      if (row.role === 'admin' && authorityStored(db)) {
        const upgraded = await upgradeArchive(db, header, row.id, row.username, opened.password, opened.dataKey, kdfCost, clock(), persist);
        header = upgraded.header;
        keys = upgraded.keys;
      }
    } else {
      // Anyone can seal a key to a public key: an authority key that is not the archive's is ignored.
      if (keys.authoritySeed && !publicOfSigningSeed(keys.authoritySeed).equals(currentAuthorityKey(header.authority))) keys = { ...keys, authoritySeed: null };
      if (slot && isLegacySlot(slot)) {
        const registered = await registerLegacyUser(db, header, row.id, row.username, opened.password, opened.dataKey, kdfCost, clock(), persist);
        header = registered.header;
        slot = registered.slot;
        keys = { ...keys, secrets: registered.secrets };
      }
      if (!slot || isLegacySlot(slot) || !keys.secrets) throw new DossierError('auth.wrongPassword');
      if (!trustsHeader(header, keys.secrets)) {
        openedDb.transaction(() =>
          appendAudit(openedDb, { id: row.id, username: row.username, signer: keys.secrets ? signerOf(row.id, keys.secrets) : null }, clock(), {
            action: 'authority.tampered',
            targetType: 'user',
            targetId: row.id,
            targetLabel: row.username,
            details: { problem: 'authority key replaced' },
          }),
        );
        throw new DossierError('auth.authorityUntrusted');
      }
      const established = establishAuthority(db, header, row.id, slot, keys, clock(), persist);
      header = established.header;
      keys = { ...keys, signed: established.signed };
      // Rights are what was signed, whatever the row says now.
      const e = established.entry;
      user = { ...user, username: e.username, role: e.role as SessionUser['role'], clearance: e.clearance as SessionUser['clearance'], department: e.department };
      // After a rekey the envelope is pinned to the newer authority key (only its owner's password can rewrite it).
      const pinned = currentAuthorityKey(header.authority!);
      if (!keys.secrets!.pinnedAuthority.equals(pinned)) {
        const repinned = await writeSlot(
          { archiveId: header.archiveId, userId: row.id, username: slot.username },
          { ...keys.secrets!, pinnedAuthority: pinned },
          opened.password,
          {},
          kdfCost,
        );
        const current = readHeader(dir);
        const mine = current.slots.find((s) => s.userId === row.id);
        if (mine && !isLegacySlot(mine) && mine.encryptionKey === repinned.encryptionKey) {
          header = { ...current, slots: current.slots.map((s) => (s.userId === row.id ? { ...repinned, sealed: mine.sealed } : s)) };
          writeHeader(dir, header);
          keys = { ...keys, secrets: { ...keys.secrets!, pinnedAuthority: pinned } };
        }
      }
    }
    if (header.authority && keys.signed && levelKeysStored(openedDb)) {
      const levels = setUpLevelKeys(openedDb, header, keys, opened.levelKeys ?? new Map(), user, clock(), persist);
      header = levels.header;
      keys = { ...keys, levelKeys: levels.levelKeys };
      const content = openedDb.content;
      content.setLevelKeys(levels.levelKeys);
      if (keys.secrets) content.grantee = { userId: user.id, pair: keys.secrets.encryption, today: () => localDate(clock()) };
      attachLevelIndexes(openedDb, dir);
      secureDeleteIndexes(openedDb);
      flushSealedIndex(openedDb);
    }
    if (audit) {
      const signedIn = user;
      // Failed sign-ins the locked host held are signed by the user whose unlock writes them.
      const signer = keys.secrets ? signerOf(signedIn.id, keys.secrets) : null;
      openedDb.transaction(() => {
        // Failures the host held while the archive was locked (no key to write them) come first.
        for (const f of failures) {
          appendAudit(openedDb, { id: null, username: f.username, signer }, clock(), {
            action: 'session.unlockFailed',
            targetType: 'user',
            targetId: null,
            targetLabel: f.username,
            details: { source: f.source, count: f.count, firstAt: f.firstAt, lastAt: f.lastAt },
          });
        }
        appendAudit(openedDb, { id: signedIn.id, username: signedIn.username, signer }, clock(), {
          action: 'session.unlock',
          targetType: 'user',
          targetId: signedIn.id,
          targetLabel: signedIn.username,
        });
      });
    }
    const session = new ArchiveSession(dir, header, keys.dataKey, openedDb, user, {
      clock,
      kdfCost,
      releaseLock,
      anchorDir: options.anchorDir,
      keys,
      rekeyStep: options.rekeyStep,
    });
    openBlobStore(openedDb, dir, header.archiveId, keys.dataKey);
    moveStrayScans(openedDb);
    session.rememberAnchor();
    return session;
  } catch (err) {
    db?.close();
    releaseLock();
    throw err;
  }
}

/** Opens the archive as `username`; `failures` are failed sign-ins to audit along with this one. */
export async function openArchive(dir: string, username: string, password: string, options: ArchiveOptions = {}, failures: readonly FailedSignIn[] = []): Promise<ArchiveSession> {
  const header = readHeader(dir);
  const pending = readPendingHeaderSafe(dir);
  const wanted = usernameKey(username);
  // Old archives may hold two names equal under case folding: each opens with its own password only.
  const candidates = header.slots.filter((s) => usernameKey(s.username) === wanted);
  if (candidates.length === 0) {
    await burnKdf();
    throw new DossierError('auth.wrongPassword');
  }
  for (const slot of candidates) {
    if (isLegacySlot(slot)) {
      const dataKey = await openLegacySlot(slot, password, header.archiveId);
      if (dataKey) return openUnlocked(dir, { userId: slot.userId, password, dataKey, secrets: null, authoritySeed: null }, options, true, failures);
      continue;
    }
    const secrets = await openSlot(slot, password, header.archiveId);
    if (!secrets) continue;
    const dataKey = openSlotKey(slot, secrets, header.archiveId, 'data');
    const authoritySeed = openSlotKey(slot, secrets, header.archiveId, 'authority');
    const pendingSlot = pending?.slots.find((s) => s.userId === slot.userId);
    const next =
      pendingSlot && !isLegacySlot(pendingSlot) && pendingSlot.encryptionKey === slot.encryptionKey
        ? {
            dataKey: openSlotKey(pendingSlot, secrets, header.archiveId, 'data'),
            authoritySeed: openSlotKey(pendingSlot, secrets, header.archiveId, 'authority'),
            levelKeys: openLevelKeys(pendingSlot, secrets, header.archiveId),
          }
        : undefined;
    // An envelope without the data key belongs to a disabled user (the engine took their keys away).
    if (!dataKey && !next?.dataKey) throw new DossierError('auth.userDisabled');
    const levelKeys = openLevelKeys(slot, secrets, header.archiveId);
    return openUnlocked(dir, { userId: slot.userId, password, dataKey: dataKey ?? next!.dataKey!, secrets, authoritySeed, levelKeys, next }, options, true, failures);
  }
  throw new DossierError('auth.wrongPassword');
}

/**
 * `dossier recovery reset-password`: the recovery key opens the archive and gives the
 * administrator `username` a new password (and new key pairs). Audited.
 */
export async function resetPasswordWithRecovery(
  dir: string,
  typedKey: string,
  username: string,
  password: string,
  options: ArchiveOptions = {},
): Promise<{ username: string; rebuiltAuthority: boolean }> {
  const clock = options.clock ?? systemClock;
  const header = readHeader(dir);
  if (!header.recovery) throw new DossierError('recovery.none');
  const dataKey = openRecovery(header, typedKey, 'data');
  const authoritySeed = openRecovery(header, typedKey, 'authority');
  if (!dataKey || !authoritySeed) throw new DossierError('recovery.wrongKey');
  const recoveredLevels = new Map<SealedLevel, Buffer>();
  for (const level of SEALED_LEVELS) {
    const key = openRecovery(header, typedKey, levelKeyName(level));
    if (key) recoveredLevels.set(level, key);
  }
  const releaseLock = acquireArchiveLock(dir, options.program ?? 'Dossier', clock());
  let db: ArchiveDb | undefined;
  try {
    db = openEncryptedDatabase(path.join(dir, DATABASE_FILE), dataKey, { create: false });
    // The key of a rekey that did not commit: the pending header and copy are stale.
    removeRekeyCopy(dir);
    if (readPendingHeaderSafe(dir)) discardPendingHeader(dir);
    migrate(db, clock, options.migrations);
    const minLength = readSettings(db).passwordMinLength;
    const result = await recoverAdmin(
      db,
      header,
      { dataKey, authoritySeed, levelKeys: levelKeysStored(db) ? verifiedLevelKeys(db, header.archiveId, currentAuthorityKey(header.authority!), recoveredLevels) : new Map() },
      username,
      password,
      options.kdfCost ?? DEFAULT_KDF,
      clock(),
      (pw, name) => checkNewPassword(pw, name, minLength),
      (next) => writeHeader(dir, next),
    );
    return { username: result.user.username, rebuiltAuthority: result.rebuilt };
  } finally {
    db?.close();
    releaseLock();
  }
}
