/**
 * The layers and the only directions they may import in (ENGINEERING.md, "Process layout"):
 *
 *   shared/        nothing of ours; no Node, Electron, database or UI packages (it runs in every process)
 *   db/            shared/ (the engine; plain Node, never Electron)
 *   renderer/src/  shared/ only; no Node, Electron or database (the sandboxed page talks through shared/api.ts)
 *   renderer/dev/  renderer/src/, shared/, db/, server/ (Node tooling around the renderer)
 *   electron/      shared/, and db/ only through db/host.ts and db/connection.ts
 *   server/        db/, shared/
 *   cli/           db/, shared/, server/ (`dossier serve`)
 *   bench/         db/, shared/
 *   bin/           cli/, server/ (bundles or sources of the CLI)
 *   scripts/       bin/
 *   build/         nothing of ours
 *   tests/         anything but e2e/;  e2e/ shared/ (the catalogs);  root configs shared/
 *
 * And no import cycles anywhere: every .ts/.tsx/.mjs/.cjs file, type-only and dynamic imports included.
 * The same rules run as lint (eslint.config.js); each layer also compiles with only its own types
 * (tsconfig.<layer>.json).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildGraph, cyclesIn, findCycles, sourceFiles } from './architecture/graph.js';

/** The process boundaries (ENGINEERING.md): renderer ↛ db/electron/node, db ↛ electron, shared is pure. */
const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(rel);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

function resolvesInto(file: string, spec: string, folder: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
  return target === folder || target.startsWith(folder + path.sep);
}

describe('architecture', () => {
  it('keeps the renderer away from the engine, Electron and Node', () => {
    for (const file of sources('renderer/src')) {
      for (const spec of imports(file)) {
        expect(resolvesInto(file, spec, 'db') || resolvesInto(file, spec, 'electron') || resolvesInto(file, spec, 'server'), `${file} imports ${spec}`).toBe(false);
        expect(spec === 'electron' || spec.startsWith('node:') || spec === 'better-sqlite3', `${file} imports ${spec}`).toBe(false);
      }
    }
  });

  it('keeps the engine free of Electron and of the transports', () => {
    for (const file of sources('db')) {
      for (const spec of imports(file)) {
        expect(
          spec === 'electron' || resolvesInto(file, spec, 'electron') || resolvesInto(file, spec, 'server') || resolvesInto(file, spec, 'renderer'),
          `${file} imports ${spec}`,
        ).toBe(false);
      }
    }
  });

  it('keeps shared/ pure: no Node, Electron, engine or UI imports', () => {
    for (const file of sources('shared')) {
      for (const spec of imports(file)) {
        expect(spec.startsWith('node:') || spec === 'electron' || spec === 'better-sqlite3' || spec === 'react', `${file} imports ${spec}`).toBe(false);
        expect(resolvesInto(file, spec, 'db') || resolvesInto(file, spec, 'renderer') || resolvesInto(file, spec, 'electron'), `${file} imports ${spec}`).toBe(false);
      }
    }
  });
});

// ── Every folder, every import ────────────────────────────────────────────────────────────────

interface Layer {
  /** Our code this layer may import (layer names; a `db/…` file path allows that file only). */
  may: string[];
  /** Packages it may not import (the name or any subpath), checked outside its tests. */
  refuses?: string[];
}

const NODE_BUILTINS = 'node:'; // plus every bare built-in name, see refusesPackage()
const UI = ['react', 'react-dom', 'react-dom/client', 'zustand', 'i18next', 'react-i18next'];
const LAYERS: Record<string, Layer> = {
  shared: { may: [], refuses: [NODE_BUILTINS, 'electron', 'better-sqlite3', ...UI] },
  db: { may: ['shared'], refuses: ['electron', ...UI] },
  'renderer/src': { may: ['shared'], refuses: [NODE_BUILTINS, 'electron', 'better-sqlite3'] },
  'renderer/dev': { may: ['renderer/src', 'shared', 'db', 'server'] },
  electron: { may: ['shared', 'db/host.ts', 'db/connection.ts'] },
  server: { may: ['db', 'shared'], refuses: ['electron', ...UI] },
  cli: { may: ['db', 'shared', 'server'], refuses: ['electron', ...UI] },
  bench: { may: ['db', 'shared'], refuses: ['electron', ...UI] },
  bin: { may: ['cli', 'server'] },
  scripts: { may: ['bin'] },
  build: { may: [] },
  tests: { may: ['shared', 'db', 'renderer/src', 'renderer/dev', 'electron', 'server', 'cli', 'bench', 'bin', 'scripts', 'build'] },
  e2e: { may: ['shared'] },
  '.': { may: ['shared'] }, // vite/vitest/playwright/eslint configs at the root
};

const isFixture = (rel: string) => rel.startsWith('tests/fixtures/cycle');
const TREE = sourceFiles(ROOT, '.', isFixture);
const GRAPH = buildGraph(ROOT, TREE);

