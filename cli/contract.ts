/**
 * The whole contract on the command line: `dossier call OPERATION` runs any operation as
 * --user, `dossier ops` lists them with their input and output as JSON Schema, and
 * `dossier search` is the global search box (search.query).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ArchiveHost } from '../db/host.js';
import { contract, isOperationName, OPERATION_NAMES } from '../shared/contract.js';
import type { OperationName } from '../shared/contract.js';
import { DossierError } from '../shared/errors.js';
import { SEARCH_KINDS } from '../shared/ops/search.js';
import type { SearchHit } from '../shared/ops/search.js';
import { UsageError, withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { fill } from './messages.js';
import { readPassword } from './password.js';
import { renderTable } from './table.js';

/** `--input '{"a": 1}'` or `--input @file.json`; absent: the operation's defaults. */
function readInput(ctx: CommandContext): unknown {
  const raw = ctx.optional('input');
  if (raw === undefined) return undefined;
  let text = raw;
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    try {
      text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
    } catch {
      throw new UsageError(fill(ctx.m.cannotRead, { file }));
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(fill(ctx.m.badJsonInput, { detail: err instanceof Error ? err.message : String(err) }));
  }
}

/** The archive status needs no password; with --user it is read after unlocking as that user. */
async function archiveStatus(ctx: CommandContext): Promise<unknown> {
  const host = new ArchiveHost(path.resolve(ctx.text('archive')), { program: ctx.m.program });
  try {
    const username = ctx.optional('user');
    if (username) await host.invoke('session.unlock', { username, password: await readPassword(ctx.m.passwordPrompt) });
    return await host.invoke('archive.status', {});
  } finally {
    host.close();
  }
}

export interface OperationDescription {
  name: OperationName;
  access: string;
  /** What the user's role must allow; null for operations callable while locked. */
  capability: string | null;
  write: boolean | 'bulk';
  input?: unknown;
  output?: unknown;
}

export function describeOperation(name: OperationName, withSchemas: boolean): OperationDescription {
  const definition = contract[name];
  const description: OperationDescription = {
    name,
    access: definition.access,
    capability: definition.access === 'public' ? null : definition.capability,
    write: definition.write,
  };
  if (withSchemas) {
    // Transforms (e.g. blank text becoming undefined) have no JSON Schema: described as what they accept and return.
    description.input = z.toJSONSchema(definition.input, { io: 'input', unrepresentable: 'any' });
    description.output = z.toJSONSchema(definition.output, { io: 'output', unrepresentable: 'any' });
  }
  return description;
}

function searchRow(ctx: CommandContext, hit: SearchHit): string[] {
  return [ctx.m.searchKind[hit.kind], hit.label, hit.archiveNo ?? '', hit.clientName, hit.date ?? ''];
}

export const contractCommands: Record<string, Command> = {
  call: {
    positionals: 1,
    options: { input: { type: 'string' } },
    async run(ctx) {
      const operation = ctx.positionals[0];
      if (!operation) throw new UsageError(ctx.m.missingOperation);
      if (!isOperationName(operation)) throw new DossierError('transport.unknownOperation', { operation });
      // Checked before unlocking: a mistake costs no password and no key derivation.
      const input = readInput(ctx);
      let output: unknown;
      if (contract[operation].access === 'public') {
        if (operation === 'archive.create') throw new UsageError(ctx.m.callUseInit);
        if (operation !== 'archive.status') throw new UsageError(fill(ctx.m.callSessionOp, { operation }));
        output = await archiveStatus(ctx);
      } else {
        output = await withSession(ctx, (session) => session.invoke(operation, input));
      }
      ctx.print(JSON.stringify(output, null, 2));
      return output;
    },
  },
  ops: {
    noArchive: true,
    options: {},
    async run(ctx) {
      const list = OPERATION_NAMES.map((name) => describeOperation(name, ctx.json));
      const writes = (w: boolean | 'bulk') => (w === 'bulk' ? 'bulk' : w ? ctx.m.yes : '');
      ctx.print(
        renderTable(
          ctx.m.headers.ops,
          list.map((o) => [o.name, o.access, o.capability ?? '', writes(o.write)]),
        ),
      );
      ctx.print(fill(ctx.m.total, { count: list.length }));
      return list;
    },
  },
  search: {
    positionals: 1,
    options: { kind: { type: 'string', multiple: true }, limit: { type: 'string' } },
    run(ctx) {
      const q = ctx.positionals[0]?.trim();
      if (!q) throw new UsageError(ctx.m.missingSearchText);
      const kinds = (ctx.values.kind as string[] | undefined) ?? [];
      for (const kind of kinds) if (!(SEARCH_KINDS as readonly string[]).includes(kind)) throw new UsageError(fill(ctx.m.badKind, { value: kind }));
      const limit = ctx.integer('limit');
      return withSession(ctx, async (session) => {
        const result = await session.call('search.query', { q, kinds: kinds.length ? (kinds as SearchHit['kind'][]) : undefined, limit });
        ctx.print(
          renderTable(
            ctx.m.headers.search,
            result.hits.map((hit) => searchRow(ctx, hit)),
          ),
        );
        ctx.print(fill(ctx.m.total, { count: result.total }));
        if (result.capped) ctx.print(fill(ctx.m.searchCapped, { count: result.hits.length }));
        return result;
      });
    },
  },
};
