import { readSettings } from '../records/settings.js';
import type { Handler } from './kit.js';
import type { settingsOps } from '../../shared/ops/settings.js';
import type { HandlersOf } from './kit.js';

export const getSettings: Handler<'settings.get'> = (ctx) => readSettings(ctx.db);

/** The handlers of the `settings.*` operations. */
export const settingsHandlers = {
  'settings.get': getSettings,
} satisfies HandlersOf<typeof settingsOps>;