function layerOf(file: string): string | undefined {
  if (!file.includes('/')) return '.';
  return Object.keys(LAYERS)
    .filter((name) => name !== '.' && (file === name || file.startsWith(`${name}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

function allows(from: string, target: string): boolean {
  if (layerOf(target) === from) return true;
  return LAYERS[from]!.may.some((allowed) => (allowed.includes('.') ? target === allowed : layerOf(target) === allowed));
}

const BUILTINS = new Set(builtinModules);

function refusesPackage(layer: Layer, spec: string): boolean {
  return (layer.refuses ?? []).some((name) =>
    name === NODE_BUILTINS ? spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!) : spec === name || spec.startsWith(`${name}/`),
  );
}

const isTest = (file: string) => /\.(test|spec)\.tsx?$/.test(file);

describe('architecture: every layer', () => {
  it('knows the layer of every top-level folder with source files', () => {
    const unknown = [...new Set(TREE.map((file) => (layerOf(file) ? null : file.split('/')[0]!)).filter(Boolean))];
    expect(unknown, 'a new top-level folder needs its line in LAYERS (and in tsconfig.<layer>.json)').toEqual([]);
    for (const folder of ['shared', 'db', 'renderer/src', 'electron', 'cli', 'server', 'scripts', 'bench', 'build', 'tests', 'e2e']) {
      expect(
        TREE.some((file) => layerOf(file) === folder),
        `${folder} has sources`,
      ).toBe(true);
    }
  });

  it('imports only in the allowed directions', () => {
    const wrong: string[] = [];
    for (const [file, list] of GRAPH.imports) {
      const from = layerOf(file);
      if (!from) continue; // reported by the test above
      for (const { spec, to } of list) {
        if (to && !allows(from, to)) wrong.push(`${file} imports ${spec} (${from} may import ${LAYERS[from]!.may.join(', ') || 'nothing of ours'})`);
        if (!to && !spec.startsWith('.') && !isTest(file) && refusesPackage(LAYERS[from]!, spec)) wrong.push(`${file} imports the package ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle anywhere', () => {
    const cycles = findCycles(ROOT, TREE);
    expect(
      cycles.map((cycle) => cycle.join(' → ')),
      'import cycles, each as a → … → a',
    ).toEqual([]);
  });

  it('compiles every TypeScript file in a layer project with only that layer’s types', () => {
    const project = (name: string) => {
      const file = path.join(ROOT, `tsconfig.${name}.json`);
      const { config } = ts.readConfigFile(file, ts.sys.readFile);
      const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file);
      return { options: parsed.options, files: new Set(parsed.fileNames.map((f) => path.relative(ROOT, f).split(path.sep).join('/'))) };
    };
    const projects = Object.fromEntries(['shared', 'engine', 'renderer', 'node', 'dom-node'].map((name) => [name, project(name)]));
    const dom = (name: string) => (projects[name]!.options.lib ?? []).some((lib) => /dom/i.test(lib));
    const node = (name: string) => (projects[name]!.options.types ?? []).includes('node');
    expect([dom('shared'), node('shared')], 'shared: neither DOM nor Node').toEqual([false, false]);
    expect([dom('engine'), node('engine')], 'db: Node, no DOM').toEqual([false, true]);
    expect([dom('renderer'), node('renderer')], 'renderer: DOM, no Node').toEqual([true, false]);
    expect(dom('node'), 'Node processes: no DOM').toBe(false);

    const home = (file: string) => Object.keys(projects).filter((name) => projects[name]!.files.has(file));
    const typescript = TREE.filter((file) => /\.(ts|tsx)$/.test(file));
    expect(
      typescript.filter((file) => home(file).length === 0),
      'files no layer project checks',
    ).toEqual([]);
    expect(typescript.filter((file) => layerOf(file) === 'shared' && !home(file).includes('shared'))).toEqual([]);
    expect(typescript.filter((file) => layerOf(file) === 'db' && !home(file).includes('engine'))).toEqual([]);
    expect(typescript.filter((file) => layerOf(file) === 'renderer/src' && !isTest(file) && !home(file).includes('renderer'))).toEqual([]);
  });
});

describe('the cycle detector', () => {
  const fixtures = (dir: string) => sourceFiles(ROOT, `tests/fixtures/${dir}`);

  it('finds exactly the cycle a → b → c → a (type-only, dynamic and re-export edges), not the file that only reaches it', () => {
    expect(findCycles(ROOT, fixtures('cycle'))).toEqual([['tests/fixtures/cycle/a.ts', 'tests/fixtures/cycle/b.ts', 'tests/fixtures/cycle/c.ts', 'tests/fixtures/cycle/a.ts']]);
  });

  it('finds none in an acyclic tree, and resolves .js to .ts/.tsx and folders to their index', () => {
    const files = fixtures('cycle-free');
    expect(findCycles(ROOT, files)).toEqual([]);
    expect(buildGraph(ROOT, files).edges.get('tests/fixtures/cycle-free/a.ts')).toEqual([
      'tests/fixtures/cycle-free/b.ts',
      'tests/fixtures/cycle-free/c.ts',
      'tests/fixtures/cycle-free/nested/index.ts',
      'tests/fixtures/cycle-free/view.tsx',
    ]);
    expect(buildGraph(ROOT, files).edges.get('tests/fixtures/cycle-free/c.ts'), 'comments and strings are not imports').toEqual([]);
  });

  it('lists every cycle of a tangle, each returning to where it began', () => {
    const edges = new Map([
      ['x', ['y']],
      ['y', ['x', 'z']],
      ['z', ['x']],
      ['w', ['w']],
      ['v', ['x']],
    ]);
    expect(cyclesIn(edges)).toEqual([
      ['w', 'w'],
      ['x', 'y', 'x'],
      ['x', 'y', 'z', 'x'],
    ]);
  });
});
