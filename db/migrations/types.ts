import type { Kysely } from 'kysely';
import type { Query } from '../connection.js';

export interface MigrationContext {
  /** Kysely's schema builder: compile-only here, statements run through `exec`. */
  // Frozen migrations name tables that later ones rename or drop: they are not typed by today's schema.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  schema: Kysely<any>['schema'];
  exec(statement: Query<unknown>): void;
}

export interface Migration {
  version: number;
  name: string;
  up(ctx: MigrationContext): void;
}
