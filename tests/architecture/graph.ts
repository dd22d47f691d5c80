import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The import graph of a source tree: every edge is a file importing another file of ours. */

export const SOURCE = /\.(ts|tsx|mts|cts|mjs|cjs|js|jsx)$/;
const DECLARATION = /\.d\.[mc]?ts$/;
// Build output (dist/, dist-electron/, dist-cli/ …), reports and caches are not sources.
const SKIP = new Set(['node_modules', 'release', 'test-results', 'playwright-report', '.tmp', '.cache', '.git']);

/** Every source file under `dir` (paths relative to `root`, with `/`), skipping build output and `skip`. */
export function sourceFiles(root: string, dir = '.', skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      if (SKIP.has(name) || name.startsWith('.') || /^dist(-|$)/.test(name)) continue;
      const child = rel === '.' ? name : `${rel}/${name}`;
      if (skip(child)) continue;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (SOURCE.test(name) && !DECLARATION.test(name)) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/**
 * Every module specifier of a file, static or dynamic, type-only or not: TypeScript's own
 * pre-processor reads them, so comments and string contents never count.
 */
export function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

const CANDIDATES: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};
const BARE = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The file a relative specifier names, the way TypeScript's bundler resolution finds it; null for packages and assets. */
export function resolve(root: string, from: string, spec: string): string | null {
  if (!spec.startsWith('./') && !spec.startsWith('../') && spec !== '.' && spec !== '..') return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const isFile = (rel: string) => existsSync(path.join(root, rel)) && statSync(path.join(root, rel)).isFile();
  const ext = path.posix.extname(target);
  const tries: string[] = [];
  if (CANDIDATES[ext]) tries.push(...CANDIDATES[ext]!.map((e) => target.slice(0, -ext.length) + e));
  if (SOURCE.test(target)) tries.push(target);
  tries.push(...BARE.map((e) => target + e), ...BARE.map((e) => `${target}/index${e}`));
  const found = tries.find(isFile);
  return found && SOURCE.test(found) ? found : null;
}

export interface Edge {
  from: string;
  to: string;
  spec: string;
}

export interface Graph {
  files: string[];
  /** Every import of every file, including packages (`to` is null for those). */
  imports: Map<string, { spec: string; to: string | null }[]>;
  edges: Map<string, string[]>;
}

export function buildGraph(root: string, files: string[]): Graph {
  const known = new Set(files);
  const imports = new Map<string, { spec: string; to: string | null }[]>();
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const list = specifiers(readFileSync(path.join(root, file), 'utf8')).map((spec) => ({ spec, to: resolve(root, file, spec) }));
    imports.set(file, list);
    edges.set(file, [...new Set(list.flatMap((i) => (i.to && known.has(i.to) ? [i.to] : [])))].sort());
  }
  return { files, imports, edges };
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cyclicComponents(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * The cycles to show for one component: for every import inside it, the shortest way back,
 * so each import that has to go appears in some listed cycle. Each cycle starts at its
 * alphabetically first file and ends where it began.
 */
export function cyclesOf(component: string[], edges: Map<string, string[]>): string[][] {
  const members = new Set(component);
  const inside = (v: string) => (edges.get(v) ?? []).filter((w) => members.has(w));
  const shortestPath = (from: string, to: string): string[] => {
    const previous = new Map<string, string>([[from, from]]);
    const queue = [from];
    while (queue.length) {
      const v = queue.shift()!;
      if (v === to) break;
      for (const w of inside(v)) {
        if (previous.has(w)) continue;
        previous.set(w, v);
        queue.push(w);
      }
    }
    const way = [to];
    while (way[0] !== from) way.unshift(previous.get(way[0]!)!);
    return way;
  };
  const seen = new Map<string, string[]>();
  for (const u of component) {
    for (const v of inside(u)) {
      const loop = u === v ? [u] : [u, ...shortestPath(v, u).slice(0, -1)];
      const first = loop.indexOf([...loop].sort()[0]!);
      const rotated = [...loop.slice(first), ...loop.slice(0, first)];
      seen.set(rotated.join('\0'), [...rotated, rotated[0]!]);
    }
  }
  return [...seen.values()].sort((a, b) => a.join('\0').localeCompare(b.join('\0')));
}

/** Every cycle of a graph, each as a path that returns to its start. */
export function cyclesIn(edges: Map<string, string[]>): string[][] {
  return cyclicComponents(edges).flatMap((component) => cyclesOf(component, edges));
}

/** Every import cycle among `files`. */
export function findCycles(root: string, files: string[]): string[][] {
  return cyclesIn(buildGraph(root, files).edges);
}
