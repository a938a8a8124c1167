/**
 * The layers of server/src import downward only: the model and the rules, then the hosts, then the language service
 * that composes them, then the front ends (LSP, CLI, live inspection, the CDK plugin). Read by scripts/import-cycles.mjs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = [join(root, 'scripts', 'import-cycles.mjs'), join(root, 'server', 'src'), '--json'];
const { imports, cycles } = JSON.parse(execFileSync(process.execPath, script, { encoding: 'utf8' })) as { imports: Record<string, string[]>; cycles: string[][] };
const inHosts = (f: string) => f.startsWith('service/hosts/');
const arrows = (from: (f: string) => boolean, to: (f: string) => boolean) =>
  Object.entries(imports).flatMap(([f, list]) => (from(f) ? list.filter(to).map((t) => `${f} -> ${t}`) : []));

test('server/src has no import cycle, and the hosts never import the service', () => {
  assert.ok(imports['service/languageService.ts']?.some(inHosts), 'the graph is read: the service imports the hosts');
  assert.deepEqual(cycles, []);
  assert.deepEqual(arrows(inHosts, (t) => t === 'service/languageService.ts'), []);
});

test('the service imports no front end, and the live inspection does not import the CLI', () => {
  const frontEnd = (f: string) => /^(lsp|cli|inspect|cdk)\//.test(f) || f === 'server.ts' || f === 'cli.ts';
  assert.deepEqual(arrows((f) => f.startsWith('service/'), frontEnd), []);
  assert.deepEqual(arrows((f) => f.startsWith('inspect/'), (t) => t.startsWith('cli/')), []);
});
