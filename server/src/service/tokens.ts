/**
 * The token facts the model needs before parsing: nesting depth (to refuse documents too deep to walk),
 * comments and trailing commas. One pass over the characters that reads tokens exactly as jsonc-parser's
 * scanner does but builds no token values: its scanner allocates a string per token, which made this pass
 * cost as much as the parse itself on large policies.
 */

export interface TokenFacts {
  /** Offset where nesting first exceeds the limit. */
  deepAt?: number;
  /** Comments: JSONC allows them, IAM and KMS reject them. */
  comments: { offset: number; length: number }[];
  /** Offsets of commas directly before `}` or `]`. */
  trailingCommas: number[];
  /** Whitespace characters between tokens (one byte each in UTF-8): with the comments, what `minify` drops. */
  whitespace: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const COMMA = 44;
const LF = 10;
const CR = 13;
const isTrivia = (c: number) => c === 32 || c === 9 || c === LF || c === CR;

/** Scans `text`; stops at the first place nesting exceeds `maxDepth`. */
export function scanTokens(text: string, maxDepth: number): TokenFacts {
  const facts: TokenFacts = { comments: [], trailingCommas: [], whitespace: 0 };
  const len = text.length;
  let depth = 0;
  let lastComma = -1; // a comma followed so far only by whitespace and comments
  let pos = 0;
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (isTrivia(c)) {
      facts.whitespace++;
      pos++;
      continue;
    }
    if (c === SLASH && (text.charCodeAt(pos + 1) === SLASH || text.charCodeAt(pos + 1) === STAR)) {
      const end = commentEnd(text, pos);
      facts.comments.push({ offset: pos, length: end - pos });
      pos = end;
      continue;
    }
    switch (c) {
      case 123: // {
      case 91: // [
        if (++depth > maxDepth) {
          facts.deepAt = pos;
          return facts;
        }
        break;
      case 125: // }
      case 93: // ]
        if (lastComma >= 0) facts.trailingCommas.push(lastComma);
        depth = Math.max(0, depth - 1);
        break;
      case QUOTE:
        pos = stringEnd(text, pos + 1);
        lastComma = -1;
        continue;
    }
    // Any other character belongs to a token (number, literal, colon, stray character) that ends a trailing comma.
    lastComma = c === COMMA ? pos : -1;
    pos++;
  }
  return facts;
}

/**
 * The text without whitespace or comments between tokens (strings untouched), as jsonc-parser's scanner reads the
 * tokens: the text between runs of whitespace is copied as it stands rather than token by token.
 */
export function minify(text: string): string {
  const parts: string[] = [];
  const len = text.length;
  let from = 0;
  let pos = 0;
  while (pos < len) {
    const c = text.charCodeAt(pos);
    const comment = c === SLASH && (text.charCodeAt(pos + 1) === SLASH || text.charCodeAt(pos + 1) === STAR);
    if (isTrivia(c) || comment) {
      if (pos > from) parts.push(text.slice(from, pos));
      pos = comment ? commentEnd(text, pos) : pos + 1;
      from = pos;
    } else pos = c === QUOTE ? stringEnd(text, pos + 1) : pos + 1;
  }
  if (from < len) parts.push(text.slice(from));
  return parts.join('');
}

/** Where a string that starts at `pos` (after its quote) ends: after the closing quote, at a line break or at the end. */
function stringEnd(text: string, pos: number): number {
  const len = text.length;
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE) return pos + 1;
    if (c === LF || c === CR) return pos;
    pos += c === BACKSLASH ? 2 : 1;
  }
  return len;
}

/** Where a `//` or `/*` comment that starts at `start` ends; an unclosed block comment ends where jsonc-parser says. */
function commentEnd(text: string, start: number): number {
  const len = text.length;
  let pos = start + 2;
  if (text.charCodeAt(start + 1) === SLASH) {
    while (pos < len && text.charCodeAt(pos) !== LF && text.charCodeAt(pos) !== CR) pos++;
    return pos;
  }
  const close = text.indexOf('*/', pos);
  if (close >= 0) return close + 2;
  // jsonc-parser's loop for an unclosed comment: it stops one short of the end (or past a final CRLF), then steps once more.
  while (pos < len - 1) pos += text.charCodeAt(pos) === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
  return pos + 1;
}
