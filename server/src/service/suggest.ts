/** "Did you mean": the closest candidate by edit distance (case-insensitive, transpositions count once). */

/** Optimal string alignment distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** How many edits still look like a typo of a word of this length. */
export const typoLimit = (length: number): number => (length <= 3 ? 1 : length <= 6 ? 2 : 3);

/**
 * The candidate closest to `word`, ignoring case, if it is close enough to be a typo. A candidate that
 * differs only in case always wins. Ties keep the first candidate.
 */
export function suggest(word: string, candidates: Iterable<string>, limit = typoLimit(word.length)): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}

/** ` Did you mean `X`?` or nothing. */
export const didYouMean = (suggestion: string | undefined): string => (suggestion ? ` Did you mean \`${suggestion}\`?` : '');
