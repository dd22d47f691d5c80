/**
 * What unlocking, creating, rekeying and recovering do with keys, envelopes and the signed
 * authority, on an open database and a header (db/archive.ts owns sessions, locks and files).
 */
import { sql } from 'kysely';
import { DossierError } from '../shared/errors.js';
import { appendAudit } from './audit.js';
import type { AuditActor } from './audit.js';
import {
  chainTrusts,
  compareWithRows,
  currentAuthorityKey,
  documentFromRows,
  loadAuthority,
  recordSigningKey,
  repairRows,
  rotationMessage,
  sameBody,
  storeAuthority,
} from './authority.js';
import type { AuthorityDifference, AuthorityDocument, AuthorityUser } from './authority.js';
import type { ArchiveDb } from './connection.js';
import type { ArchiveHeader, RecoveryEnvelope } from './header.js';
import {
  isLegacySlot,
  newDataKey,
  newRecoveryKey,
  newSigningKeyPair,
  newUserSecrets,
  openSealed,
  parseRecoveryKey,
  recoveryKeyPair,
  sameKey,
  sealAll,
  sealKey,
  signWith,
  usernameKey,
  writeSlot,
} from './keys.js';
import type { AnySlot, KdfCost, KeyName, KeySlot, UserSecrets } from './keys.js';
import { clearanceAllows } from '../shared/domain/permissions.js';
import type { Confidentiality } from '../shared/domain/enums.js';
import { levelKeyName, SEALED_LEVELS } from './sealed.js';
import type { SealedLevel } from './sealed.js';

/** Level keys by level (only those a session holds). */
export type LevelKeys = ReadonlyMap<SealedLevel, Buffer>;

/** Writes the header; called inside the database transaction it goes with, so a failed write rolls the rows back. */
export type Persist = (header: ArchiveHeader) => void;

/** The keys an unlocked session holds in memory. */
export interface SessionKeys {
  dataKey: Buffer;
  /** The user's private keys; null in a format-1 archive not yet migrated. */
  secrets: UserSecrets | null;
  /** The authority's Ed25519 seed: administrators only. */
  authoritySeed: Buffer | null;
  /** The verified authority document; null in a format-1 archive. */
  signed: AuthorityDocument | null;
  /** The level keys this user's envelope holds and the archive signed (db/levelKeys.ts). */
  levelKeys?: LevelKeys;
}

/** Signs for the signed-in user (audit entries): their Ed25519 key, named by its public key. */
export interface Signer {
  userId: string;
  /** Base64 of the raw 32-byte public key, as in `users.signing_key`. */
  keyId: string;
  publicKey: Buffer;
  sign(message: Buffer): Buffer;
}

export function signerOf(userId: string, secrets: UserSecrets): Signer {
  const seed = Buffer.from(secrets.signing.privateKey);
  return { userId, keyId: secrets.signing.publicKey.toString('base64'), publicKey: secrets.signing.publicKey, sign: (message) => signWith(seed, message) };
}

export const RECOVERY_ID = 'recovery';

/**
 * The envelopes as the signed document says they must be: a removed user's slot is
 * destroyed, a disabled user's envelope holds no key, an active user's holds the data key,
 * an active administrator's the authority key too. Keys already sealed stay as they are.
 */
export function reconcileSlots(header: ArchiveHeader, doc: AuthorityDocument, dataKey: Buffer, authoritySeed: Buffer | null, levelKeys: LevelKeys = new Map()): ArchiveHeader {
  const users = new Map(doc.users.map((u) => [u.id, u]));
  const slots = header.slots.flatMap((slot): AnySlot[] => {
    const entry = users.get(slot.userId);
    if (!entry || entry.removed) return [];
    if (isLegacySlot(slot)) return [slot];
    // Not the keys the document signed: the unlock refuses this envelope; it is left for the report.
    if (entry.encryptionKey !== null && entry.encryptionKey !== slot.encryptionKey) return [slot];
    return [{ ...slot, sealed: sealedFor(slot, entry, dataKey, authoritySeed, header.archiveId, levelKeys) }];
  });
  return { ...header, slots };
}

