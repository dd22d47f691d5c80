#!/usr/bin/env node
// The `dossier` command. It runs the bundle (dist-cli/cli.mjs, see scripts/build-cli.mjs) when it
// is up to date, else the TypeScript sources through tsx, so a checkout works without a build.
// DOSSIER_CLI_FROM=bundle|source picks one (the bench compares both).
import { pathToFileURL } from 'node:url';
import { freshBundle } from './bundle.mjs';

const from = process.env.DOSSIER_CLI_FROM;
const bundle = from === 'source' ? null : freshBundle('cli');
if (from === 'bundle' && !bundle) {
  console.error('dossier: dist-cli/cli.mjs is missing or older than its sources; build it with: node scripts/build-cli.mjs');
  process.exit(2);
}
let main;
if (bundle) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../cli/main.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
