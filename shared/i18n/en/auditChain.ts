import type { auditChainUi as zhAuditChainUi } from '../zh-CN/auditChain.js';

/** English: verifying the audit chain, its breaks and anchors. */
export const auditChainUi: typeof zhAuditChainUi = {
  chain: {
    title: 'Audit chain verification',
    verify: 'Verify chain',
    verifying: 'Verifying…',
    intro:
      "Verification checks every entry's hash and signature, lists every problem it finds, and compares the chain with anchors: an anchor records the number of entries and the last one's hash, so a log cut short or rewritten as a whole is found.",
    anchorLabel: 'Current anchor',
    anchorHint: 'Write the anchor code down or keep it with a printed audit report: typed in later, it reveals a log cut short or rewritten.',
    anchorCount: '({{count}} entries)',
    anchorInput: 'Check against an anchor code (optional)',
    anchorInputHint: 'Any case, spaces and dashes are fine; O reads as 0, I and L as 1.',
    ok: 'Audit chain intact: {{entries}} entries, no tampering found.',
    ok_one: 'Audit chain intact: {{entries}} entry, no tampering found.',
    broken: 'The audit chain has {{count}} problems: the log may have been tampered with!',
    broken_one: 'The audit chain has {{count}} problem: the log may have been tampered with!',
    entries: '{{entries}} entries, {{signed}} of them signed with valid signatures.',
    beforeSigning: '{{count}} entries were written before signing began (by an earlier version, unsigned): accepted, but they cannot prove they were not rewritten.',
    beforeSigning_one: '{{count}} entry was written before signing began (by an earlier version, unsigned): accepted, but it cannot prove it was not rewritten.',
    noAnchor: 'This computer remembers no anchor of this archive yet, so a log cut short cannot be found; type a written-down anchor code to check.',
    moreBreaks: '{{count}} more problems are not listed.',
    moreBreaks_one: '{{count}} more problem is not listed.',
    breaksTitle: 'Problems found',
    entryOne: 'Entry {{seq}}',
    entryRange: 'Entries {{from}}–{{to}}',
    kinds: {
      deleted: '{{entries}}: deleted',
      edited: '{{entries}}: changed after it was written',
      inserted: '{{entries}}: inserted, not part of the chain as written',
      renumbered: '{{entries}}: renumbered (written with other numbers)',
      reordered: '{{entries}}: moved out of order',
      badSignature: '{{entries}}: the signature does not verify; changed and its hash recomputed',
      unknownSigner: "{{entries}}: signed with a key that is not the entry's user's",
      unsigned: '{{entries}}: unsigned although signing had begun; not written by Dossier',
      truncated: '{{entries}}: cut off (an anchor records them)',
      rewritten: '{{entries}}: differs from the anchor; the log up to here was rewritten',
      empty: 'The audit log is empty: every entry was deleted',
    },
    anchorSource: {
      given: 'Anchor typed in (entry {{count}})',
      remembered: 'Anchor remembered on this computer (entry {{count}}, {{at}})',
    },
    anchorLine: '{{source}}: {{result}}',
    exportSheet: { title: 'Audit anchor', code: 'Anchor code', count: 'Entries', head: 'Hash of the last entry', at: 'Exported at' },
    anchorResult: {
      matches: 'matches',
      truncated: 'the log was cut short',
      rewritten: 'the log was rewritten',
    },
  },
};
