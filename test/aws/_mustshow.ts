import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startOrg } from './orgFixture';
void (async () => {
  const org = await startOrg();
  try {
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))), ...org.env };
    console.log('accounts', JSON.stringify(org.accounts));
    await new Promise<void>((resolve) => execFile(process.execPath, [join(__dirname, '..', '..', 'dist', 'server', 'cli.js'), 'audit', '--org', '--role-name', 'HlkmsAudit', '--regions', 'us-east-1,us-west-2', '--format', process.argv[2] ?? 'json'], { env, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      console.log(stdout);
      console.log('STDERR:', stderr);
      console.log('EXIT CODE:', error ? error.code : 0);
      resolve();
    }));
  } finally { await org.stop(); }
})();
