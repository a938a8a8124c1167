/** Profile names from the shared AWS config and credentials files (the files the SDK reads). */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** Section names of an INI file: `[profile x]` / `[default]` in config, `[x]` in credentials. */
export function profileNames(ini: string, kind: 'config' | 'credentials'): string[] {
  const names: string[] = [];
  for (const line of ini.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (!m) continue;
    const section = m[1]!;
    if (kind === 'credentials') names.push(section);
    else if (section === 'default') names.push('default');
    else if (section.startsWith('profile ')) names.push(section.slice('profile '.length).trim());
  }
  return names;
}

export interface ProfileInfo {
  name: string;
  /** Where it is defined. */
  sources: ('config' | 'credentials')[];
}

export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileInfo[]> {
  const paths = sharedFilePaths(env);
  const read = (path: string) => readFile(path, 'utf8').catch(() => '');
  const [config, credentials] = await Promise.all([read(paths.config), read(paths.credentials)]);
  const byName = new Map<string, ProfileInfo>();
  for (const [kind, text] of [['config', config], ['credentials', credentials]] as const) {
    for (const name of profileNames(text, kind)) {
      const info = byName.get(name) ?? { name, sources: [] };
      if (!info.sources.includes(kind)) info.sources.push(kind);
      byName.set(name, info);
    }
  }
  return [...byName.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}
