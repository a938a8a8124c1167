// Bundles the client, the server, the CLI and the CDK plugin (and the editor test suite) into dist/.
// `node esbuild.mjs --production` minifies and drops source maps (what the .vsix ships).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { buildSchemaValidators } from './scripts/build-schema-validators.mjs';

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
  define: { __VERSION__: JSON.stringify(pkg.version), __AOT_SCHEMAS__: 'true' },
  logLevel: 'warning',
  // The AWS SDK's optional CRT and ESM-only helpers are not used.
  mainFields: ['module', 'main'],
  // The tree-sitter runtime's CommonJS build: its ES module build finds itself through import.meta.url, which a
  // CommonJS bundle does not have.
  alias: { 'web-tree-sitter': createRequire(import.meta.url).resolve('web-tree-sitter') },
};

// The CLI starts fast because each command is its own bundle, required only when it runs: `hlkms lint` and
// `hlkms diff` never parse the AWS SDK or the inspection code. Commands are the `import('./cli/<name>')` calls
// in server/src/cli.ts; each becomes dist/server/cli-<name>.js (flat, so the npm package's `dist/server/*.js` holds it).
const cliCommands = [...readFileSync('server/src/cli.ts', 'utf8').matchAll(/import\('\.\/cli\/(\w+)'\)/g)].map((m) => m[1]);
const commandsApart = {
  name: 'cli-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/cli\/\w+$/ }, (args) => (args.kind === 'dynamic-import' && args.importer.endsWith('cli.ts')
      ? { path: `./cli-${args.path.slice('./cli/'.length)}.js`, external: true }
      : undefined));
  },
};

const builds = [
  { entryPoints: { 'server/server': 'server/src/server.ts' }, outdir: 'dist' },
  // `require` rather than `import()` for the command bundles: they are CommonJS, and require is the cheaper load.
  { entryPoints: { 'server/cli': 'server/src/cli.ts' }, outdir: 'dist', plugins: [commandsApart], supported: { 'dynamic-import': false } },
  { entryPoints: Object.fromEntries(cliCommands.map((c) => [`server/cli-${c}`, `server/src/cli/${c}.ts`])), outdir: 'dist' },
  { entryPoints: { 'client/extension': 'client/src/extension.ts' }, outdir: 'dist' },
  // `hlkms/cdk`, the CDK policy-validation plugin (package.json "exports"): it finds dist/catalog by walking up.
  { entryPoints: { 'cdk/index': 'server/src/cdk/index.ts' }, outdir: 'dist' },
];
if (!production && existsSync('test/e2e/index.ts')) {
  builds.push({ entryPoints: { 'test/e2e/index': 'test/e2e/index.ts' }, outdir: 'dist', external: ['vscode', 'mocha'] });
}

buildSchemaValidators();
await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b, external: b.external ?? common.external })));
cdkDeclarations();

// The CDK plugin's types, next to its bundle: its public files declare every type they export (no inference across
// files), so each declaration file is made from its own source alone.
function cdkDeclarations() {
  const ts = createRequire(import.meta.url)('typescript');
  mkdirSync('dist/cdk', { recursive: true });
  for (const file of ['index', 'plugin', 'types']) {
    const source = readFileSync(`server/src/cdk/${file}.ts`, 'utf8');
    const out = ts.transpileDeclaration(source, { fileName: `${file}.ts`, compilerOptions: { declaration: true, isolatedDeclarations: true, stripInternal: true } });
    if (out.diagnostics?.length) throw new Error(`server/src/cdk/${file}.ts: ${ts.flattenDiagnosticMessageText(out.diagnostics[0].messageText, '\n')}`);
    writeFileSync(`dist/cdk/${file}.d.ts`, out.outputText);
  }
}

// The Terraform parser's WebAssembly (tree-sitter runtime and grammar) sits next to the server bundle, where
// server/src/service/hosts/terraform/parser.ts looks for it first; .vscodeignore keeps it in the .vsix.
const require = createRequire(import.meta.url);
mkdirSync('dist/server', { recursive: true });
for (const wasm of [require.resolve('web-tree-sitter/web-tree-sitter.wasm'), require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')]) {
  copyFileSync(wasm, `dist/server/${basename(wasm)}`);
}
