/** Archive-wide settings, one JSON value per key. */
import type { Settings } from '../../shared/contract.js';
import { MIN_PASSWORD_LENGTH } from '../../shared/domain/passwords.js';
import type { ArchiveDb } from '../connection.js';

export const DEFAULT_SETTINGS: Settings = {
  archiveName: 'Dossier',
  archiveNoPattern: 'KH-{year}-{seq:4}',
  /** DOMAIN: loans last at most three days. */
  loanDays: 3,
  loanMaxDays: 3,
  /** DOMAIN: client information is re-verified periodically, e.g. every quarter. */
  verifyIntervalDays: 90,
  passwordMinLength: MIN_PASSWORD_LENGTH,
  idleLockMinutes: 10,
  ocrEnabled: true,
};

export function readSettings(db: ArchiveDb): Settings {
  const rows = db.all(db.k.selectFrom('settings').select(['key', 'value']));
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...stored } as Settings;
}

export function writeSettings(db: ArchiveDb, settings: Partial<Settings>): void {
  for (const [key, value] of Object.entries(settings)) {
    db.run(
      db.k
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })),
    );
  }
}
