/**
 * Leftovers: a renderer module nothing reaches from the page's entry is dead code (FileLoans
 * stayed behind after FileLedger replaced it), and an engineer's scratch spec or file in e2e/
 * would run in every e2e pass.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, sourceFiles } from './architecture/graph.js';

const ROOT = path.resolve(__dirname, '..');

describe('no leftovers', () => {
  it('every renderer module is reached from renderer/src/main.tsx', () => {
    const files = sourceFiles(ROOT, 'renderer/src', (rel) => /\.test\.tsx?$/.test(rel));
    const { edges } = buildGraph(ROOT, files);
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of edges.get(file) ?? []) visit(next);
    };
    visit('renderer/src/main.tsx');
    expect(reached.size).toBeGreaterThan(20);
    expect(files.filter((f) => !reached.has(f))).toEqual([]);
  });

  it('e2e/ holds no temporary specs or scratch files', () => {
    const names = readdirSync(path.join(ROOT, 'e2e'), { recursive: true }).map(String);
    expect(names.filter((n) => /(^|\/)(tmp|temp|scratch|debug)[-_.]|\.(bak|orig|tmp)$/i.test(n))).toEqual([]);
  });
});
