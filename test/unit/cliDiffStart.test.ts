/** `hlkms lint` and `hlkms diff` start without loading the AWS SDK or the inspection code (checked in a fresh process). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { policy, rootStatement, workdir } from './diffSupport';

const root = join(__dirname, '..', '..');

function loadedBy(args: string[], cwd: string): string[] {
  const script = `
    const { main } = require(${JSON.stringify(join(root, 'server/src/cli.ts'))});
    const io = { out() {}, err(s) { process.stderr.write(s + '\\n'); }, cwd: ${JSON.stringify(cwd)} };
    main(${JSON.stringify(args)}, io).then((code) => {
      const loaded = Object.keys(require.cache).filter((f) => /[\\\\/](@aws-sdk|@smithy)[\\\\/]|server[\\\\/]src[\\\\/]inspect[\\\\/]/.test(f));
      process.stdout.write(JSON.stringify({ code, loaded }));
    });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { code, loaded } = JSON.parse(r.stdout) as { code: number; loaded: string[] };
  assert.ok(code === 0 || code === 1, r.stderr);
  return loaded;
}

test('lint and diff load neither the AWS SDK nor server/src/inspect; inspect-key does', () => {
  const dir = workdir({ 'old.json': policy(rootStatement), 'new.json': policy(rootStatement, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }) });
  assert.deepEqual(loadedBy(['lint', 'old.json'], dir), []);
  assert.deepEqual(loadedBy(['diff', 'old.json', 'new.json'], dir), []);
  // The check can fail: the inspection command does load them.
  assert.ok(loadedBy(['inspect-key', '--help'], dir).length > 0);
});
