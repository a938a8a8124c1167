/** A small glob matcher for file settings: `**`, `*`, `?`, `{a,b}`; a pattern without `/` matches a file name. */

const cache = new Map<string, (path: string) => boolean>();

function toRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) { re += '\\{'; continue; }
      re += `(?:${glob.slice(i + 1, close).split(',').map((p) => p.replace(/[.+^$()|[\]\\*?]/g, '\\$&')).join('|')})`;
      i = close;
    } else re += c.replace(/[.+^$()|[\]\\}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** `*.policy.json` matches any file of that name; `**\/keys/*.json` matches anywhere in the path. */
export function globMatcher(glob: string): (path: string) => boolean {
  let m = cache.get(glob);
  if (!m) {
    const normalized = glob.replace(/\\/g, '/');
    const re = toRegExp(normalized.includes('/') ? normalized.replace(/^(?!\*\*\/|\/)/, '**/') : `**/${normalized}`);
    m = (path: string) => re.test(path.replace(/\\/g, '/'));
    cache.set(glob, m);
  }
  return m;
}
