/**
 * Whether a Resource pattern can match any ARN of a resource type, as IAM matches: the pattern's `*` is any
 * run and `?` one character; the type's ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) has
 * variables that stand for text without `:` and never empty (the partition, service, Region and account cannot
 * stretch across parts), and in the resource part any text, except a whole-resource name (`${BucketName}`), which
 * has no `/`.
 * A hole or a policy variable in the pattern is any text, except a typed ARN reference (arnTypes.ts), which is any
 * ARN of its type's format. Both are globs, so the question is whether two globs share a string.
 */

/** One glob token: one character from a set, or any number of them. */
interface Token {
  /** A literal character, or `!` and the characters excluded (`!` is any character, `!/` any but `/`). */
  set: string;
  star: boolean;
}
const ANY = '!';

const HOLE = /\uE010([^|\uE011]*)\|[^\uE011]*\uE011/g;

/** The ARN format a hole kind stands for, when it is a typed ARN reference. */
export type HoleFormats = (kind: string) => string | undefined;

const literalTokens = (text: string): Token[] =>
  [...text.replace(/\$\{[^}]*\}/g, '*')].map((c) => (c === '*' ? { set: ANY, star: true } : c === '?' ? { set: ANY, star: false } : { set: c.toLowerCase(), star: false }));

function patternTokens(pattern: string, holeFormats?: HoleFormats): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of pattern.matchAll(HOLE)) {
    const format = holeFormats?.(m[1]!);
    tokens.push(...literalTokens(pattern.slice(last, m.index)), ...(format ? formatTokens(format) : [{ set: ANY, star: true }]));
    last = m.index + m[0].length;
  }
  return [...tokens, ...literalTokens(pattern.slice(last))];
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
    // A partition, Region or account the format names is never empty in a real ARN (`arn:aws:s3:::b/*` is no access
    // point, whose ARN has both): one character at least.
    if (m.index < resourceStart) tokens.push({ set: '!:', star: false });
    const wholeName = m.index === resourceStart && m.index + m[0].length === format.length && /Name$/.test(m[1]!);
    tokens.push({ set: m.index < resourceStart ? '!:' : wholeName ? '!/' : ANY, star: true });
  }
  if (formatCache.size > 5000) formatCache.clear();
  formatCache.set(format, tokens);
  return tokens;
}

/** Whether two single-character sets share a character. */
function meet(a: string, b: string): boolean {
  const aClass = a.length > 1 || a === ANY;
  const bClass = b.length > 1 || b === ANY;
  if (aClass && bClass) return true; // two classes that each exclude a character or two share the rest
  if (aClass) return !a.slice(1).includes(b);
  if (bClass) return !b.slice(1).includes(a);
  return a === b;
}

/** Whether some string matches both the Resource pattern and the ARN format. */
export function canMatch(pattern: string, format: string, holeFormats?: HoleFormats): boolean {
  const p = patternTokens(pattern, holeFormats);
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
