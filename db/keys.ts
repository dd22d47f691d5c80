/**
 * Keys of an archive (format 2). One random 256-bit data key encrypts the database. Each
 * user has an X25519 key pair (to receive keys) and an Ed25519 key pair (to sign); the key
 * derived from their password by scrypt wraps only those private keys. The data key (and,
 * for administrators, the authority's signing key; later the level keys) is sealed to the
 * user's X25519 public key, so an administrator reseals keys for everyone from public keys
 * alone (rekey, re-enabling a user) without knowing anyone's password.
 * Format 1 slots (the data key wrapped under the password) are still read to migrate them.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scrypt as scryptCb,
  sign as edSign,
  timingSafeEqual,
  verify as edVerify,
} from 'node:crypto';
import type { KeyObject, ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { DossierError } from '../shared/errors.js';

export const DATA_KEY_BYTES = 32;
/** Every sealed key is 32 bytes: the data key, the authority's Ed25519 seed, level keys. */
const SEALED_BYTES = 32;

/** About 0.2-0.5 s on an office PC (0.3 s measured on the development machines). */
export const DEFAULT_KDF = { N: 2 ** 16, r: 8, p: 1 } as const;

export const KdfParams = z.object({
  name: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().min(16),
});
export type KdfParams = z.infer<typeof KdfParams>;

const b64 = z.string().min(8).max(512);

/** Format 1: the data key itself wrapped under the password. Read only, to migrate. */
export const LegacySlot = z.object({
  userId: z.string().min(1),
  username: z.string().min(1),
  kdf: KdfParams,
  iv: b64,
  wrappedKey: b64,
  tag: b64,
});
export type LegacySlot = z.infer<typeof LegacySlot>;

/** A key sealed to one X25519 public key: ephemeral X25519, HKDF-SHA256, AES-256-GCM. */
export const SealedKey = z.object({ epk: b64, iv: b64, ciphertext: b64, tag: b64 });
export type SealedKey = z.infer<typeof SealedKey>;

/** Names of the keys an envelope may hold. */
export const KEY_NAMES = ['data', 'authority', 'level.confidential', 'level.top_secret'] as const;
export type KeyName = (typeof KEY_NAMES)[number];

/** Format 2: a user's envelope. */
export const KeySlot = z.object({
  version: z.literal(2),
  userId: z.string().min(1),
  username: z.string().min(1),
  kdf: KdfParams,
  iv: b64,
  /** AES-256-GCM under scrypt(password): X25519 private ‖ Ed25519 seed ‖ the pinned authority public key. */
  secret: b64,
  tag: b64,
  encryptionKey: b64,
  signingKey: b64,
  /** Key name → that key sealed to `encryptionKey`. */
  sealed: z.record(z.string(), SealedKey),
});
export type KeySlot = z.infer<typeof KeySlot>;
export const AnySlot = z.union([KeySlot, LegacySlot]);
export type AnySlot = z.infer<typeof AnySlot>;

export function isLegacySlot(slot: AnySlot): slot is LegacySlot {
  return !('version' in slot);
}

export interface KdfCost {
  N: number;
  r: number;
  p: number;
}

function scrypt(password: string, salt: Buffer, cost: KdfCost): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const bytes = (text: string) => Buffer.from(text, 'base64');
const text64 = (buf: Buffer) => buf.toString('base64');

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

// ---- raw 32-byte X25519 / Ed25519 keys as node:crypto KeyObjects ----

const DER = {
  x25519Private: Buffer.from('302e020100300506032b656e04220420', 'hex'),
  x25519Public: Buffer.from('302a300506032b656e032100', 'hex'),
  ed25519Private: Buffer.from('302e020100300506032b657004220420', 'hex'),
  ed25519Public: Buffer.from('302a300506032b6570032100', 'hex'),
};

function check32(raw: Buffer, what: string): Buffer {
  if (raw.length !== 32) throw new DossierError('archive.corrupt', { detail: `${what} length` });
  return raw;
}
export const x25519Private = (raw: Buffer): KeyObject => createPrivateKey({ key: Buffer.concat([DER.x25519Private, check32(raw, 'key')]), format: 'der', type: 'pkcs8' });
export const x25519Public = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([DER.x25519Public, check32(raw, 'key')]), format: 'der', type: 'spki' });
export const ed25519Private = (raw: Buffer): KeyObject => createPrivateKey({ key: Buffer.concat([DER.ed25519Private, check32(raw, 'key')]), format: 'der', type: 'pkcs8' });
export const ed25519Public = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([DER.ed25519Public, check32(raw, 'key')]), format: 'der', type: 'spki' });
const rawPrivate = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
export const rawPublic = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(-32);

