// `npm run bench`: bundles test/bench/run.ts the way esbuild.mjs bundles the server (node, cjs, no keepNames
// wrappers, no tsx loader in the loop) and runs the bundle, so the numbers are those of the shipped code.
// Extra arguments go to node, e.g. `npm run bench -- --cpu-prof`.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Each bench is its own process: terraform.ts (memory over edits, so first), run.ts (lint, CLI, LSP), then audit.ts
// (the audit at scale, behind throttling stand-ins), orgAudit.ts (`hlkms audit --org` over 500 accounts) and cdk.ts
// (the CDK plugin in a real synthesis). `HLKMS_BENCH=audit npm run bench` runs only the named ones.
const benches = ['terraform', 'run', 'audit', 'orgAudit', 'cdk'].filter((b) => !process.env.HLKMS_BENCH || process.env.HLKMS_BENCH.split(',').includes(b));
await esbuild.build({
  entryPoints: Object.fromEntries(benches.map((b) => [b, `${root}test/bench/${b}.ts`])),
  outdir: `${root}dist/bench`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  // The CDK app is the user's: CDK is loaded from node_modules as an app loads it, not bundled.
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
  alias: { 'web-tree-sitter': createRequire(import.meta.url).resolve('web-tree-sitter') }, // CommonJS, as esbuild.mjs bundles it
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
let status = 0;
for (const b of benches) {
  const r = spawnSync(process.execPath, [...process.argv.slice(2), `${root}dist/bench/${b}.js`], { cwd: root, stdio: 'inherit' });
  status ||= r.status ?? 1;
}
process.exit(status);
