/** Archive-wide settings. */
import { z } from 'zod';
import { op } from './kit.js';

export const Settings = z.object({
  archiveName: z.string(),
  archiveNoPattern: z.string(),
  loanDays: z.number().int(),
  loanMaxDays: z.number().int(),
  /** Clients are re-verified every this many days (clients.dueForVerification). */
  verifyIntervalDays: z.number().int(),
});

export const settingsOps = {
  'settings.get': op(z.object({}).default({}), Settings),
} as const;

export type Settings = z.output<typeof Settings>;