/** An Ed25519 or X25519 private key and its public half, both as raw 32 bytes. */
export interface RawKeyPair {
  privateKey: Buffer;
  publicKey: Buffer;
}

export function newSigningKeyPair(): RawKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey: rawPrivate(privateKey), publicKey: rawPublic(publicKey) };
}

export function newEncryptionKeyPair(): RawKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { privateKey: rawPrivate(privateKey), publicKey: rawPublic(publicKey) };
}

export function signWith(seed: Buffer, data: Buffer): Buffer {
  return edSign(null, data, ed25519Private(seed));
}

export function verifySignature(publicKey: Buffer, data: Buffer, signature: Buffer): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return edVerify(null, data, ed25519Public(publicKey), signature);
  } catch {
    return false;
  }
}

export function publicOfSigningSeed(seed: Buffer): Buffer {
  return rawPublic(createPublicKey(ed25519Private(seed)));
}

// ---- sealing a key to a public key ----

/** What a sealed key is bound to: a sealed key moved to another archive, user or name does not open. */
export interface SealContext {
  archiveId: string;
  /** The user id, or `recovery`. */
  recipientId: string;
  name: string;
}

function sealAad(c: SealContext): Buffer {
  return Buffer.from(`dossier-seal:v2:${c.archiveId}:${c.recipientId}:${c.name}`, 'utf8');
}

function sealKek(shared: Buffer, epk: Buffer, recipient: Buffer, c: SealContext): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, recipient]), `dossier-seal:v2:${c.name}`, 32));
}

export function sealKey(key: Buffer, recipientPublic: Buffer, c: SealContext): SealedKey {
  if (key.length !== SEALED_BYTES) throw new Error('sealed keys are 32 bytes');
  const eph = generateKeyPairSync('x25519');
  const epk = rawPublic(eph.publicKey);
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: x25519Public(recipientPublic) });
  const kek = sealKek(shared, epk, recipientPublic, c);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(sealAad(c));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  kek.fill(0);
  shared.fill(0);
  return { epk: text64(epk), iv: text64(iv), ciphertext: text64(ciphertext), tag: text64(cipher.getAuthTag()) };
}

function sealedProblem(s: SealedKey): string | null {
  if (bytes(s.epk).length !== 32) return 'sealed epk length';
  if (bytes(s.iv).length !== 12) return 'sealed iv length';
  if (bytes(s.tag).length !== 16) return 'sealed tag length';
  if (bytes(s.ciphertext).length !== SEALED_BYTES) return 'sealed key length';
  return null;
}

/** The key, or null when it was not sealed to this key pair in this context (forged, moved, or damaged). */
export function openSealed(sealed: SealedKey, recipient: RawKeyPair, c: SealContext): Buffer | null {
  if (sealedProblem(sealed)) return null;
  const epk = bytes(sealed.epk);
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: x25519Private(recipient.privateKey), publicKey: x25519Public(epk) });
  } catch {
    return null; // a low-order point
  }
  const kek = sealKek(shared, epk, recipient.publicKey, c);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, bytes(sealed.iv), { authTagLength: 16 });
    decipher.setAAD(sealAad(c));
    decipher.setAuthTag(bytes(sealed.tag));
    return Buffer.concat([decipher.update(bytes(sealed.ciphertext)), decipher.final()]);
  } catch {
    return null;
  } finally {
    kek.fill(0);
    shared.fill(0);
  }
}

// ---- a user's envelope ----

/** The private keys a user's password opens, and the authority key their envelope trusts. */
export interface UserSecrets {
  encryption: RawKeyPair;
  signing: RawKeyPair;
  /** The authority public key pinned when the envelope was written (see README, "Keys and authority"). */
  pinnedAuthority: Buffer;
}

export interface SlotOwner {
  archiveId: string;
  userId: string;
  username: string;
}

function secretAad(archiveId: string, userId: string): Buffer {
  return Buffer.from(`dossier-user-secret:v2:${archiveId}:${userId}`, 'utf8');
}

