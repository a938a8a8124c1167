// A real VS Code for `npm start` and the editor tests: code-server (VS Code as a server with its web
// workbench and the same Node extension host desktop VS Code uses for remote windows) driven by Chromium.
// Everything downloaded stays in the project's own cache folder, .cache/code-server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const cacheDir = join(root, '.cache', 'code-server');
export const CODE_SERVER_VERSION = '4.99.4';
export const chromiumPath = process.env.HLKMS_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const entry = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = join(cacheDir, 'installed.json');
const lockDir = join(cacheDir, 'install.lock');
// Chromium to drive the workbench, ripgrep to seed @vscode/ripgrep, headers for code-server's native modules.
const runtimePackages = ['chromium', 'ripgrep'];
const buildPackages = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];

const log = (msg) => console.error(`[code-server] ${msg}`);

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function poll(check, { timeoutMs, intervalMs = 100, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function missingDebPackages(names) {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) return [];
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** Installs the system packages with apt-get when root on Debian; otherwise says which command to run. */
export function ensureSystemPackages({ build = false } = {}) {
  const missing = missingDebPackages(build ? [...runtimePackages, ...buildPackages] : runtimePackages);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (!canApt) {
    throw new Error(`These system packages are needed to run VS Code in the browser: ${missing.join(', ')}.\n`
      + `Install them, then run again:\n  sudo sh -c '${command}'`);
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed; run it yourself: ${command}`);
    }
  }
}

/**
 * @vscode/ripgrep downloads rg from GitHub in its postinstall, after looking in
 * $TMPDIR/vscode-ripgrep-cache-<its version>/ for the release tarball: put the system's rg there.
 */
function seedRipgrepCache(tmp) {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep (rg) is not installed; install the "ripgrep" package and run again.');
  const staging = join(tmp, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  const tarball = join(tmp, 'rg.tar.gz');
  writeFileSync(join(staging, 'rg'), readFileSync(rg), { mode: 0o755 });
  if (spawnSync('tar', ['czf', tarball, '-C', staging, 'rg']).status !== 0) throw new Error('could not pack rg');
  const data = readFileSync(tarball);
  const releases = ['v13.0.0-10', 'v13.0.0-13', 'v13.0.0-4'];
  for (let minor = 15; minor <= 18; minor++) {
    for (let patch = 0; patch <= 20; patch++) {
      const dir = join(tmp, `vscode-ripgrep-cache-1.${minor}.${patch}`);
      mkdirSync(dir, { recursive: true });
      for (const rel of releases) writeFileSync(join(dir, `ripgrep-${rel}-x86_64-unknown-linux-musl.tar.gz`), data);
    }
  }
}

export function isInstalled() {
  if (!existsSync(entry) || !existsSync(marker)) return false;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Installs code-server and playwright-core into .cache/code-server once; later calls return at once. */
export async function ensureCodeServer() {
  ensureSystemPackages({ build: !isInstalled() });
  if (isInstalled()) return;
  mkdirSync(cacheDir, { recursive: true });
  // Another `npm start` or test run may be installing right now: wait for it rather than race it.
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        // The lock was just taken (pid not written yet) or just released: look again; a lock left
        // without a pid by a process that died at once is removed after a while.
        if (existsSync(lockDir) && statSync(lockDir).mtimeMs < Date.now() - 10_000) rmSync(lockDir, { recursive: true, force: true });
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (owner && pidAlive(owner)) {
        log(`another process (${owner}) is installing code-server; waiting for it`);
        await poll(() => !existsSync(lockDir), { timeoutMs: 20 * 60_000, intervalMs: 1000, what: 'the other install' });
        if (isInstalled()) return;
      } else {
        rmSync(lockDir, { recursive: true, force: true });
      }
    }
  }
  try {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (a few minutes: native modules build)`);
    const tmp = join(cacheDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    seedRipgrepCache(tmp);
    writeFileSync(join(cacheDir, 'package.json'), `${JSON.stringify({ private: true, description: 'code-server for hlkms' }, null, 2)}\n`);
    // code-server's postinstall refuses to run as root unless npm's unsafe-perm is set.
    const env = { ...process.env, TMPDIR: tmp, npm_config_yes: 'true', npm_config_unsafe_perm: 'true',
      npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
    const npm = spawnSync('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`, 'playwright-core'],
      { cwd: cacheDir, stdio: ['ignore', 'inherit', 'inherit'], env });
    if (npm.status !== 0 || !existsSync(entry)) {
      throw new Error(`installing code-server failed (npm exit ${npm.status}); see the npm output above. `
        + `Delete ${cacheDir} and run again after fixing the cause.`);
    }
    writeFileSync(marker, `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() })}\n`);
    rmSync(tmp, { recursive: true, force: true });
    log('code-server installed');
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** playwright-core: the project's dev dependency, or the copy installed next to code-server. */
export function loadPlaywright() {
  for (const base of [join(root, 'package.json'), join(cacheDir, 'package.json')]) {
    try {
      return createRequire(base)('playwright-core');
    } catch {
      // try the next place
    }
  }
  throw new Error('playwright-core is not installed; run `npm install`.');
}

export async function launchBrowser() {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}; install the "chromium" package.`);
  const { chromium } = loadPlaywright();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * Starts code-server in its own process group and resolves once it listens.
 * Returns { url, port, process, output(), stop() }; stop() ends the whole group.
 */
export async function launchCodeServer({ workspace, userDataDir, extensionsDir, port, timeoutMs = 60_000, quiet = true }) {
  port ??= await freePort();
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir, workspace];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VSCODE_PROXY_URI: '' } });
  let output = '';
  const onData = (d) => {
    output += d;
    if (!quiet) process.stderr.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));

  const stop = async () => {
    if (exited) return;
    for (const [signal, wait] of [['SIGTERM', 5000], ['SIGKILL', 5000]]) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        return;
      }
      if (await Promise.race([exit.then(() => true), new Promise((r) => setTimeout(() => r(false), wait).unref())])) return;
    }
  };
  try {
    await poll(() => {
      if (exited) throw new Error(`code-server exited (${exited.code ?? exited.signal}) before listening:\n${output}`);
      return /HTTP server listening/.test(output);
    }, { timeoutMs, what: 'code-server to listen' });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, port, process: child, exit, output: () => output, stop };
}
