// The editor tests in a real VS Code: code-server serves a copy of the sample workspace, headless Chromium
// opens it with this repository as the extension under development, and the test entry
// (dist/test/e2e/index.js, built by `npm run build`) runs mocha inside the extension host.
// Prints "e2e: N passed, M failed"; exits non-zero on any failure or when the run does not finish in time.
// Screenshots go to test-results/. `HLKMS_E2E_GREP=<text>` runs only matching tests.
// `--extension DIR` loads the extension from DIR (e.g. an unpacked .vsix) instead of this repository.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer, launchBrowser, launchCodeServer, root } from './codeServer.mjs';

const DEADLINE_MS = Number(process.env.HLKMS_E2E_TIMEOUT_MS ?? 6 * 60_000);
const testEntry = join(root, 'dist', 'test', 'e2e', 'index.js');
const extensionArg = process.argv.indexOf('--extension');
const extensionPath = extensionArg >= 0 ? resolve(process.argv[extensionArg + 1] ?? '') : root;
const artifacts = join(root, 'test-results');

const cleanups = [];
let finished = false;

async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (err) {
      console.error(`e2e: cleanup: ${err.message}`);
    }
  }
}

function report(results, extraFailures = 0) {
  for (const r of results) {
    console.log(`  ${r.state === 'passed' ? 'ok  ' : 'FAIL'} ${r.title}${r.durationMs !== undefined ? ` (${r.durationMs} ms)` : ''}`);
    if (r.error) console.log(r.error.split('\n').slice(0, 8).map((l) => `       ${l}`).join('\n'));
  }
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.length - passed + extraFailures;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed;
}

/** Tests ask for screenshots by writing <name>.screenshot-request; answer with <name>.screenshot-done. */
async function serveScreenshots(page, resultsDir) {
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('.screenshot-request'))) {
    const name = file.slice(0, -'.screenshot-request'.length);
    const request = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    rmSync(join(resultsDir, file));
    let status = 'ok';
    try {
      if (!/^[\w.-]+$/.test(name)) throw new Error(`bad screenshot name ${name}`);
      if (request.selector) await page.waitForSelector(request.selector, { state: 'visible', timeout: 15_000 });
      // Let the workbench finish painting what it just laid out (decorations, panel contents).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: join(artifacts, `${name}.png`) });
      console.log(`e2e: screenshot test-results/${name}.png`);
    } catch (err) {
      status = err.message;
    }
    // Written whole, then renamed into place, as the test writes its request.
    writeFileSync(join(resultsDir, `${name}.screenshot-done.partial`), status);
    renameSync(join(resultsDir, `${name}.screenshot-done.partial`), join(resultsDir, `${name}.screenshot-done`));
  }
}

async function main() {
  if (!existsSync(testEntry) || !existsSync(join(extensionPath, 'dist', 'client', 'extension.js'))) {
    throw new Error('The extension and its editor tests are not built; run `npm run build` first.');
  }
  await ensureCodeServer();
  mkdirSync(artifacts, { recursive: true });

  const tmp = mkdtempSync(join(tmpdir(), 'hlkms-e2e-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  const workspace = join(tmp, 'workspace');
  const resultsDir = join(tmp, 'results');
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  mkdirSync(resultsDir);
  const userDataDir = join(tmp, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'window.zoomLevel': 0,
    'remote.autoForwardPorts': false,
  }, null, 2));

  process.env.HLKMS_E2E_RESULTS = resultsDir;
  process.env.HLKMS_E2E_SCREENSHOTS = '1';
  const server = await launchCodeServer({ workspace, userDataDir, extensionsDir: join(tmp, 'extensions') });
  cleanups.push(async () => {
    await server.stop();
    writeFileSync(join(artifacts, 'e2e-code-server.log'), server.output());
  });

  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  let exitCode;
  await page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; });

  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['extensionTestsPath', remote(testEntry)]];
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

  const resultsFile = join(resultsDir, 'results.json');
  const deadline = Date.now() + DEADLINE_MS;
  while (exitCode === undefined && Date.now() < deadline && server.process.exitCode === null) {
    await serveScreenshots(page, resultsDir);
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.screenshot({ path: join(artifacts, 'e2e-final.png') }).catch(() => {});
  const run = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : { done: false, results: [] };
  if (consoleErrors.length) writeFileSync(join(artifacts, 'e2e-browser-console.log'), `${consoleErrors.join('\n')}\n`);

  let extra = 0;
  if (exitCode === undefined) {
    extra = 1;
    console.log(server.process.exitCode !== null
      ? `e2e: code-server exited (${server.process.exitCode}) before the tests finished; see test-results/e2e-code-server.log`
      : `e2e: the editor tests did not finish within ${DEADLINE_MS / 1000} s; see test-results/e2e-final.png`);
  } else if (!run.done) {
    extra = 1;
    console.log(`e2e: the test run ended (exit code ${exitCode}) without results; the extension host may have failed to load the tests. See test-results/e2e-final.png`);
  } else if (exitCode !== 0 && run.results.every((r) => r.state === 'passed')) {
    extra = 1;
    console.log(`e2e: the test run exited with ${exitCode} although every test passed`);
  }
  return report(run.results, extra);
}

const hardStop = setTimeout(async () => {
  if (finished) return;
  console.log(`e2e: 0 passed, 1 failed (gave up after ${(DEADLINE_MS + 60_000) / 1000} s)`);
  await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 10_000))]);
  process.exit(1);
}, DEADLINE_MS + 60_000);
hardStop.unref();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

try {
  const failed = await main();
  finished = true;
  await cleanup();
  process.exit(failed > 0 ? 1 : 0);
} catch (err) {
  finished = true;
  console.error(`e2e: ${err.message}`);
  console.log('e2e: 0 passed, 1 failed');
  await cleanup();
  process.exit(1);
}
