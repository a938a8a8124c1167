// Bundles the client, the server and the CLI (and the editor test suite) into dist/.
// `node esbuild.mjs --production` minifies and drops source maps (what the .vsix ships).
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  external: ['vscode'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // The AWS SDK's optional CRT and ESM-only helpers are not used.
  mainFields: ['module', 'main'],
};

const builds = [
  { entryPoints: { 'server/server': 'server/src/server.ts', 'server/cli': 'server/src/cli.ts' }, outdir: 'dist' },
  { entryPoints: { 'client/extension': 'client/src/extension.ts' }, outdir: 'dist' },
];
if (!production && existsSync('test/e2e/index.ts')) {
  builds.push({ entryPoints: { 'test/e2e/index': 'test/e2e/index.ts' }, outdir: 'dist', external: ['vscode', 'mocha'] });
}

await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b, external: b.external ?? common.external })));
