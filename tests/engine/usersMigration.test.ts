import { describe, expect, it } from 'vitest';
import { newArchive } from '../helpers.js';

describe('migration 12 (users rebuilt, file grants)', () => {
  it('keeps every foreign key to users pointing at users, with no violation', async () => {
    const { session } = await newArchive();
    const sqlite = session.db.sqlite;
    const referencing = sqlite
      .prepare('select m.name as tbl, f."table" as target from sqlite_schema m, pragma_foreign_key_list(m.name) f where m.type = \'table\' and f."table" like \'users%\'')
      .all() as { tbl: string; target: string }[];
    expect(referencing.length).toBeGreaterThan(5);
    expect(new Set(referencing.map((r) => r.target))).toEqual(new Set(['users']));
    expect(sqlite.prepare('pragma foreign_key_check').all()).toEqual([]);
    expect(sqlite.prepare("select count(*) as n from sqlite_schema where name in ('users_old', 'users_new')").get()).toEqual({ n: 0 });
    session.close();
  });
});
