/**
 * The layers of server/src import downward only: the model and the rules, then the hosts, then the language service
 * that composes them, then the front ends (LSP, CLI, live inspection). Read by scripts/import-cycles.mjs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const { imports, cycles } = JSON.parse(execFileSync(process.execPath, [join(root, 'scripts', 'import-cycles.mjs'), join(root, 'server', 'src'), '--json'], { encoding: 'utf8' })) as {
  imports: Record<string, string[]>;
  cycles: string[][];
};

const inHosts = (f: string) => f.startsWith('service/hosts/');
const inService = (f: string) => f.startsWith('service/') && !inHosts(f);
const arrows = (from: (f: string) => boolean, to: (f: string) => boolean) =>
  Object.entries(imports).flatMap(([f, list]) => (from(f) ? list.filter(to).map((t) => `${f} -> ${t}`) : []));

test('the import graph is read: the service imports the hosts', () => {
  assert.ok(Object.keys(imports).length > 100);
  assert.ok(imports['service/languageService.ts']?.some(inHosts));
});

test('no import cycle runs between the service and the hosts', () => {
  assert.deepEqual(cycles.filter((c) => c.some(inHosts) && c.some(inService)), []);
});

test('the hosts never import the language service that composes them', () => {
  assert.deepEqual(arrows(inHosts, (t) => t === 'service/languageService.ts'), []);
});

test('the service imports no front end, and the live inspection does not import the CLI', () => {
  const frontEnd = (f: string) => /^(lsp|cli|inspect)\//.test(f) || f === 'server.ts' || f === 'cli.ts';
  assert.deepEqual(arrows((f) => f.startsWith('service/'), frontEnd), []);
  assert.deepEqual(arrows((f) => f.startsWith('inspect/'), (t) => t.startsWith('cli/')), []);
});
