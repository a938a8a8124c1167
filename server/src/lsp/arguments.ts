/** Command-line handling for `hlkms-language-server`: help, version, and stdio as the default transport. */

const TRANSPORTS = /^--(stdio|node-ipc|socket|pipe)/;

/** True when the server should start. Without a transport flag (and not forked with IPC), stdio is used. */
export function serverArguments(argv: string[], version: string): boolean {
  if (argv.includes('--version')) {
    process.stdout.write(`${version}\n`);
    return false;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('Usage: hlkms-language-server [--stdio | --node-ipc | --socket=<port> | --pipe=<name>]\n\nServes the Language Server Protocol for AWS KMS key policies and IAM policies used with Amazon HealthLake.\nWithout a transport option it speaks LSP on stdin/stdout.\n');
    return false;
  }
  if (!argv.some((a) => TRANSPORTS.test(a)) && !process.send) argv.push('--stdio');
  return true;
}