function sealedFor(slot: KeySlot, entry: AuthorityUser, dataKey: Buffer, authoritySeed: Buffer | null, archiveId: string, levelKeys: LevelKeys): KeySlot['sealed'] {
  const wanted: Partial<Record<KeyName, Buffer>> = {};
  if (entry.active) wanted.data = dataKey;
  if (entry.active && entry.role === 'admin' && authoritySeed) wanted.authority = authoritySeed;
  const fresh = sealAll(wanted, Buffer.from(slot.encryptionKey, 'base64'), archiveId, slot.userId);
  const sealed: KeySlot['sealed'] = {};
  for (const name of Object.keys(wanted) as KeyName[]) sealed[name] = slot.sealed[name] ?? fresh[name]!;
  // An administrator demoted without a seed at hand keeps no authority key either.
  if (!(entry.active && entry.role === 'admin') && slot.sealed.authority) delete sealed.authority;
  if (entry.active && entry.role === 'admin' && !authoritySeed && slot.sealed.authority) sealed.authority = slot.sealed.authority;
  // Level keys only for users cleared for the level: kept when sealed already, added when this session holds the key.
  for (const level of SEALED_LEVELS) {
    const name = levelKeyName(level);
    if (!(entry.active && clearanceAllows(entry.clearance as Confidentiality, level))) continue;
    const key = levelKeys.get(level);
    const existing = slot.sealed[name];
    if (existing) sealed[name] = existing;
    else if (key) sealed[name] = sealKey(key, Buffer.from(slot.encryptionKey, 'base64'), { archiveId, recipientId: slot.userId, name });
  }
  return sealed;
}

/** The header with the level keys sealed to the recovery key too (public half only: no recovery key needed). */
export function recoveryWithLevelKeys(header: ArchiveHeader, levelKeys: LevelKeys): ArchiveHeader {
  if (!header.recovery) return header;
  const recipient = Buffer.from(header.recovery.encryptionKey, 'base64');
  const sealed = { ...header.recovery.sealed };
  for (const [level, key] of levelKeys) sealed[levelKeyName(level)] = sealKey(key, recipient, { archiveId: header.archiveId, recipientId: RECOVERY_ID, name: levelKeyName(level) });
  return { ...header, recovery: { ...header.recovery, sealed } };
}

export function recoveryEnvelope(rawKey: Buffer, archiveId: string, dataKey: Buffer, authoritySeed: Buffer, levelKeys: LevelKeys = new Map()): RecoveryEnvelope {
  const pair = recoveryKeyPair(rawKey, archiveId);
  const keys: Partial<Record<KeyName, Buffer>> = { data: dataKey, authority: authoritySeed };
  for (const [level, key] of levelKeys) keys[levelKeyName(level)] = key;
  return { encryptionKey: pair.publicKey.toString('base64'), sealed: sealAll(keys, pair.publicKey, archiveId, RECOVERY_ID) };
}

/** Sets a user's public keys on their row and in their signing-key history. */
export function setUserKeys(db: ArchiveDb, userId: string, slot: KeySlot, at: Date): void {
  db.run(sql`update users set encryption_key = ${slot.encryptionKey}, signing_key = ${slot.signingKey} where id = ${userId}`);
  recordSigningKey(db, userId, slot.signingKey, at);
}

// ---- creating ----

export interface NewArchiveKeys {
  dataKey: Buffer;
  authority: { privateKey: Buffer; publicKey: Buffer };
  secrets: UserSecrets;
  recoveryKey: string;
}

export function newArchiveKeys(): NewArchiveKeys {
  const authority = newSigningKeyPair();
  return { dataKey: newDataKey(), authority, secrets: newUserSecrets(authority.publicKey), recoveryKey: newRecoveryKey() };
}

// ---- unlocking ----

