#!/usr/bin/env node
// `npm run serve -- --archive DIR [--port N]`: browser mode (see server/main.ts), from the built
// bundle when it is up to date (scripts/build-cli.mjs), else from the sources through tsx.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { freshBundle, root } from '../bin/bundle.mjs';

const bundle = freshBundle('server');
const entry = bundle ? [bundle] : ['--import', 'tsx', path.join(root, 'server', 'main.ts')];
const result = spawnSync(process.execPath, [...entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
