/** What CLI commands write to, so tests can run them in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

/** Bad arguments or unreadable input: a one-line message and exit code 2. */
export class UsageError extends Error {}

/** A tiny argument parser: `--name value`, `--name=value`, repeated options collected, flags. */
export function parseArgs(args: string[], spec: { options?: string[]; flags?: string[]; repeated?: string[] }) {
  const values: Record<string, string | undefined> = {};
  const lists: Record<string, string[]> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    if (spec.flags?.includes(name)) {
      flags.add(name);
      continue;
    }
    if (!spec.options?.includes(name) && !spec.repeated?.includes(name)) throw new UsageError(`unknown option '--${name}'`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    if (spec.repeated?.includes(name)) (lists[name] ??= []).push(value);
    else values[name] = value;
  }
  return { values, lists, flags, positional };
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}
