#!/usr/bin/env node
/** `hlkms`: the language service on files (lint, simulate, diff) and a live key (inspect-key). */
import { UsageError, type Io } from './cli/io';

/**
 * Each command is loaded only when it runs, so `lint` and `diff` (run on every commit in CI and pre-commit)
 * never load the AWS SDK or the inspection code. Keep new commands in this shape.
 */
const commands: Record<string, { summary: string; run: (args: string[], io: Io) => Promise<number> }> = {
  lint: { summary: 'lint key policies and IAM policies (text, JSON, SARIF)', run: async (a, io) => (await import('./cli/lint')).lintCommand(a, io) },
  'inspect-key': { summary: "describe a live key, HealthLake's grants and the data stores using it", run: async (a, io) => (await import('./cli/inspectKey')).inspectKeyCommand(a, io) },
  simulate: { summary: 'evaluate a request against a policy and say which statement or condition decided', run: async (a, io) => (await import('./cli/simulate')).simulateCommand(a, io) },
  diff: { summary: 'what a key policy change gives and takes away (two files, or every change since a git revision)', run: async (a, io) => (await import('./cli/diff')).diffCommand(a, io) },
  audit: { summary: 'audit every HealthLake data store and its KMS key, in every Region', run: async (a, io) => (await import('./cli/audit')).auditCommand(a, io) },
};

const usage = () =>
  `Usage: hlkms <command> [options]\n\nCommands:\n${Object.entries(commands).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`).join('\n')}\n\nRun \`hlkms <command> --help\` for a command's options.`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(VERSION);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`hlkms: unknown command '${name}'.\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) io.err(`hlkms ${name}: ${e.message}`);
    else io.err(`hlkms ${name}: ${(e as Error).message ?? String(e)}`);
    return 2;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

if (require.main === module) {
  // A reader that stops early (`hlkms lint . | head`) closes the pipe: the rest of the output is dropped and the
  // command ends with its own exit code, rather than with a stack trace. Any other output error is said once.
  let outputClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (!outputClosed && e.code !== 'EPIPE') process.stderr.write(`hlkms: cannot write the output (${e.message})\n`);
    outputClosed = true;
  });
  const io: Io = { out: (s) => { if (!outputClosed) process.stdout.write(s + '\n'); }, err: (s) => process.stderr.write(s + '\n'), cwd: process.cwd() };
  main(process.argv.slice(2), io).then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`hlkms: ${(e as Error).message}\n`);
    process.exitCode = 2;
  });
}
