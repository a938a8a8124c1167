// The same editor tests in desktop VS Code, downloaded by @vscode/test-electron (for machines that can reach
// update.code.visualstudio.com; scripts/e2e.mjs runs them in code-server instead). Run `npm run build` first.
//   node scripts/e2e-electron.mjs [--version 1.99.3]     (VS Code version; default: the engines.vscode floor)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values } = parseArgs({ options: { version: { type: 'string' } } });
const version = values.version ?? pkg.engines.vscode.replace(/^\^/, '');
const testEntry = join(root, 'dist', 'test', 'e2e', 'index.js');
if (!existsSync(testEntry)) {
  console.error('The editor tests are not built; run `npm run build` first.');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'hlkms-e2e-electron-'));
const workspace = join(tmp, 'workspace');
const resultsDir = join(tmp, 'results');
cpSync(join(root, 'samples'), workspace, { recursive: true });
mkdirSync(resultsDir);

let code = 1;
try {
  code = await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: testEntry,
    extensionTestsEnv: { HLKMS_E2E_RESULTS: resultsDir },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  }).catch((err) => {
    console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  });
} finally {
  const file = join(resultsDir, 'results.json');
  const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).results : [];
  for (const r of results) console.log(`  ${r.state === 'passed' ? 'ok  ' : 'FAIL'} ${r.title}${r.error ? `\n       ${r.error.split('\n')[0]}` : ''}`);
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.length - passed + (code !== 0 && results.length === passed ? 1 : 0);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code === 0 ? 0 : 1);
