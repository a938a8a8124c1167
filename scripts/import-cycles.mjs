#!/usr/bin/env node
/**
 * The import cycles of a source tree: `node scripts/import-cycles.mjs [dir] [--json]` (default server/src) reads each
 * `.ts` file's relative imports (type-only ones too: they bind the layers as much) and prints every strongly
 * connected component of more than one file; exit code 1 when there is one. `--json` prints `{ imports, cycles }`
 * (paths relative to the tree) for the test of the layering.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"`;]*?\sfrom\s*)?['"](\.[^'"]+)['"]/g;
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
/** `./x` is `x.ts` or `x/index.ts`. */
const target = (from, spec) => [`${resolve(dirname(from), spec)}.ts`, join(resolve(dirname(from), spec), 'index.ts')]
  .find((f) => existsSync(f) && statSync(f).isFile());

const root = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'server/src');
const graph = new Map(files(root).map((f) => {
  const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  return [f, new Set([...text.matchAll(IMPORT)].map((m) => target(f, m[1])).filter(Boolean))];
}));

// Tarjan's strongly connected components.
const index = new Map();
const low = new Map();
const stack = [];
const cycles = [];
const visit = (v) => {
  index.set(v, index.size);
  low.set(v, index.get(v));
  stack.push(v);
  for (const w of graph.get(v)) {
    if (!index.has(w)) visit(w);
    if (stack.includes(w)) low.set(v, Math.min(low.get(v), low.get(w)));
  }
  if (low.get(v) !== index.get(v)) return;
  const component = stack.splice(stack.indexOf(v));
  if (component.length > 1) cycles.push(component.sort());
};
for (const v of graph.keys()) if (!index.has(v)) visit(v);

const rel = (f) => relative(root, f).split('\\').join('/');
if (process.argv.includes('--json')) {
  const imports = Object.fromEntries([...graph].map(([f, e]) => [rel(f), [...e].map(rel).sort()]));
  console.log(JSON.stringify({ imports, cycles: cycles.map((c) => c.map(rel)) }));
} else {
  const edges = [...graph.values()].reduce((n, e) => n + e.size, 0);
  console.log(`${graph.size} files, ${edges} imports under ${relative(process.cwd(), root).split('\\').join('/') || '.'}: ${cycles.length} cycle${cycles.length === 1 ? '' : 's'}`);
  for (const c of cycles) console.log(`- ${c.map(rel).join(', ')}`);
  process.exitCode = cycles.length ? 1 : 0;
}
