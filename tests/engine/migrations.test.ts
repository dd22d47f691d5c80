import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { migrate } from '../../db/migrate.js';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../db/migrations/index.js';
import { ADMIN, TEST_KDF, expectDossierError, newArchive } from '../helpers.js';

describe('migrations', () => {
  it('upgrades an archive made by the first schema version, keeping its data searchable', async () => {
    const { dir, session } = await newArchive({ migrations: MIGRATIONS.slice(0, 1) });
    const versions = () => session.db.sqlite.prepare('select version from schema_migrations order by version').all();
    expect(versions()).toEqual([{ version: 1 }]);
    // Written through raw SQL: version 1 has no search index, so the search operation cannot run yet.
    session.db.sqlite
      .prepare("insert into clients (id, name, status, created_at, updated_at) values ('c1', '南京嘉禾水务集团有限公司', 'active', '2026-01-01', '2026-01-01')")
      .run();
    session.close();

    const upgraded = await openArchive(dir, ADMIN.username, ADMIN.password, { kdfCost: TEST_KDF });
    const rows = upgraded.db.sqlite.prepare('select version from schema_migrations order by version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    const found = await upgraded.call('clients.list', { search: '嘉禾水务' });
    expect(found.rows.map((r) => r.name)).toEqual(['南京嘉禾水务集团有限公司']);
    upgraded.close();
  });

  it('applies pending migrations in one transaction: a failing one leaves the schema as it was', async () => {
    const { session } = await newArchive({ migrations: MIGRATIONS.slice(0, 1) });
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        name: 'broken',
        up: ({ exec, schema }: Parameters<(typeof MIGRATIONS)[number]['up']>[0]) => {
          exec(schema.createTable('half_done').addColumn('x', 'text'));
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(session.db, () => new Date(), broken)).toThrow('boom');
    const tables = session.db.sqlite.prepare("select name from sqlite_schema where name in ('half_done', 'clients_fts')").all();
    expect(tables).toEqual([]);
    expect(session.db.sqlite.prepare('select max(version) as v from schema_migrations').get()).toEqual({ v: 1 });
  });

  it('refuses an archive whose schema is newer than this program', async () => {
    const { dir, session } = await newArchive();
    session.db.sqlite.prepare("insert into schema_migrations values (999, 'future', '2030-01-01')").run();
    session.close();
    await expectDossierError(openArchive(dir, ADMIN.username, ADMIN.password), 'archive.unsupportedVersion');
  });
});
