import type { settingsOps } from '../../shared/ops/settings.js';
import { readSettings, writeSettings } from '../records/settings.js';
import type { Handler, HandlersOf } from './kit.js';

export const getSettings: Handler<'settings.get'> = (ctx) => readSettings(ctx.db);

export const updateSettings: Handler<'settings.update'> = (ctx, input) => {
  const before = readSettings(ctx.db);
  const changed = Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && before[key as keyof typeof before] !== value));
  writeSettings(ctx.db, changed);
  ctx.audit({
    action: 'settings.update',
    targetType: 'settings',
    targetId: null,
    targetLabel: Object.keys(changed).join(', ') || null,
    details: Object.fromEntries(Object.keys(changed).map((key) => [key, { from: before[key as keyof typeof before], to: changed[key] }])),
  });
  return readSettings(ctx.db);
};

/** The handlers of the `settings.*` operations. */
export const settingsHandlers = {
  'settings.get': getSettings,
  'settings.update': updateSettings,
} satisfies HandlersOf<typeof settingsOps>;
