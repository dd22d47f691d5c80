/**
 * `dossier user add|list|edit|disable|enable|remove|reset-password` and `dossier grant|grants|grant revoke`:
 * the archive's users and per-file grants (users.*, grants.*).
 */
import { parseConfidentiality, ROLES } from '../shared/domain/enums.js';
import type { Confidentiality, Role } from '../shared/domain/enums.js';
import { catalogs } from '../shared/i18n/index.js';
import { UsageError, withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { fill } from './messages.js';
import { NoPasswordError, passwordAvailable, readPassword } from './password.js';
import { renderTable } from './table.js';

const NEW_PASSWORD = 'DOSSIER_NEW_PASSWORD';

function roleOption(ctx: CommandContext): Role | undefined {
  const text = ctx.optional('role')?.toLowerCase();
  if (text === undefined) return undefined;
  if (!(ROLES as readonly string[]).includes(text)) throw new UsageError(fill(ctx.m.badRole, { value: text, roles: ROLES.join(', ') }));
  return text as Role;
}

function clearanceOption(ctx: CommandContext): Confidentiality | undefined {
  const text = ctx.optional('clearance');
  if (text === undefined) return undefined;
  const level = parseConfidentiality(text);
  if (level === null) throw new UsageError(fill(ctx.m.badConfidentiality, { value: text }));
  return level;
}

const level = (ctx: CommandContext, value: Confidentiality) => catalogs[ctx.language].enums.confidentiality[value];
/** A role by its title (档案管理员 / Archive clerk), never its code. */
const roleName = (ctx: CommandContext, value: Role) => catalogs[ctx.language].enums.role[value];

export const userCommands: Record<string, Command> = {
  'user add': {
    options: { username: { type: 'string' }, 'display-name': { type: 'string' }, role: { type: 'string' }, department: { type: 'string' }, clearance: { type: 'string' } },
    run(ctx) {
      const username = ctx.text('username');
      const displayName = ctx.text('display-name');
      const role = ctx.text('role').toLowerCase();
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(fill(ctx.m.badRole, { value: role, roles: ROLES.join(', ') }));
      const clearance = clearanceOption(ctx);
      // Known before the administrator's key derivation is spent.
      if (!passwordAvailable(NEW_PASSWORD)) throw new NoPasswordError(NEW_PASSWORD);
      return withSession(ctx, async (session) => {
        const password = await readPassword(ctx.m.newPasswordPrompt, ctx.m.newPasswordRepeat, ctx.m.passwordMismatch, NEW_PASSWORD);
        const user = await session.call('users.create', { username, displayName, password, role: role as Role, department: ctx.optional('department'), clearance });
        ctx.print(fill(ctx.m.userAdded, { username: user.username, displayName: user.displayName, role: roleName(ctx, user.role) }));
        return user;
      });
    },
  },
  'user list': {
    options: {},
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const users = await session.call('users.list');
        ctx.print(
          renderTable(
            ctx.m.headers.users,
            users.map((u) => [
              u.username,
              u.displayName,
              roleName(ctx, u.role),
              u.department,
              level(ctx, u.clearance),
              u.active ? ctx.m.userState.active : ctx.m.userState.disabled,
            ]),
          ),
        );
        ctx.print(fill(ctx.m.total, { count: users.length }));
        return users;
      }),
  },
  'user edit': {
    options: { username: { type: 'string' }, 'display-name': { type: 'string' }, department: { type: 'string' }, role: { type: 'string' }, clearance: { type: 'string' } },
    run(ctx) {
      const username = ctx.text('username');
      const changes = { displayName: ctx.optional('display-name'), department: ctx.optional('department'), role: roleOption(ctx), clearance: clearanceOption(ctx) };
      if (Object.values(changes).every((v) => v === undefined)) throw new UsageError(ctx.m.userAdmin.nothingToChange);
      return withSession(ctx, async (session) => {
        const user = await session.call('users.update', { username, ...changes });
        // What changed, in the reader's words: field names and role or level titles, never option codes.
        const f = ctx.m.userAdmin.fields;
        const shown = [
          changes.displayName !== undefined ? fill(f.displayName, { value: user.displayName }) : null,
          changes.department !== undefined ? fill(f.department, { value: user.department }) : null,
          changes.role !== undefined ? fill(f.role, { value: roleName(ctx, user.role) }) : null,
          changes.clearance !== undefined ? fill(f.clearance, { value: level(ctx, user.clearance) }) : null,
        ]
          .filter((part) => part !== null)
          .join(f.separator);
        ctx.print(fill(ctx.m.userAdmin.updated, { username: user.username, changes: shown }));
        return user;
      });
    },
  },
  'user disable': {
    options: { username: { type: 'string' }, reason: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const user = await session.call('users.disable', { username: ctx.text('username'), reason: ctx.optional('reason') });
        ctx.print(fill(ctx.m.userAdmin.disabled, { username: user.username }));
        return user;
      }),
  },
  'user enable': {
    options: { username: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const user = await session.call('users.enable', { username: ctx.text('username') });
        ctx.print(fill(ctx.m.userAdmin.enabled, { username: user.username }));
        return user;
      }),
  },
  'user remove': {
    options: { username: { type: 'string' }, reason: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const username = ctx.text('username');
        const result = await session.call('users.remove', { username, reason: ctx.optional('reason') });
        ctx.print(fill(ctx.m.userAdmin.removed, { username }));
        return { ...result, username };
      }),
  },
  'user reset-password': {
    options: { username: { type: 'string' } },
    run(ctx) {
      const username = ctx.text('username');
      if (!passwordAvailable(NEW_PASSWORD)) throw new NoPasswordError(NEW_PASSWORD);
      return withSession(ctx, async (session) => {
        const password = await readPassword(ctx.m.userAdmin.resetPrompt, ctx.m.userAdmin.resetRepeat, ctx.m.passwordMismatch, NEW_PASSWORD);
        const result = await session.call('users.resetPassword', { username, password });
        ctx.print(fill(ctx.m.userAdmin.passwordReset, { username }));
        return { ...result, username };
      });
    },
  },
  grant: {
    // `--user NAME` is the grantee as the issue writes the command, with the administrator in `--admin`;
    // `--user ADMIN --username NAME` (the older form) still works.
    options: { admin: { type: 'string' }, username: { type: 'string' }, file: { type: 'string' }, until: { type: 'string' }, reason: { type: 'string' } },
    run(ctx) {
      const until = ctx.text('until');
      const grantee = ctx.optional('username') ?? (ctx.optional('admin') !== undefined ? ctx.optional('user') : undefined);
      if (grantee === undefined) throw new UsageError(ctx.m.userAdmin.grantWho);
      return withSession(ctx, async (session) => {
        const grant = await session.call('grants.create', { username: grantee, archiveNo: ctx.text('file'), until, reason: ctx.optional('reason') });
        ctx.print(fill(ctx.m.userAdmin.granted, { username: grant.username, archiveNo: grant.archiveNo, confidentiality: level(ctx, grant.confidentiality), until: grant.until }));
        return grant;
      });
    },
  },
  grants: {
    options: { file: { type: 'string' }, username: { type: 'string' }, all: { type: 'boolean' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const grants = await session.call('grants.list', { archiveNo: ctx.optional('file'), username: ctx.optional('username'), includeExpired: ctx.values.all === true });
        ctx.print(
          renderTable(
            ctx.m.userAdmin.grantHeaders,
            grants.map((g) => [
              g.id,
              g.username,
              g.displayName,
              g.archiveNo,
              level(ctx, g.confidentiality),
              g.until,
              g.grantedBy,
              g.active ? ctx.m.userAdmin.grantActive : ctx.m.userAdmin.grantExpired,
            ]),
          ),
        );
        ctx.print(fill(ctx.m.total, { count: grants.length }));
        return grants;
      }),
  },
  'grant revoke': {
    options: { id: { type: 'string' }, reason: { type: 'string' } },
    run: (ctx) =>
      withSession(ctx, async (session) => {
        const id = ctx.text('id');
        const result = await session.call('grants.revoke', { id, reason: ctx.optional('reason') });
        ctx.print(fill(ctx.m.userAdmin.revoked, { id }));
        return { ...result, id };
      }),
  },
};