export function newUserSecrets(pinnedAuthority: Buffer): UserSecrets {
  return { encryption: newEncryptionKeyPair(), signing: newSigningKeyPair(), pinnedAuthority };
}

/** An envelope: the user's private keys under their password, and `keys` sealed to their public key. */
export async function writeSlot(owner: SlotOwner, secrets: UserSecrets, password: string, keys: Partial<Record<KeyName, Buffer>>, cost: KdfCost): Promise<KeySlot> {
  const salt = randomBytes(16);
  const kek = await scrypt(password, salt, cost);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(secretAad(owner.archiveId, owner.userId));
  const plain = Buffer.concat([secrets.encryption.privateKey, secrets.signing.privateKey, secrets.pinnedAuthority]);
  const secret = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  kek.fill(0);
  return {
    version: 2,
    userId: owner.userId,
    username: owner.username,
    kdf: { name: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: text64(salt) },
    iv: text64(iv),
    secret: text64(secret),
    tag: text64(cipher.getAuthTag()),
    encryptionKey: text64(secrets.encryption.publicKey),
    signingKey: text64(secrets.signing.publicKey),
    sealed: sealAll(keys, secrets.encryption.publicKey, owner.archiveId, owner.userId),
  };
}

export function sealAll(keys: Partial<Record<KeyName, Buffer>>, recipient: Buffer, archiveId: string, recipientId: string): Record<string, SealedKey> {
  const sealed: Record<string, SealedKey> = {};
  for (const name of KEY_NAMES) {
    const key = keys[name];
    if (key) sealed[name] = sealKey(key, recipient, { archiveId, recipientId, name });
  }
  return sealed;
}

/**
 * The costs this format writes (tests use 2^10; 2^17 is the next planned raise). A slot
 * asking for more would let an edited archive.json spend minutes and gigabytes per unlock.
 */
export const KDF_BOUNDS = { minLogN: 10, maxLogN: 17, r: 8, p: 1 } as const;

function kdfProblem(kdf: KdfParams): string | null {
  const { N, r, p } = kdf;
  const logN = Math.log2(N);
  if (!Number.isInteger(logN) || logN < KDF_BOUNDS.minLogN || logN > KDF_BOUNDS.maxLogN) return `scrypt N=${N}`;
  if (r !== KDF_BOUNDS.r || p !== KDF_BOUNDS.p) return `scrypt r=${r} p=${p}`;
  if (bytes(kdf.salt).length !== 16) return 'salt length';
  return null;
}

/** Why a slot is outside what its format writes, or null when it is well-formed. */
export function slotProblem(slot: AnySlot): string | null {
  const kdf = kdfProblem(slot.kdf);
  if (kdf) return kdf;
  if (bytes(slot.iv).length !== 12) return 'iv length';
  if (bytes(slot.tag).length !== 16) return 'tag length';
  if (isLegacySlot(slot)) return bytes(slot.wrappedKey).length !== DATA_KEY_BYTES ? 'key length' : null;
  if (bytes(slot.secret).length !== 96) return 'secret length';
  if (bytes(slot.encryptionKey).length !== 32 || bytes(slot.signingKey).length !== 32) return 'public key length';
  for (const sealed of Object.values(slot.sealed)) {
    const problem = sealedProblem(sealed);
    if (problem) return problem;
  }
  return null;
}

