/**
 * The Helix and Emacs recipes of the README, checked for what their editors' documentation requires, since
 * neither editor runs here: Helix's `languages.toml` parsed as TOML (Python's tomllib) with the server
 * attached to both `json` and `jsonc` and its settings where Helix answers `workspace/configuration` from;
 * eglot's entry covering every JSON major mode and its settings in the alist form every eglot reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fencedBlock } from './readme';

interface HelixConfig {
  'language-server'?: Record<string, { command?: string; args?: string[]; config?: { hlkms?: { rules?: Record<string, string> } } }>;
  language?: { name: string; 'language-servers'?: string[] }[];
}

function parseToml(text: string): { value?: HelixConfig; skip?: string } {
  const r = spawnSync('python3', ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'], { input: text, encoding: 'utf8' });
  if (r.error) return { skip: 'python3 is not installed' };
  if (/No module named 'tomllib'/.test(r.stderr)) return { skip: 'python3 has no tomllib (Python 3.11 or later)' };
  assert.equal(r.status, 0, `the Helix recipe is not valid TOML: ${r.stderr}`);
  return { value: JSON.parse(r.stdout) as HelixConfig };
}

const helix = parseToml(fencedBlock('toml'));

test('Helix: languages.toml is valid TOML, attaches hlkms to json and jsonc next to the JSON server, with settings under config.hlkms', { skip: helix.skip ?? false }, () => {
  const config = helix.value!;
  const server = config['language-server']?.hlkms;
  assert.equal(server?.command, 'hlkms-language-server');
  assert.deepEqual(server?.args, ['--stdio']);
  // Helix answers workspace/configuration for section "hlkms" with config.hlkms.
  assert.deepEqual(server?.config?.hlkms?.rules, { 'sid-format': 'off' });
  for (const name of ['json', 'jsonc']) {
    const language = config.language?.find((l) => l.name === name);
    assert.deepEqual(language?.['language-servers'], ['vscode-json-language-server', 'hlkms'], `the ${name} language keeps its JSON server and adds hlkms`);
  }
});

test('Emacs: eglot starts hlkms for every JSON major mode, with settings in the alist form', () => {
  const elisp = fencedBlock('elisp');
  // The modes Eglot's own JSON entry lists; js-json-mode is what Emacs 29+ opens .json files in.
  assert.match(elisp, /'\(\(js-json-mode json-mode json-ts-mode jsonc-mode\) \. \("hlkms-language-server" "--stdio"\)\)/);
  // Emacs 28 has no js-json-mode: the recipe defines it rather than claiming every js-mode buffer.
  assert.match(elisp, /\(unless \(fboundp 'js-json-mode\)/);
  assert.doesNotMatch(elisp, /\(js-mode[ )]/, 'JavaScript buffers are not handed to hlkms');
  // ((:section . plist)) is read by eglot 1.9 (Debian 12) and, converted, by every later eglot.
  assert.match(elisp, /eglot-workspace-configuration '\(\(:hlkms \. \(:rules \(:sid-format "off"\)\)\)\)/);
  const opens = (elisp.match(/\(/g) ?? []).length;
  const closes = (elisp.match(/\)/g) ?? []).length;
  assert.equal(opens, closes, 'balanced parentheses');
});
