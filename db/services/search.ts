import { searchDocs } from '../search/query.js';
import type { Handler } from './context.js';

export const searchHandlers = {
  'search.query': ((ctx, input) => searchDocs(ctx, input)) satisfies Handler<'search.query'>,
};
