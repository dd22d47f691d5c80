import { sql } from 'kysely';
import { DossierError } from '../shared/errors.js';
import type { ArchiveDb } from './connection.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/index.js';

/**
 * Brings the schema up to date in one transaction: either every pending migration is
 * applied and recorded in `schema_migrations`, or none is.
 */
export function migrate(db: ArchiveDb, now: () => Date, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.run(sql`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at text not null)`);
  const applied = new Set(db.all(db.k.selectFrom('schema_migrations').select('version')).map((r) => r.version));
  const newest = Math.max(0, ...applied);
  if (newest > LATEST_SCHEMA_VERSION) throw new DossierError('archive.unsupportedVersion', { version: newest });
  const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const migration of pending) {
      migration.up({ schema: db.migrationSchema, exec: (statement) => db.run(statement) });
      db.run(db.k.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, appliedAt: now().toISOString() }));
    }
  });
  return pending.map((m) => m.version);
}
