/** `dossier user add` and `dossier user list`: the archive's users (users.create, users.list). */
import { parseConfidentiality, ROLES } from '../shared/domain/enums.js';
import type { Role } from '../shared/domain/enums.js';
import { UsageError, withSession } from './command.js';
import type { Command } from './command.js';
import { fill } from './messages.js';
import { NoPasswordError, passwordAvailable, readPassword } from './password.js';
import { renderTable } from './table.js';

const NEW_PASSWORD = 'DOSSIER_NEW_PASSWORD';

export const userCommands: Record<string, Command> = {
  'user add': {
    options: { username: { type: 'string' }, 'display-name': { type: 'string' }, role: { type: 'string' }, department: { type: 'string' }, clearance: { type: 'string' } },
    run(ctx) {
      const username = ctx.text('username');
      const displayName = ctx.text('display-name');
      const role = ctx.text('role').toLowerCase();
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(fill(ctx.m.badRole, { value: role }));
      const clearanceText = ctx.optional('clearance');
      const clearance = clearanceText === undefined ? undefined : parseConfidentiality(clearanceText);
      if (clearance === null) throw new UsageError(fill(ctx.m.badConfidentiality, { value: clearanceText! }));
      // Known before the administrator's key derivation is spent.
      if (!passwordAvailable(NEW_PASSWORD)) throw new NoPasswordError(NEW_PASSWORD);
      return withSession(ctx, async (session) => {
        const password = await readPassword(ctx.m.newPasswordPrompt, ctx.m.newPasswordRepeat, ctx.m.passwordMismatch, NEW_PASSWORD);
        const user = await session.call('users.create', { username, displayName, password, role: role as Role, department: ctx.optional('department'), clearance });
        ctx.print(fill(ctx.m.userAdded, { username: user.username, displayName: user.displayName, role: user.role }));
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
            users.map((u) => [u.username, u.displayName, u.role, u.department, u.clearance, u.active ? ctx.m.userState.active : ctx.m.userState.disabled]),
          ),
        );
        ctx.print(fill(ctx.m.total, { count: users.length }));
        return users;
      }),
  },
};
