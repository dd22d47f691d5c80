import type { searchOps } from '../../shared/ops/search.js';
import { searchDocs } from '../search/query.js';
import type { HandlersOf } from './kit.js';

/** The handlers of the `search.*` operations: one search box over clients, files and items. */
export const searchHandlers = {
  'search.query': (ctx, input) => searchDocs(ctx, input),
} satisfies HandlersOf<typeof searchOps>;
