// `npm start`: build, set up VS Code in the browser (code-server) on first run, and serve the sample
// workspace with this extension loaded on http://127.0.0.1:<port>. Stays in the foreground until Ctrl-C.
//
//   npm start                      port 8080 (or $PORT)
//   npm start -- --port 9000       another port
//   npm start -- --reset           start again from a fresh copy of samples/ (your edits there are lost)
//   npm start -- --no-build        skip `npm run build`
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, ensureCodeServer, launchCodeServer, portIsFree, root } from './codeServer.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string' },
    reset: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log('usage: npm start [-- --port N] [--reset] [--no-build]');
  process.exit(0);
}
const port = Number(opts.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`"${opts.port ?? process.env.PORT}" is not a port number; pass --port with a number from 1 to 65535.`);
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const stateDir = join(root, '.cache', 'start');
const workspace = join(stateDir, 'workspace');
const userDataDir = join(stateDir, 'user-data');
const extensionsDir = join(stateDir, 'extensions');

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

if (!opts['no-build']) {
  console.log('Building the extension...');
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) {
    fail('the build failed (see above); fix it and run `npm start` again.');
  }
}
if (!existsSync(join(root, 'dist', 'client', 'extension.js'))) fail('dist/client/extension.js is missing; run `npm run build`.');

try {
  await ensureCodeServer();
} catch (err) {
  fail(err.message);
}

// The sample workspace is a copy, so trying fixes never changes the repository's samples.
if (opts.reset) rmSync(workspace, { recursive: true, force: true });
if (!existsSync(workspace)) cpSync(join(root, 'samples'), workspace, { recursive: true });

mkdirSync(join(userDataDir, 'User'), { recursive: true });
const settingsFile = join(userDataDir, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  writeFileSync(settingsFile, `${JSON.stringify({
    'workbench.startupEditor': 'readme',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  }, null, 2)}\n`);
}

// The extension is "installed" as a link to this repository: rebuild and reload the window to pick up changes.
rmSync(extensionsDir, { recursive: true, force: true });
mkdirSync(extensionsDir, { recursive: true });
symlinkSync(root, join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');

if (!(await portIsFree(port))) fail(`port ${port} on 127.0.0.1 is in use; choose another with \`npm start -- --port <n>\` or PORT=<n>.`);

let server;
try {
  server = await launchCodeServer({ workspace, userDataDir, extensionsDir, port, timeoutMs: 120_000 });
} catch (err) {
  fail(`VS Code did not start: ${err.message}\nIf the install looks broken, delete ${cacheDir} and run again.`);
}

console.log(`
HealthLake KMS Policy Tools is running in VS Code in the browser:

  ${server.url}/

Sample workspace: ${workspace}
Open bad/healthlake-guide-example.json to see diagnostics and quick fixes. Press Ctrl-C to stop.
`);

let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping VS Code...');
  await server.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
const ended = await server.exit;
if (!stopping) {
  console.error(`code-server stopped on its own (${ended.code ?? ended.signal}). Its last output:\n${server.output().split('\n').slice(-20).join('\n')}`);
  process.exit(1);
}
