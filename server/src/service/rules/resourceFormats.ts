/**
 * Whether a Resource pattern can match any ARN of a resource type, as IAM matches: the pattern's `*` is any
 * run and `?` one character; the type's ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) has
 * variables that stand for any text, except a whole-resource name (`${BucketName}`), which has no `/`.
 * A hole or a policy variable in the pattern is any text. Both are globs, so the question is whether two globs share a string.
 */

/** One glob token: one character from a set, or any number of them. */
interface Token {
  /** A literal character, or `any`, or `noslash` (any but `/`). */
  set: string;
  star: boolean;
}

const HOLE = /\uE010[^\uE011]*\uE011/g;

function patternTokens(pattern: string): Token[] {
  return [...pattern.replace(HOLE, '*').replace(/\$\{[^}]*\}/g, '*')].map((c) => (c === '*' ? { set: 'any', star: true } : c === '?' ? { set: 'any', star: false } : { set: c.toLowerCase(), star: false }));
}

const formatCache = new Map<string, Token[]>();
function formatTokens(format: string): Token[] {
  let tokens = formatCache.get(format);
  if (tokens) return tokens;
  tokens = [];
  const resourceStart = format.split(':', 5).join(':').length + 1;
  for (const m of format.matchAll(/\$\{([^}]*)\}|([^$]+|\$)/g)) {
    if (m[2] !== undefined) {
      for (const c of m[2]) tokens.push({ set: c.toLowerCase(), star: false });
      continue;
    }
    const wholeName = m.index === resourceStart && m.index + m[0].length === format.length && /Name$/.test(m[1]!);
    tokens.push({ set: wholeName ? 'noslash' : 'any', star: true });
  }
  if (formatCache.size > 5000) formatCache.clear();
  formatCache.set(format, tokens);
  return tokens;
}

/** Whether two single-character sets share a character. */
function meet(a: string, b: string): boolean {
  if (a === 'any' || b === 'any') return a !== 'noslash' && b !== 'noslash' ? true : (a === 'any' ? b : a) !== '/';
  if (a === 'noslash') return b !== '/';
  if (b === 'noslash') return a !== '/';
  return a === b;
}

/** Whether some string matches both the Resource pattern and the ARN format. */
export function canMatch(pattern: string, format: string): boolean {
  const p = patternTokens(pattern);
  const f = formatTokens(format);
  const seen = new Set<number>();
  const width = f.length + 1;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === p.length && j === f.length) return true;
    if (i < p.length && p[i]!.star) stack.push([i + 1, j]);
    if (j < f.length && f[j]!.star) stack.push([i, j + 1]);
    if (i < p.length && j < f.length && meet(p[i]!.set, f[j]!.set)) {
      const ni = p[i]!.star ? i : i + 1;
      const nj = f[j]!.star ? j : j + 1;
      if (ni !== i || nj !== j) stack.push([ni, nj]);
    }
  }
  return false;
}
