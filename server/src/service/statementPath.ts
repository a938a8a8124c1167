/** Where a JSON path points inside a policy: which statement, and the path within it. */
import type { JSONPath } from 'jsonc-parser';

export interface StatementLocation {
  /** The statement index (0 for the single-object form). */
  index: number;
  /** The path inside the statement, e.g. `['Condition', 'StringEquals', 'kms:ViaService', 0]`. */
  rest: JSONPath;
}

/** Both `"Statement": [ {...} ]` and `"Statement": {...}`; undefined outside statements. */
export function locateInStatement(path: JSONPath): StatementLocation | undefined {
  if (path[0] !== 'Statement' || path.length < 2) return undefined;
  if (typeof path[1] === 'number') return { index: path[1], rest: path.slice(2) };
  return { index: 0, rest: path.slice(1) };
}