/** Thrown after the refusal is audited: the unlock of a user whose authority does not verify. */
function refuse(db: ArchiveDb, archiveId: string, actor: AuditActor, at: Date, problem: string, userId: string | null): never {
  db.transaction(() =>
    appendAudit(db, actor, at, { action: 'authority.tampered', targetType: 'user', targetId: userId, targetLabel: actor.username, details: { problem, archiveId } }),
  );
  throw new DossierError('auth.authorityInvalid');
}

export interface Established {
  /** The user as signed. */
  entry: AuthorityUser;
  signed: AuthorityDocument;
  /** The header after envelopes were brought in line. */
  header: ArchiveHeader;
  differences: AuthorityDifference[];
}

/**
 * Verifies the authority for a user who opened `slot` and brings the rows back to the signed
 * values (reported in the audit log); an administrator's session signs keys registered
 * since and reseals envelopes. Refuses (audited) a user without a verified signed entry, or
 * whose envelope is not the one signed for them.
 */
export function establishAuthority(db: ArchiveDb, header: ArchiveHeader, userId: string, slot: KeySlot, keys: SessionKeys, at: Date, persist: Persist): Established {
  const archiveId = header.archiveId;
  const authorityKey = currentAuthorityKey(header.authority!);
  const signed = loadAuthority(db, archiveId, authorityKey);
  const actor: AuditActor = { id: userId, username: slot.username, signer: keys.secrets ? signerOf(userId, keys.secrets) : null };
  if (typeof signed === 'string') refuse(db, archiveId, actor, at, signed, userId);
  const entry = signed.users.find((u) => u.id === userId);
  if (!entry) refuse(db, archiveId, actor, at, 'unsigned user', userId);
  if (entry.encryptionKey !== null && (entry.encryptionKey !== slot.encryptionKey || entry.signingKey !== slot.signingKey)) {
    refuse(db, archiveId, actor, at, 'envelope keys not signed', userId);
  }
  if (entry.removed || !entry.active) throw new DossierError('auth.userDisabled');
  // Only a signed administrator's session signs, whatever keys their envelope was given.
  if (entry.role !== 'admin') keys.authoritySeed = null;
  let current = signed;
  let nextHeader = header;
  const { differences, pending } = compareWithRows(signed, documentFromRows(db, archiveId, signed.seq));
  db.transaction(() => {
    if (differences.length) repairRows(db, signed, differences, actor, at);
    if (keys.authoritySeed) {
      const rows = documentFromRows(db, archiveId, signed.seq + 1);
      if (pending.length || !sameBody(rows, signed)) {
        storeAuthority(db, rows, keys.authoritySeed, authorityKey, userId, at);
        current = rows;
      }
      nextHeader = reconcileSlots(header, current, keys.dataKey, keys.authoritySeed);
      if (JSON.stringify(nextHeader) !== JSON.stringify(header)) persist(nextHeader);
    }
  });
  return { entry: current.users.find((u) => u.id === userId) ?? entry, signed: current, header: nextHeader, differences };
}

/** Whether the envelope's pinned authority key leads to the header's current one. */
export function trustsHeader(header: ArchiveHeader, secrets: UserSecrets): boolean {
  return header.authority !== undefined && chainTrusts(header.authority, header.archiveId, secrets.pinnedAuthority);
}

/** The key `name` sealed to the recovery key, or null when the key does not open it. */
export function openRecovery(header: ArchiveHeader, typed: string, name: KeyName): Buffer | null {
  const raw = parseRecoveryKey(typed);
  if (!raw || !header.recovery) return null;
  const pair = recoveryKeyPair(raw, header.archiveId);
  if (!sameKey(pair.publicKey, Buffer.from(header.recovery.encryptionKey, 'base64'))) return null;
  const sealed = header.recovery.sealed[name];
  return sealed ? openSealed(sealed, pair, { archiveId: header.archiveId, recipientId: RECOVERY_ID, name }) : null;
}

// ---- format 1 → 2 ----

/**
 * An administrator's first unlock of a format-1 archive: an authority key, their envelope,
 * the document signed from the rows as they are (trusted once, like the archive itself).
 * Other users keep their format-1 slots until they first sign in.
 */
