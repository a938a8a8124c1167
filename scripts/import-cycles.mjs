#!/usr/bin/env node
/**
 * The import cycles of a source tree: `node scripts/import-cycles.mjs [dir]` (default server/src) reads every
 * `.ts` file's relative imports (`import`, `export ... from`, type-only ones too: they bind the layers as much),
 * finds the strongly connected components of that graph and prints each one with more than one file, or a file
 * importing itself. Exit code 1 when there is a cycle. `--json` prints `{ imports, cycles }` (paths relative to the
 * tree) for tests that check the layering.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A relative import to the file it names (`./x` is `x.ts` or `x/index.ts`). */
function target(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every relative import edge of the tree, by file. */
export function importGraph(root) {
  const graph = new Map();
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const edges = new Set();
    for (const m of text.matchAll(IMPORT)) {
      const to = target(file, m[1] ?? m[2]);
      if (to) edges.add(to);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Tarjan's strongly connected components that are cycles, each a sorted list of files. */
export function cycles(graph) {
  let index = 0;
  const indexes = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    indexes.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexes.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indexes.get(w)));
    }
    if (low.get(v) !== indexes.get(v)) return;
    const component = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!indexes.has(v)) visit(v);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'server/src');
  const graph = importGraph(root);
  const found = cycles(graph);
  if (args.includes('--json')) {
    const rel = (f) => relative(root, f).split('\\').join('/');
    const imports = Object.fromEntries([...graph].map(([f, e]) => [rel(f), [...e].map(rel).sort()]));
    console.log(JSON.stringify({ imports, cycles: found.map((c) => c.map(rel)) }));
    process.exit(0);
  }
  const edges = [...graph.values()].reduce((n, e) => n + e.size, 0);
  console.log(`${graph.size} files, ${edges} imports under ${relative(process.cwd(), root) || '.'}: ${found.length} cycle${found.length === 1 ? '' : 's'}`);
  for (const c of found) console.log(`- ${c.map((f) => relative(root, f)).join(', ')}`);
  process.exitCode = found.length ? 1 : 0;
}
