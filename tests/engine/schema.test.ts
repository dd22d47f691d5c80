import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { newArchive } from '../helpers.js';

/** db/schema.ts as written: table name → column (camelCase) → whether its type admits null. */
function declaredSchema(): Map<string, Map<string, boolean>> {
  const file = path.resolve(__dirname, '../../db/schema.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const tables = new Map<string, Map<string, boolean>>();
  for (const member of interfaces.get('Database')!.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const table = (member.name as ts.Identifier).text;
    const columns = new Map<string, boolean>();
    for (const column of interfaces.get(member.type.getText(source))!.members) {
      if (ts.isPropertySignature(column) && column.type) columns.set((column.name as ts.Identifier).text, /\bnull\b/.test(column.type.getText(source)));
    }
    tables.set(table, columns);
  }
  return tables;
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe('the hand-written schema', () => {
  it('matches the tables and columns of a migrated archive, nullability included', async () => {
    const { session } = await newArchive();
    const declared = declaredSchema();
    const sqlite = session.db.sqlite;
    const actualTables = (sqlite.prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
    // The search index (migration-made FTS tables and their shadows) is reached by raw SQL only.
    const searchIndex = (name: string) => name.startsWith('search_') || name.includes('_fts') || name === 'client_search';
    expect(actualTables.filter((t) => !searchIndex(t) && !declared.has(t)).sort()).toEqual([]);
    for (const [table, columns] of declared) {
      const info = sqlite.prepare(`pragma table_info(${table})`).all() as { name: string; notnull: number; pk: number }[];
      expect(info.length, `table ${table} exists`).toBeGreaterThan(0);
      expect(info.map((c) => camel(c.name)).sort(), `columns of ${table}`).toEqual([...columns.keys()].sort());
      for (const column of info) {
        if (column.pk) continue;
        expect(columns.get(camel(column.name)), `${table}.${column.name} admits null in schema.ts exactly when SQLite does`).toBe(column.notnull === 0);
      }
    }
  });
});
