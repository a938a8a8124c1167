// The packaged extension on its own: `npm run package` into a temp folder, unzip the .vsix, and run the editor
// tests against the unpacked extension (no repository node_modules beside it). Prints "e2e: N passed, M failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'hlkms-vsix-'));
const fail = (message) => {
  console.log(`e2e (vsix): ${message}`);
  console.log('e2e: 0 passed, 1 failed');
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
};
const vsix = join(tmp, 'hlkms.vsix');
const pack = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (pack.status !== 0) fail(`packaging failed:\n${pack.stdout}`);
const mb = statSync(vsix).size / 1024 / 1024;
console.log(`e2e (vsix): packaged ${mb.toFixed(2)} MB`);
if (mb > 5) fail(`the .vsix is ${mb.toFixed(2)} MB, over the 5 MB budget`);
// A .vsix is a zip file; Python's zipfile unpacks it without extra tools.
const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, join(tmp, 'unpacked')], { stdio: 'inherit' });
if (unzip.status !== 0) fail('could not unpack the .vsix');
const extension = join(tmp, 'unpacked', 'extension');
const run = spawnSync(process.execPath, [join(root, 'scripts/e2e.mjs'), '--extension', extension], {
  cwd: root, stdio: 'inherit', env: { ...process.env, HLKMS_E2E_EXTENSION: extension },
});
rmSync(tmp, { recursive: true, force: true });
process.exit(run.status ?? 1);
