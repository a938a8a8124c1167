/**
 * The README's Neovim recipes, run as written in a headless Neovim against the built server: the first
 * diagnostics of a policy already leave out the rule the recipe switches off, and a quick fix requested
 * and applied the way Neovim applies code actions removes its finding. Each recipe runs on the Neovim
 * versions it is written for; the others skip, saying why (as all do where nvim is not installed).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { SERVER } from '../lsp/client';
import { lint } from '../support/service';
import { compareVersions, covers, neovimRecipes, parseNvimVersion, type NeovimRecipe, type NvimVersion } from './readme';

const HARNESS = join(__dirname, 'neovim-harness.lua');
/** A guard against a hung editor, not a wait: the harness itself polls with its own deadline. */
const KILL_AFTER_MS = 90_000;

// An identity policy with a Sid IAM rejects (sid-format) and a trailing comma (json-syntax, with a quick fix).
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read the data store",
      "Effect": "Allow",
      "Action": "healthlake:ReadResource",
      "Resource": "*",
    }
  ]
}
`;

function installedNvim(): { version?: NvimVersion; reason?: string } {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (r.error) return { reason: `nvim is not installed (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); on Debian: apt-get install neovim` };
  const version = parseNvimVersion(r.stdout);
  return version ? { version } : { reason: `cannot read the Neovim version from: ${r.stdout.split('\n')[0]}` };
}

/** The rules a recipe's settings switch off (`['rule-id'] = 'off'`). */
const rulesOff = (lua: string) => [...lua.matchAll(/\['([a-z0-9-]+)'\]\s*=\s*'off'/g)].map((m) => m[1]!);

interface HarnessResult {
  nvim: string;
  filetype?: string;
  error?: string;
  first?: { code: string; source: string; message: string }[];
  action?: string;
  after?: { code: string; message: string }[];
  text?: string;
}

/** Runs nvim on the policy with the recipe as its only configuration; returns the harness's report. */
async function runRecipe(recipe: NeovimRecipe): Promise<{ result: HarnessResult; diagnostics: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hlkms-nvim-'));
  try {
    // `hlkms-language-server` on PATH, as the npm package installs it.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const shim = join(bin, 'hlkms-language-server');
    writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${SERVER}' "$@"\n`);
    chmodSync(shim, 0o755);
    const init = join(dir, 'init.lua');
    writeFileSync(init, recipe.lua);
    const policy = join(dir, 'read-policy.json');
    writeFileSync(policy, POLICY);
    const out = join(dir, 'result.json');
    const xdg = Object.fromEntries(['CONFIG', 'DATA', 'STATE', 'CACHE'].map((k) => [`XDG_${k}_HOME`, join(dir, k.toLowerCase())]));
    const child = spawn('nvim', ['--headless', '-u', init, '-i', 'NONE', '-n', policy, '-c', `luafile ${HARNESS}`], {
      cwd: dir,
      env: { ...process.env, ...xdg, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HLKMS_NVIM_OUT: out, HLKMS_NVIM_FIX: 'json-syntax' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const guard = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(guard);
    // What to show when something fails: nvim's own output and its LSP log (cache or state dir by version).
    const logs = Object.values(xdg).flatMap((d) => (existsSync(d) ? readdirSync(d, { recursive: true }).map(String).filter((f) => f.endsWith('lsp.log')).map((f) => join(d, f)) : []));
    const diagnostics = `nvim exited with ${code}; output:\n${output}\n${logs.map((f) => `${f}:\n${readFileSync(f, 'utf8').slice(-4000)}`).join('\n')}`;
    assert.ok(existsSync(out), `the harness wrote no result. ${diagnostics}`);
    return { result: JSON.parse(readFileSync(out, 'utf8')) as HarnessResult, diagnostics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Neovim with the README recipe', () => {
  const recipes = neovimRecipes();
  const nvim = installedNvim();

  test('the README has a Neovim recipe for every version from 0.7 on, without gaps', () => {
    const sorted = [...recipes].sort((a, b) => compareVersions(a.min, b.min));
    assert.ok(sorted.length > 0, 'no <!-- neovim-recipe --> blocks in the Other editors section');
    assert.deepEqual(sorted[0]!.min, { major: 0, minor: 7 });
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1]!.max;
      assert.ok(before, `recipe ${sorted[i - 1]!.range} is open-ended but ${sorted[i]!.range} follows it`);
      assert.deepEqual(sorted[i]!.min, { major: before.major, minor: before.minor + 1 }, `a gap or overlap after ${sorted[i - 1]!.range}`);
    }
    assert.equal(sorted.at(-1)!.max, undefined, 'the newest recipe covers later versions too');
    for (const r of recipes) {
      assert.match(r.lua, /'hlkms-language-server', '--stdio'/, `recipe ${r.range} starts the server over stdio`);
      assert.match(r.lua, /'json', 'jsonc'/, `recipe ${r.range} covers json and jsonc buffers`);
      assert.ok(rulesOff(r.lua).length > 0, `recipe ${r.range} shows settings`);
    }
  });

  for (const recipe of recipes) {
    const skip = nvim.reason ?? (nvim.version && !covers(recipe, nvim.version)
      ? `the recipe is for Neovim ${recipe.range}; this machine has ${nvim.version.major}.${nvim.version.minor}`
      : false);
    test(`recipe for Neovim ${recipe.range}: first diagnostics respect its settings, and a quick fix applies`, { skip, timeout: KILL_AFTER_MS + 10_000 }, async () => {
      assert.ok(existsSync(SERVER), `${SERVER} is missing: run \`npm run build\` first.`);
      const off = rulesOff(recipe.lua);
      const all = lint(POLICY).map((f) => f.ruleId);
      for (const id of off) assert.ok(all.includes(id), `the test policy must trigger ${id}, which the recipe switches off`);

      const { result, diagnostics } = await runRecipe(recipe);
      assert.equal(result.error, undefined, `${result.error ?? ''}\n${diagnostics}`);
      assert.equal(result.filetype, 'json');
      const first = result.first ?? [];
      assert.ok(first.length > 0 && first.every((d) => d.source === 'hlkms'), JSON.stringify(first));
      assert.deepEqual(first.map((d) => d.code).sort(), all.filter((id) => !off.includes(id)).sort(),
        'the first diagnostics are the server\'s findings less the rules switched off');

      assert.equal(result.action, 'Remove the trailing comma');
      assert.match(result.text ?? '', /"Resource": "\*"\n\s*\}/, 'the comma after "Resource" is gone');
      assert.ok(!(result.after ?? []).some((d) => d.code === 'json-syntax'), JSON.stringify(result.after));
      assert.ok(!(result.after ?? []).some((d) => off.includes(d.code)), 'still switched off after the edit');
    });
  }
});
