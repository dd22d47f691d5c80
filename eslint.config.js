// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * Rules that find bugs; layout is Prettier's (eslint-config-prettier comes last and turns off
 * anything that would fight it). Process boundaries are also checked, with the import graph and
 * cycles, by tests/architecture.test.ts; the lint rules here say it in the editor.
 */

// Exact names: a pattern like `domain` would also match our own `../domain/x.js`.
const NODE = builtinModules.filter((name) => !name.startsWith('_'));
const ENGINE_ENTRY_POINTS = ['./host.ts', './connection.ts'];

/** Packages a layer may not import (the `node:` scheme, Node's bare built-ins and `names`, with their subpaths). */
const packages = (names, message, { node = true } = {}) => ({
  paths: [...(node ? NODE : []), ...names].map((name) => ({ name, message })),
  patterns: [{ group: [...(node ? ['node:*'] : []), ...names.map((name) => `${name}/*`)], message }],
});

/** Our own folders a layer may not import from (resolved paths, so `../../db/x.js` and `../db` alike). */
const zones = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

export default defineConfig([
  globalIgnores(['**/node_modules/', 'dist*/', 'release/', 'test-results/', 'playwright-report/', '.tmp/', '.cache/', 'tests/fixtures/cycle*/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
    },
    rules: {
      // Run-time cycles in the editor; import-x skips `import type`, the architecture test counts those too.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Unused names are errors, except the deliberate `_`-prefixed ones and the rest of a destructuring.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    // Module scope, not global scope: `const crypto = require('node:crypto')` shadows nothing.
    languageOptions: { sourceType: 'commonjs', parserOptions: { ecmaFeatures: { globalReturn: true } } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter: `async ({}, use) =>` is required.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/**/*.test.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      // A missing dependency is a stale closure: a bug, not a hint.
      'react-hooks/exhaustive-deps': 'error',
      // The screens clear or flag state before a fetch inside the effect that starts it; the rule
      // rejects that ordinary pattern and would push the data loading into a library.
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': ['error', packages(['electron', 'better-sqlite3'], 'The renderer runs in a sandboxed page: it reaches the engine only through shared/api.ts.')],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [zones('./renderer/src', ['./db', './electron', './server', './cli', './renderer/dev'], 'The renderer may import only shared/ (the engine is behind the API).')] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        packages(['electron', 'better-sqlite3', 'react', 'react-dom'], 'shared/ runs in every process: no Node, Electron, database or UI packages.'),
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zones('./shared', ['./db', './renderer', './electron', './server', './cli', './bench', './scripts', './build', './tests', './e2e'], 'shared/ imports nothing of ours.'),
          ],
        },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        packages(['electron', 'react', 'react-dom'], 'The engine is plain Node: the CLI, the server and the tests run it without Electron.', { node: false }),
      ],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [zones('./db', ['./renderer', './electron', './server', './cli', './bench', './scripts', './build', './tests', './e2e'], 'The engine imports only shared/.')] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zones('./electron', ['./db'], 'Electron reaches the engine only through db/host.ts (and db/connection.ts for the native binding).', ENGINE_ENTRY_POINTS),
            zones('./electron', ['./renderer', './server', './cli', './bench', './scripts', './tests', './e2e'], 'Electron imports only shared/ and the engine entry points.'),
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'cli/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', packages(['electron', 'react', 'react-dom'], 'The CLI, the server and the benchmark run in plain Node.', { node: false })],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zones('./server', ['./renderer', './electron', './cli', './bench', './scripts', './tests', './e2e'], 'The server imports only db/ and shared/.'),
            zones('./cli', ['./renderer', './electron', './bench', './scripts', './tests', './e2e'], 'The CLI imports only db/, shared/ and server/ (for `serve`).'),
            zones('./bench', ['./renderer', './electron', './server', './cli', './scripts', './tests', './e2e'], 'The benchmark imports only db/ and shared/.'),
          ],
        },
      ],
    },
  },
  prettier,
]);
