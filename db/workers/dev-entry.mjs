// Development and tests run the engine from TypeScript: the worker registers tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
