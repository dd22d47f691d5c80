/** Archive-wide settings. */
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../domain/passwords.js';
import { op, required } from './kit.js';

export const Settings = z.object({
  archiveName: z.string(),
  archiveNoPattern: z.string(),
  loanDays: z.number().int(),
  loanMaxDays: z.number().int(),
  /** Clients are re-verified every this many days (clients.dueForVerification). */
  verifyIntervalDays: z.number().int(),
  /** New passwords need at least this many characters (never fewer than MIN_PASSWORD_LENGTH). */
  passwordMinLength: z.number().int(),
  /** The interface locks itself after this many idle minutes. */
  idleLockMinutes: z.number().int(),
  /** Scans added (the interface, `dossier scan add`, the hot folder) have their text read (OCR) right after. */
  ocrEnabled: z.boolean(),
});

export const settingsOps = {
  'settings.get': op(z.object({}).default({}), Settings),
  /** An administrator changes archive-wide settings; the fields given change, the others stay. */
  'settings.update': op(
    z.object({
      archiveName: required(100).optional(),
      verifyIntervalDays: z.number().int().min(1).max(3650).optional(),
      passwordMinLength: z.number().int().min(MIN_PASSWORD_LENGTH).max(128).optional(),
      idleLockMinutes: z.number().int().min(1).max(480).optional(),
      ocrEnabled: z.boolean().optional(),
    }),
    Settings,
    { capability: 'settings.manage', write: true },
  ),
} as const;

export type Settings = z.output<typeof Settings>;
