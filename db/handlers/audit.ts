import { formatAnchorCode, parseAnchorCode } from '../../shared/domain/anchorCode.js';
import { DossierError } from '../../shared/errors.js';
import { currentAnchor } from '../anchors.js';
import { publicKeys, verifyAuditChain } from '../audit.js';
import type { AnchorInput } from '../audit.js';
import { auditCount, auditPage, auditUsers, authorityRepairs, visibleArchiveNos, visibleAudit } from '../records/auditLog.js';
import type { OperationContext } from '../context.js';
import type { AuthorityCheck } from '../../shared/ops/auditChain.js';
import { staged } from './kit.js';
import type { Handler } from './kit.js';
import type { auditOps } from '../../shared/ops/audit.js';
import type { HandlersOf } from './kit.js';

export const listAudit: Handler<'audit.list'> = (ctx, input) => auditPage(ctx, visibleAudit(ctx), input);

export const auditOverview: Handler<'audit.overview'> = (ctx, input) => ({ total: auditCount(ctx, visibleAudit(ctx), input), users: auditUsers(ctx) });

interface VerifyPrepared {
  anchors: AnchorInput[];
  /** Trusted signing key id → user id (a Map does not cross to the worker). */
  signingKeys: [string, string][] | null;
  anchorRemembered: boolean;
  authority: AuthorityCheck;
}

/** The signed authority's state as verification reports it; a grant names its file only if the verifier may see it. */
function authorityCheck(ctx: OperationContext): AuthorityCheck {
  const report = ctx.chain?.authority() ?? null;
  const repairs = authorityRepairs(ctx);
  if (!report) return { state: 'unsigned', seq: null, differences: [], pending: [], ...repairs };
  const files = visibleArchiveNos(
    ctx,
    report.differences.filter((d) => d.kind === 'grant').map((d) => d.label),
  );
  return {
    state: report.problem ?? (report.ok ? 'ok' : 'changed'),
    seq: report.seq,
    differences: report.differences.map((d) => ({ kind: d.kind, label: d.kind === 'user' ? d.label : (files.get(d.label) ?? null), problem: d.problem, fields: d.fields })),
    pending: report.pending,
    ...repairs,
  };
}

/**
 * Verification reads the whole chain (an Ed25519 check per signed entry), so it runs in a
 * worker on its own connection: the engine thread keeps answering meanwhile. What lives
 * outside the database (the anchor remembered on this computer, the keys the verified
 * authority document trusts) is read here first.
 */
export const verifyAudit = staged<'audit.verify', VerifyPrepared>({
  inWorker: true,
  prepare: async (ctx, input) => {
    const anchors: AnchorInput[] = [];
    if (input.anchor !== undefined) {
      const code = parseAnchorCode(input.anchor);
      if ('problem' in code) throw new DossierError(code.problem === 'check' ? 'audit.anchorMistyped' : 'audit.anchorInvalid', { code: input.anchor });
      anchors.push({ source: 'given', code });
    }
    const remembered = ctx.chain?.remembered() ?? null;
    if (remembered) anchors.push({ source: 'remembered', ...remembered });
    const keys = ctx.chain?.signingKeys() ?? null;
    return Promise.resolve({ anchors, signingKeys: keys ? [...keys] : null, anchorRemembered: remembered !== null, authority: authorityCheck(ctx) });
  },
  run: (ctx, _input, prepared, control) => {
    const trusted = prepared.signingKeys ? new Map(prepared.signingKeys) : null;
    const result = verifyAuditChain(ctx.db, {
      anchors: prepared.anchors,
      publicKey: publicKeys(trusted),
      signingExpected: (trusted?.size ?? 0) > 0,
      onRows: () => control.checkCancelled(),
    });
    const head = { count: result.head.count, head: result.head.hash, code: formatAnchorCode(result.head.count, result.head.hash) };
    return { ...result, head, anchorRemembered: prepared.anchorRemembered, authority: prepared.authority };
  },
});

/** The current anchor: the chain's length and head hash, with its short code. */
export const chainAnchor: Handler<'audit.anchor'> = (ctx) => currentAnchor(ctx.db);

/** The handlers of the `audit.*` operations. */
export const auditHandlers = {
  'audit.list': listAudit,
  'audit.overview': auditOverview,
  'audit.verify': verifyAudit,
  'audit.anchor': chainAnchor,
} satisfies HandlersOf<typeof auditOps>;