async function decryptUnderPassword(slot: AnySlot, password: string, aad: Buffer, ciphertext: string): Promise<Buffer | null> {
  const problem = slotProblem(slot);
  if (problem) throw new DossierError('archive.corrupt', { detail: `key slot of ${slot.username}: ${problem}` });
  const kek = await scrypt(password, bytes(slot.kdf.salt), slot.kdf);
  try {
    // A full 16-byte tag only: a truncated tag would make forging a slot cheap.
    const decipher = createDecipheriv('aes-256-gcm', kek, bytes(slot.iv), { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(bytes(slot.tag));
    return Buffer.concat([decipher.update(bytes(ciphertext)), decipher.final()]);
  } catch {
    return null;
  } finally {
    kek.fill(0);
  }
}

/**
 * The user's private keys, or null when the password is wrong. Throws `archive.corrupt` for
 * a slot outside the format's bounds (never tried) or whose public keys are not its own.
 */
export async function openSlot(slot: KeySlot, password: string, archiveId: string): Promise<UserSecrets | null> {
  const plain = await decryptUnderPassword(slot, password, secretAad(archiveId, slot.userId), slot.secret);
  if (!plain) return null;
  const encryption = { privateKey: Buffer.from(plain.subarray(0, 32)), publicKey: bytes(slot.encryptionKey) };
  const seed = Buffer.from(plain.subarray(32, 64));
  const signing = { privateKey: seed, publicKey: bytes(slot.signingKey) };
  const pinnedAuthority = Buffer.from(plain.subarray(64, 96));
  plain.fill(0);
  // The public keys beside the secret are not encrypted: they must be the secret's own.
  const derivedX = rawPublic(createPublicKey(x25519Private(encryption.privateKey)));
  if (!sameKey(derivedX, encryption.publicKey) || !sameKey(publicOfSigningSeed(seed), signing.publicKey)) {
    throw new DossierError('archive.corrupt', { detail: `key slot of ${slot.username}: public keys` });
  }
  return { encryption, signing, pinnedAuthority };
}

/** The key `name` sealed in this envelope, or null when it holds none (or a forged one). */
export function openSlotKey(slot: KeySlot, secrets: UserSecrets, archiveId: string, name: KeyName): Buffer | null {
  const sealed = slot.sealed[name];
  return sealed ? openSealed(sealed, secrets.encryption, { archiveId, recipientId: slot.userId, name }) : null;
}

function legacyAad(archiveId: string, userId: string): Buffer {
  return Buffer.from(`dossier-key-slot:v1:${archiveId}:${userId}`, 'utf8');
}

/** Format 1: the data key, or null when the password is wrong. */
export async function openLegacySlot(slot: LegacySlot, password: string, archiveId: string): Promise<Buffer | null> {
  const key = await decryptUnderPassword(slot, password, legacyAad(archiveId, slot.userId), slot.wrappedKey);
  return key && key.length === DATA_KEY_BYTES ? key : null;
}

/** Format 1 slot writer: kept for tests of migrating archives written before format 2. */
export async function writeLegacySlot(dataKey: Buffer, password: string, owner: SlotOwner, cost: KdfCost): Promise<LegacySlot> {
  const salt = randomBytes(16);
  const kek = await scrypt(password, salt, cost);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(legacyAad(owner.archiveId, owner.userId));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  kek.fill(0);
  return {
    userId: owner.userId,
    username: owner.username,
    kdf: { name: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: text64(salt) },
    iv: text64(iv),
    wrappedKey: text64(wrapped),
    tag: text64(cipher.getAuthTag()),
  };
}

/** Spends a real unlock's time (at the default cost, whatever the slots say) so an unknown user name cannot be told apart. */
export async function burnKdf(): Promise<void> {
  await scrypt('', randomBytes(16), DEFAULT_KDF);
}

// ---- the recovery key ----

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 25 random bytes = 40 characters of a 32-letter alphabet without 0/O, 1/I: 200 bits. */
const RECOVERY_BYTES = 25;

function toBase32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const index = BASE32.indexOf(ch);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new recovery key as it is shown and printed: 8 groups of 5 characters. */
export function newRecoveryKey(): string {
  return toBase32(randomBytes(RECOVERY_BYTES)).match(/.{5}/g)!.join('-');
}

/** The key's 25 bytes from what a person typed (any case, with or without spaces and dashes), or null. */
export function parseRecoveryKey(typed: string): Buffer | null {
  const cleaned = typed.toUpperCase().replace(/[\s-]/g, '');
  if (cleaned.length !== 40) return null;
  const raw = fromBase32(cleaned);
  return raw && raw.length === RECOVERY_BYTES ? raw : null;
}

/** The recovery key's X25519 key pair: derived, never stored. */
export function recoveryKeyPair(raw: Buffer, archiveId: string): RawKeyPair {
  const seed = Buffer.from(hkdfSync('sha256', raw, Buffer.from(archiveId, 'utf8'), 'dossier-recovery:v2', 32));
  const privateKey = x25519Private(seed);
  return { privateKey: seed, publicKey: rawPublic(createPublicKey(privateKey)) };
}

/** Names that differ only in case or Unicode form are one name (Ärger = ärger = ÄRGER, Straße = STRASSE). */
export function usernameKey(name: string): string {
  return name.trim().normalize('NFKD').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

export function sameKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
