// `npm run bench`: bundles test/bench/run.ts the way esbuild.mjs bundles the server (node, cjs, no keepNames
// wrappers, no tsx loader in the loop) and runs the bundle, so the numbers are those of the shipped code.
// Extra arguments go to node, e.g. `npm run bench -- --cpu-prof`.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/bench/run.js`;
await esbuild.build({
  entryPoints: [`${root}test/bench/run.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  alias: { 'web-tree-sitter': createRequire(import.meta.url).resolve('web-tree-sitter') }, // CommonJS, as esbuild.mjs bundles it
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, [...process.argv.slice(2), outfile], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