export async function upgradeArchive(
  db: ArchiveDb,
  header: ArchiveHeader,
  userId: string,
  username: string,
  password: string,
  dataKey: Buffer,
  cost: KdfCost,
  at: Date,
  persist: Persist,
): Promise<{ header: ArchiveHeader; keys: SessionKeys }> {
  const authority = newSigningKeyPair();
  const secrets = newUserSecrets(authority.publicKey);
  const slot = await writeSlot({ archiveId: header.archiveId, userId, username }, secrets, password, { data: dataKey, authority: authority.privateKey }, cost);
  const next: ArchiveHeader = {
    ...header,
    formatVersion: 2,
    authority: { keys: [{ publicKey: authority.publicKey.toString('base64') }] },
    slots: [...header.slots.filter((s) => s.userId !== userId), slot],
  };
  let signed: AuthorityDocument | null = null;
  db.transaction(() => {
    setUserKeys(db, userId, slot, at);
    signed = documentFromRows(db, header.archiveId, 1);
    storeAuthority(db, signed, authority.privateKey, authority.publicKey, userId, at);
    appendAudit(db, { id: userId, username, signer: signerOf(userId, secrets) }, at, {
      action: 'archive.upgrade',
      targetType: 'archive',
      targetId: header.archiveId,
      targetLabel: null,
      details: { formatVersion: 2 },
    });
    persist(next);
  });
  return { header: next, keys: { dataKey, secrets, authoritySeed: authority.privateKey, signed } };
}

/**
 * A user of a migrated archive still on a format-1 slot: their key pairs, an envelope pinned
 * to the header's authority key (trusted on this first use), the public keys on their row
 * until an administrator's next sign-in signs them.
 */
export async function registerLegacyUser(
  db: ArchiveDb,
  header: ArchiveHeader,
  userId: string,
  username: string,
  password: string,
  dataKey: Buffer,
  cost: KdfCost,
  at: Date,
  persist: Persist,
): Promise<{ header: ArchiveHeader; slot: KeySlot; secrets: UserSecrets }> {
  const secrets = newUserSecrets(currentAuthorityKey(header.authority!));
  const slot = await writeSlot({ archiveId: header.archiveId, userId, username }, secrets, password, { data: dataKey }, cost);
  const next = { ...header, slots: [...header.slots.filter((s) => s.userId !== userId), slot] };
  db.transaction(() => {
    setUserKeys(db, userId, slot, at);
    persist(next);
  });
  return { header: next, slot, secrets };
}

// ---- rekey ----

export interface RekeyPlan {
  header: ArchiveHeader;
  dataKey: Buffer;
  /** New level keys (when the archive has them): every file key is rewrapped under them. */
  levelKeys: Map<SealedLevel, Buffer>;
  authority: { privateKey: Buffer; publicKey: Buffer };
  recoveryKey: string;
  signed: AuthorityDocument;
}

/**
 * New data key, new authority key (signed by the old one), every envelope resealed from
 * the public keys in the signed document, a new recovery key. Format-1 slots cannot be
 * resealed (their owner's password is needed): the rekey is refused while any remain.
 */
