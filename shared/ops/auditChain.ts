/** The audit chain's verification and anchors, as the `audit.verify` and `audit.anchor` operations carry them. */
import { z } from 'zod';
import { text } from './kit.js';

/** What can be wrong with the chain, each reported with the entry numbers it concerns. */
export const CHAIN_BREAK_KINDS = [
  /** Entries missing from the numbering (seq..toSeq, as they were numbered when written). */
  'deleted',
  /** An entry whose content no longer matches its hash, or whose hash was recomputed so the next no longer links to it. */
  'edited',
  /** Entries that do not belong where they stand: inserted before the following ones. */
  'inserted',
  /** Entries carrying another number than the one they were written with (after an insertion or deletion). */
  'renumbered',
  /** Entries moved out of their order. */
  'reordered',
  /** A signature that does not verify: the entry was changed and its hash recomputed without the signer's key. */
  'badSignature',
  /** A signature by a key the users' table does not hold, or by someone other than the entry's user. */
  'unknownSigner',
  /** An unsigned entry after signing began (written behind the engine's back). */
  'unsigned',
  /** The chain ends before an anchor's entry: entries seq..toSeq were cut off. */
  'truncated',
  /** The chain no longer holds an anchor's entry as it was: rewritten up to there. */
  'rewritten',
  /** No entries at all: every archive's chain starts with its creation. */
  'empty',
] as const;
export type ChainBreakKind = (typeof CHAIN_BREAK_KINDS)[number];

export const ChainBreak = z.object({
  kind: z.enum(CHAIN_BREAK_KINDS),
  /** The entry concerned (0 for an empty chain); with `toSeq`, the first of a run. */
  seq: z.number().int(),
  toSeq: z.number().int().nullable(),
});

export const AnchorCheck = z.object({
  /** A code typed in (`given`) or the last anchor this computer saw (`remembered`). */
  source: z.enum(['given', 'remembered']),
  count: z.number().int(),
  at: z.string().nullable(),
  result: z.enum(['matches', 'truncated', 'rewritten']),
});

export const ChainAnchor = z.object({
  /** The short code an auditor writes down: `DA-<count>-<10 characters><check>`. */
  code: z.string(),
  count: z.number().int(),
  /** The last entry's full hash. */
  head: z.string(),
});

/** What the signed authority (users' rights, grants) says at verification. */
export const AUTHORITY_STATES = [
  /** The document verifies under a trusted key and every row matches it. */
  'ok',
  /** Rows differ from the signed document: they give no rights, and the next write or sign-in puts them back. */
  'changed',
  /** The archive's authority key does not descend from the key the verifying user's envelope trusts. */
  'untrustedKey',
  /** No document signed with the current authority key. */
  'missing',
  /** The document's signature does not verify. */
  'badSignature',
  /** The document belongs to another archive. */
  'otherArchive',
  /** An archive of the older format, not yet signed (an administrator's sign-in signs it). */
  'unsigned',
] as const;

export const AuthorityCheck = z.object({
  state: z.enum(AUTHORITY_STATES),
  /** The signed document's sequence number: it grows with every change of authority (an older one put back shows as a lower number). */
  seq: z.number().int().nullable(),
  differences: z.array(
    z.object({
      kind: z.enum(['user', 'grant']),
      /** The user name as signed, or the granted file's archive number (null when the file is hidden from the verifier). */
      label: z.string().nullable(),
      problem: z.enum(['changed', 'added', 'deleted']),
      fields: z.array(z.string()),
    }),
  ),
  /** Users whose keys are registered but not yet signed (after an older archive's migration). */
  pending: z.array(z.string()),
  /** Times rows were found changed outside Dossier and put back (`authority.tampered` in the log), and the last time. */
  repaired: z.number().int(),
  lastRepairedAt: z.string().nullable(),
});

export const AuditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  brokenAtSeq: z.number().int().nullable(),
  breaks: z.array(ChainBreak),
  moreBreaks: z.number().int(),
  signedEntries: z.number().int(),
  /** Unsigned entries written before signing began (by an earlier engine): accepted, and said so. */
  beforeSigning: z.number().int(),
  head: ChainAnchor,
  anchors: z.array(AnchorCheck),
  /** Whether this computer remembers an anchor of this archive at all. */
  anchorRemembered: z.boolean(),
  /** The signed authority's state, checked beside the chain (`ok` above is the chain's alone). */
  authority: AuthorityCheck,
});

export const VerifyInput = z.object({ anchor: text(64).min(1).optional() }).default({});

export type ChainBreak = z.output<typeof ChainBreak>;
export type AnchorCheck = z.output<typeof AnchorCheck>;
export type AuditVerification = z.output<typeof AuditVerification>;
export type AuthorityCheck = z.output<typeof AuthorityCheck>;
export type ChainAnchor = z.output<typeof ChainAnchor>;
