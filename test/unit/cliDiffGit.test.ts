/** `hlkms diff --base REF` in a real temporary git repository: added, changed, renamed, deleted and untracked files. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { READER, healthLake, hlkms, policy, rootStatement, workdir } from './diffSupport';

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

const stable = policy(rootStatement, healthLake(READER));
/** Distinct texts (Sids differ), so git's rename detection pairs the rename and nothing else. */
const variant = (sid: string) => policy(rootStatement, healthLake(READER, undefined, { Sid: sid }));
const publicDecrypt = { Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' };
let repo = '';

before(() => {
  repo = workdir({
    'keys/unchanged.json': variant('unchanged'),
    'keys/changed.json': variant('changed'),
    'keys/old-name.json': variant('renamed'),
    'keys/deleted.json': variant('deleted'),
    'package.json': '{"name": "infra"}',
  });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  workdir({
    'keys/changed.json': policy(rootStatement, healthLake(READER), publicDecrypt),
    'keys/added.json': policy(rootStatement),
    'keys/untracked.json': policy(healthLake(READER)),
    'package.json': '{"name": "infra", "version": "2"}',
  }, repo);
  git(repo, 'mv', 'keys/old-name.json', 'keys/new-name.json');
  rmSync(join(repo, 'keys/deleted.json'));
  git(repo, 'add', 'keys/added.json');
  git(repo, 'commit', '-q', '-am', 'change');
});

test('every changed policy file is compared with its version at REF, one summary each', async () => {
  const r = await hlkms(['diff', '--base', 'HEAD~1', '--format', 'json'], {}, repo);
  assert.equal(r.code, 1, r.stderr);
  const files = JSON.parse(r.stdout).files as { path: string; oldPath?: string; status: string; note?: string; policies: { changes: unknown[]; public: { after: boolean }; lockout: { after: boolean } }[] }[];
  assert.deepEqual(files.map((f) => [f.path, f.status]), [
    ['keys/added.json', 'added'], ['keys/changed.json', 'modified'], ['keys/deleted.json', 'deleted'], ['keys/new-name.json', 'renamed'], ['keys/untracked.json', 'added'],
  ]);
  const by = (p: string) => files.find((f) => f.path === p)!;
  assert.equal(by('keys/new-name.json').oldPath, 'keys/old-name.json');
  assert.deepEqual(by('keys/new-name.json').policies[0]!.changes, [], 'a rename with the same text is no change');
  assert.equal(by('keys/changed.json').policies[0]!.public.after, true);
  assert.ok(by('keys/added.json').policies[0]!.changes.length > 0, 'a new file is compared with an empty policy: the account gains everything');
  assert.equal(by('keys/untracked.json').policies[0]!.lockout.after, true);
  assert.deepEqual(by('keys/deleted.json').policies, []);
  assert.match(by('keys/deleted.json').note!, /deleted/);
});

test('PATH limits the files; a rename with no change in meaning exits 0; text says so', async () => {
  const r = await hlkms(['diff', '--base', 'HEAD~1', 'keys/new-name.json', 'keys/old-name.json'], {}, repo);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, 'keys/new-name.json (renamed from keys/old-name.json): no change in access');
});

test('markdown over the repository names each file', async () => {
  const r = await hlkms(['diff', '--base', 'HEAD~1', '--format', 'markdown'], {}, repo);
  assert.match(r.stdout, /^### `keys\/changed\.json`: widens access, makes the key public$/m);
  assert.match(r.stdout, /^### `keys\/added\.json \(new file\)`: widens access$/m);
  assert.doesNotMatch(r.stdout, /package\.json/);
});

test('an unknown revision and a folder outside git exit 2 with the reason', async () => {
  const bad = await hlkms(['diff', '--base', 'no-such-ref'], {}, repo);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /'no-such-ref' is not a commit in this repository/);
  const outside = await hlkms(['diff', '--base', 'HEAD'], { 'a.json': stable });
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /git rev-parse failed: fatal: not a git repository/);
});