export function planRekey(header: ArchiveHeader, signed: AuthorityDocument, oldSeed: Buffer, withLevelKeys = false): RekeyPlan {
  const legacy = header.slots.filter(isLegacySlot).map((s) => s.username);
  if (legacy.length) throw new DossierError('archive.legacySlots', { usernames: legacy.join(', ') });
  const archiveId = header.archiveId;
  const dataKey = newDataKey();
  const authority = newSigningKeyPair();
  const recoveryKey = newRecoveryKey();
  const levelKeys = new Map<SealedLevel, Buffer>(withLevelKeys ? SEALED_LEVELS.map((l) => [l, newDataKey()]) : []);
  const users = new Map(signed.users.map((u) => [u.id, u]));
  const slots = header.slots.flatMap((slot) => {
    const entry = users.get(slot.userId);
    if (!entry || entry.removed || isLegacySlot(slot) || entry.encryptionKey !== slot.encryptionKey) return [];
    const keys: Partial<Record<KeyName, Buffer>> = {};
    if (entry.active) keys.data = dataKey;
    if (entry.active && entry.role === 'admin') keys.authority = authority.privateKey;
    for (const [level, key] of levelKeys) if (entry.active && clearanceAllows(entry.clearance as Confidentiality, level)) keys[levelKeyName(level)] = key;
    return [{ ...slot, sealed: sealAll(keys, Buffer.from(slot.encryptionKey, 'base64'), archiveId, slot.userId) }];
  });
  const rotation = signWith(oldSeed, rotationMessage(archiveId, authority.publicKey)).toString('base64');
  return {
    header: {
      ...header,
      authority: { keys: [...header.authority!.keys, { publicKey: authority.publicKey.toString('base64'), signature: rotation }] },
      recovery: recoveryEnvelope(parseRecoveryKey(recoveryKey)!, archiveId, dataKey, authority.privateKey, levelKeys),
      slots,
    },
    dataKey,
    levelKeys,
    authority,
    recoveryKey,
    signed: { ...signed, seq: signed.seq + 1 },
  };
}

// ---- recovery ----

/**
 * The recovery key resets an administrator's password: new key pairs for them, an envelope
 * with the data and authority keys, the document re-signed (from the rows, if no signed
 * document verifies any more: the recovery key is the archive's root of trust).
 */
export async function recoverAdmin(
  db: ArchiveDb,
  header: ArchiveHeader,
  keys: { dataKey: Buffer; authoritySeed: Buffer; levelKeys?: LevelKeys },
  username: string,
  password: string,
  cost: KdfCost,
  at: Date,
  checkPassword: (password: string, username: string) => void,
  persist: Persist,
): Promise<{ header: ArchiveHeader; rebuilt: boolean; user: AuthorityUser }> {
  const archiveId = header.archiveId;
  const authorityKey = currentAuthorityKey(header.authority!);
  const loaded = loadAuthority(db, archiveId, authorityKey);
  const rebuilt = typeof loaded === 'string';
  const signed = rebuilt ? documentFromRows(db, archiveId, 0) : loaded;
  const wanted = usernameKey(username);
  const entry = signed.users.find((u) => usernameKey(u.username) === wanted && !u.removed);
  if (!entry || entry.role !== 'admin') throw new DossierError('recovery.notAdmin', { username });
  checkPassword(password, entry.username);
  const secrets = newUserSecrets(authorityKey);
  const slot = await writeSlot({ archiveId, userId: entry.id, username: entry.username }, secrets, password, { data: keys.dataKey, authority: keys.authoritySeed }, cost);
  let next = { ...header, slots: [...header.slots.filter((s) => s.userId !== entry.id), slot] };
  // Signed with the administrator's new key: the recovery key itself signs nothing but authority.
  const actor: AuditActor = { id: null, username: entry.username, signer: signerOf(entry.id, secrets) };
  db.transaction(() => {
    const { differences } = compareWithRows(signed, documentFromRows(db, archiveId, signed.seq));
    if (!rebuilt && differences.length) repairRows(db, signed, differences, actor, at);
    // The administrator may sign in again: active, keys of this envelope.
    db.run(sql`update users set active = 1 where id = ${entry.id}`);
    setUserKeys(db, entry.id, slot, at);
    const doc = documentFromRows(db, archiveId, signed.seq + 1);
    storeAuthority(db, doc, keys.authoritySeed, authorityKey, RECOVERY_ID, at);
    next = reconcileSlots(next, doc, keys.dataKey, keys.authoritySeed, keys.levelKeys);
    appendAudit(db, actor, at, { action: 'recovery.resetPassword', targetType: 'user', targetId: entry.id, targetLabel: entry.username, details: { rebuiltAuthority: rebuilt } });
    persist(next);
  });
  return { header: next, rebuilt, user: entry };
}
