/** The built CLI under a reader that stops early (`hlkms lint . | head -1`): it ends quietly with its own exit code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'server', 'cli.js');

test('a closed output pipe: the rest of the output is dropped, no EPIPE stack trace, the exit code is the lint result', async () => {
  // The reader is gone before the CLI writes a line (as `head` is once it has its lines): every write meets EPIPE.
  const child = spawn(process.execPath, [CLI, 'lint', 'samples'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event|\n\s+at /, stderr);
  assert.equal(code, 1, 'the lint result (the samples hold errors), not a crash');
});
