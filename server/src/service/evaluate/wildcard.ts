/** Case-sensitive IAM wildcards (`*`, `?`) for resources and string conditions, and ARN matching by part. */
import { hasHoles } from '../symbolic';
import { plain } from './context';

const cache = new Map<string, RegExp>();

/** `*` any run, `?` one character; case-sensitive unless `ignoreCase`. */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const literal = plain(pattern);
    return ignoreCase ? literal.toLowerCase() === text.toLowerCase() : literal === text;
  }
  const k = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = cache.get(k);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
      .replace(/\uE000/g, '\\*').replace(/\uE001/g, '\\?');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 5000) cache.clear();
    cache.set(k, re);
  }
  return re.test(text);
}

/** ArnEquals / ArnLike: the six colon-separated parts match one by one (wildcards allowed in each). */
export function arnMatch(pattern: string, arn: string): boolean {
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return false;
  return p.every((part, i) => wildcardMatch(part, a[i]!));
}

/** The six parts of an ARN (the last keeps its colons); undefined when it has fewer. */
export function splitArn(text: string): string[] | undefined {
  const parts = hasHoles(text) ? splitOutsideHoles(text) : text.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Splits on `:` except inside holes (whose display may hold colons, as in `AWS::AccountId`). */
function splitOutsideHoles(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\uE010') depth++;
    else if (ch === '\uE011') depth = Math.max(0, depth - 1);
    else if (ch === ':' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

