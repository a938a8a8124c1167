/**
 * How each node of an extracted value tree is written in the host, so the writer can render a change in the same
 * syntax: HCL expressions (`jsonencode`), JSON embedded in a heredoc or a quoted string, or the blocks and
 * attributes of an `aws_iam_policy_document`.
 */
import type { HostEntry, HostValue, Range } from '../types';

/** JSON written inside an HCL heredoc (`${` must become `$${`) or inside a quoted HCL string (HCL escaping too). */
export type JsonLayer = 'heredoc' | 'string';

export type Syntax =
  /** `amp`: inside an `aws_iam_policy_document`, where IAM variables are written `&{aws:username}`; `list`: a
   * list attribute there (`actions`, `identifiers`, `values`), so a single value is written as a one-item list.
   */
  | { kind: 'hcl'; amp?: boolean; list?: boolean }
  | { kind: 'json'; layer: JsonLayer }
  /** A node of an `aws_iam_policy_document` (see policyDocument.ts for what each role means). */
  | { kind: 'doc'; role: DocRole };

export type DocRole =
  /** The document: new `version` / `policy_id` attributes go into its block. */
  | { is: 'root'; block: Range }
  /** The `Statement` list: its items are `statement` (or `dynamic "statement"`) blocks of `block`. */
  | { is: 'statements'; block: Range; items: Range[] }
  /** A statement object: its `statement` (or `content`) block. */
  | { is: 'statement'; block: Range }
  /** A statement entry written as an attribute (`sid`, `effect`, `actions`, ...); `name` its attribute name. */
  | { is: 'attribute'; block: Range; name: string; attribute: Range }
  /** `Principal` / `NotPrincipal`, or `Condition`: the entry stands for several blocks of the statement. */
  | { is: 'blocks'; block: Range; blockType: string; blocks: Range[]; nameRanges: Range[] }
  /** The `Principal` or `Condition` object of a statement: new entries become new blocks in `block`. */
  | { is: 'block-object'; block: Range; blockType: 'principals' | 'not_principals' | 'condition' }
  /** A principal type or a condition operator: written in the `type` / `test` of each of `blocks`. */
  | { is: 'block-key'; block: Range; blocks: Range[]; keyValues: Range[] }
  /** A condition operator's object: new keys become `condition` blocks with this `test`. */
  | { is: 'operator'; block: Range; test: string }
  /** A condition key: its `condition` block (`block`), written in its `variable`. */
  | { is: 'condition-key'; block: Range; variable: Range };

/**
 * Kept on the node itself, not enumerable (out of JSON, spreads and deep comparisons): a WeakMap entry per node
 * made every reuse of a large file's blocks pay for the map and the garbage collector's ephemeron work.
 */
const SYNTAX = Symbol('hostSyntax');

export function mark<T extends HostValue | HostEntry>(node: T, syntax: Syntax): T {
  Object.defineProperty(node, SYNTAX, { value: syntax, writable: true, configurable: true, enumerable: false });
  return node;
}

export const syntaxOf = (node: HostValue | HostEntry): Syntax | undefined => (node as { [SYNTAX]?: Syntax })[SYNTAX];
