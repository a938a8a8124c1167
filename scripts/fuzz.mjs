// `npm run fuzz`: every property test (the test files that use test/support/fuzz.ts) with a random seed and ten
// times the cases, to look for failures `npm test` (one fixed seed) cannot find. Each file prints its seed; a
// failure is saved for replay by the test itself. HLKMS_FUZZ_SEED and HLKMS_FUZZ_SCALE override the defaults.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, env) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });

if (!process.env.HLKMS_SKIP_BUILD && run('npm', ['run', '--silent', 'build']).status !== 0) process.exit(1);
const files = readdirSync(join(root, 'test'), { recursive: true }).map(String)
  .filter((f) => f.endsWith('.test.ts') && /from '(\.\.\/)+support\/fuzz'/.test(readFileSync(join(root, 'test', f), 'utf8')))
  .sort().map((f) => join('test', f));
const env = { HLKMS_FUZZ_SEED: process.env.HLKMS_FUZZ_SEED || 'random', HLKMS_FUZZ_SCALE: process.env.HLKMS_FUZZ_SCALE || '10' };
const r = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], env);
process.exit(r.status ?? 1);
