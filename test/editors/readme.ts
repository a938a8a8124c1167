/** The editor recipes of README.md's "Other editors" section, as the editor tests run and check them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const README = join(__dirname, '..', '..', 'README.md');

/** A Neovim version as major and minor. */
export interface NvimVersion { major: number; minor: number }

export interface NeovimRecipe {
  /** As written in the marker, e.g. `0.7-0.10` or `0.11-`. */
  range: string;
  min: NvimVersion;
  /** Inclusive; absent for "and later". */
  max?: NvimVersion;
  lua: string;
}

const version = (text: string): NvimVersion => {
  const [major, minor] = text.split('.').map(Number);
  if (!Number.isInteger(major) || !Number.isInteger(minor)) throw new Error(`not a Neovim version: ${text}`);
  return { major: major!, minor: minor! };
};
export const compareVersions = (a: NvimVersion, b: NvimVersion): number => a.major - b.major || a.minor - b.minor;
export const covers = (r: NeovimRecipe, v: NvimVersion): boolean =>
  compareVersions(v, r.min) >= 0 && (r.max === undefined || compareVersions(v, r.max) <= 0);

/** The section from `## Other editors` to the next `## ` heading. */
export function otherEditorsSection(readme = readFileSync(README, 'utf8')): string {
  const start = readme.indexOf('\n## Other editors');
  if (start < 0) throw new Error('README.md has no "Other editors" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Every Lua block preceded by a `<!-- neovim-recipe MIN-[MAX] -->` marker. */
export function neovimRecipes(section = otherEditorsSection()): NeovimRecipe[] {
  const recipes: NeovimRecipe[] = [];
  for (const m of section.matchAll(/<!-- neovim-recipe (\d+\.\d+)-(\d+\.\d+)? -->\s*```lua\n([\s\S]*?)```/g)) {
    recipes.push({ range: `${m[1]}-${m[2] ?? ''}`, min: version(m[1]!), ...(m[2] ? { max: version(m[2]) } : {}), lua: m[3]! });
  }
  return recipes;
}

/** The one fenced block of a language in the section (`toml`, `elisp`). */
export function fencedBlock(language: string, section = otherEditorsSection()): string {
  const blocks = [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
  if (blocks.length !== 1) throw new Error(`expected one ${language} block in "Other editors", found ${blocks.length}`);
  return blocks[0]!;
}

/** `NVIM v0.7.2` (first line of `nvim --version`) as a version. */
export function parseNvimVersion(output: string): NvimVersion | undefined {
  const m = /^NVIM v(\d+)\.(\d+)/m.exec(output);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
