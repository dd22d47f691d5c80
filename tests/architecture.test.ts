import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
        expect(spec === 'electron' || resolvesInto(file, spec, 'electron') || resolvesInto(file, spec, 'server') || resolvesInto(file, spec, 'renderer'), `${file} imports ${spec}`).toBe(false);
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
