// `npm run package [-- --out FILE]`: production bundles, then a .vsix with @vscode/vsce.
// The bundles carry every dependency, so the package has no node_modules tree.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const pkg = JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8'));
const out = outIndex >= 0 ? args[outIndex + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`);
if (!out) {
  console.error('package: --out needs a file name');
  process.exit(2);
}
const step = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(process.execPath, ['scripts/build-catalog.mjs']);
step(process.execPath, ['node_modules/typescript/bin/tsc', '-b']);
step(process.execPath, ['esbuild.mjs', '--production']);
step(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', out]);
console.log(`package: ${out} (${(statSync(out).size / 1024 / 1024).toFixed(2)} MB)`);
