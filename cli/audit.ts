/**
 * `dossier audit` (the log, or `--verify [--anchor CODE]`: every break of the chain and the
 * anchors it was checked against) and `dossier audit anchor` (the code to write down).
 */
import type { AuditVerification, AuthorityCheck } from '../shared/ops/auditChain.js';
import { catalogs } from '../shared/i18n/index.js';
import type { Language } from '../shared/i18n/index.js';
import { withSession } from './command.js';
import type { Command } from './command.js';
import { localTime } from './format.js';
import { fill } from './messages.js';
import { renderTable } from './table.js';

type ChainStrings = (typeof catalogs)['zh-CN']['ui']['chain'];
type Plural = 'ok' | 'broken' | 'beforeSigning' | 'moreBreaks';

function plural(s: ChainStrings, key: Plural, count: number, params: Record<string, string | number>): string {
  return fill(count === 1 ? s[`${key}_one`] : s[key], { count, ...params });
}

/** The verification as lines of text: the verdict, every break, every anchor, the current anchor. */
export function verificationLines(result: AuditVerification, language: Language): string[] {
  const s = catalogs[language].ui.chain;
  const problems = result.breaks.length + result.moreBreaks;
  const lines = [result.ok ? plural(s, 'ok', result.entries, { entries: result.entries }) : plural(s, 'broken', problems, {})];
  lines.push(fill(s.entries, { entries: result.entries, signed: result.signedEntries }));
  if (result.beforeSigning > 0) lines.push(plural(s, 'beforeSigning', result.beforeSigning, {}));
  for (const b of result.breaks) {
    const entries = b.toSeq !== null ? fill(s.entryRange, { from: b.seq, to: b.toSeq }) : fill(s.entryOne, { seq: b.seq });
    lines.push(`  ${fill(s.kinds[b.kind], { entries })}`);
  }
  if (result.moreBreaks > 0) lines.push(`  ${plural(s, 'moreBreaks', result.moreBreaks, {})}`);
  for (const a of result.anchors) {
    lines.push(fill(s.anchorLine, { source: fill(s.anchorSource[a.source], { count: a.count, at: localTime(a.at) }), result: s.anchorResult[a.result] }));
  }
  if (!result.anchorRemembered) lines.push(s.noAnchor);
  lines.push(`${fill(s.anchorLine, { source: s.anchorLabel, result: result.head.code })} ${fill(s.anchorCount, { count: result.head.count })}`);
  return [...lines, ...authorityLines(result.authority, language)];
}

/** Whether the signed authority gives verification no reason to fail (an older, unsigned archive is said so, not failed). */
export function authorityHolds(check: AuthorityCheck): boolean {
  return check.state === 'ok' || check.state === 'unsigned';
}

/** The signed authority's state as lines: the verdict with the document's version, every row that differs, keys pending, repairs before. */
export function authorityLines(check: AuthorityCheck, language: Language): string[] {
  const a = catalogs[language].ui.authorityCheck;
  const lines = [`${a.title}${a.colon}${a.states[check.state]}${check.seq !== null ? fill(a.seq, { seq: check.seq }) : ''}`];
  for (const d of check.differences) {
    const what = d.kind === 'user' ? fill(a.user, { label: d.label ?? '' }) : d.label !== null ? fill(a.grant, { label: d.label }) : a.grantHidden;
    const fields = d.fields.map((f) => (a.fields as Record<string, string>)[f] ?? f).join(a.fieldSeparator);
    lines.push(`  ${fill(a.problems[d.problem], { what, fields })}`);
  }
  if (check.pending.length) lines.push(fill(a.pending, { names: check.pending.join(a.fieldSeparator) }));
  if (check.repaired > 0) lines.push(fill(check.repaired === 1 ? a.repaired_one : a.repaired, { count: check.repaired, at: localTime(check.lastRepairedAt) }));
  return lines;
}

export const auditCommands: Record<string, Command> = {
  audit: {
    options: { verify: { type: 'boolean' }, anchor: { type: 'string' }, limit: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const anchor = ctx.optional('anchor');
        if (ctx.values.verify || anchor !== undefined) {
          const result = await session.call('audit.verify', anchor !== undefined ? { anchor } : {});
          for (const line of verificationLines(result, ctx.language)) ctx.print(line);
          if (!result.ok || !authorityHolds(result.authority)) process.exitCode = 1;
          return result;
        }
        const entries = await session.call('audit.list', { limit: ctx.integer('limit') ?? 1000 });
        ctx.print(
          renderTable(
            ctx.m.headers.audit,
            entries.map((e) => [String(e.seq), localTime(e.at), e.username, e.action, e.targetLabel ?? '']),
          ),
        );
        ctx.print(fill(ctx.m.total, { count: entries.length }));
        return entries;
      }),
  },
  'audit anchor': {
    options: {},
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const anchor = await session.call('audit.anchor');
        const s = catalogs[ctx.language].ui.chain;
        ctx.print(anchor.code);
        ctx.print(`${fill(s.anchorCount, { count: anchor.count })} ${s.anchorHint}`);
        return anchor;
      }),
  },
};
