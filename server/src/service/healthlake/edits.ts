/** Edit builders for HealthLake fixes: statement paths, condition keys, removals that leave no empty blocks. */
import { modify, type JSONPath } from 'jsonc-parser';
import { applyEdits, detectFormatting, getNodePath } from '../edits';
import type { ConditionFailure } from '../evaluate/index';
import type { Node, Statement } from '../model';
import type { Edit } from '../types';
import { BoundedCache } from '../boundedCache';

export const statementPath = (st: Statement): JSONPath => getNodePath(st.node);

/** The value node of a failed condition (string or array), from its key node. */
export function conditionValueNode(f: ConditionFailure): Node | undefined {
  return f.keyNode?.parent?.children?.[1];
}

/** The string nodes among a condition's values. */
export function conditionStringNodes(f: ConditionFailure): Node[] {
  const v = conditionValueNode(f);
  if (!v) return [];
  return (v.type === 'array' ? v.children ?? [] : [v]).filter((n) => n.type === 'string');
}

/**
 * jsonc-parser `modify` on the statement's own text (with the whitespace before it on its line), so a fix
 * costs a parse of one statement rather than of the whole policy. Paths are relative to the statement.
 */
export function modifyStatement(text: string, st: Statement, path: JSONPath, value: unknown, isArrayInsertion = false): Edit[] {
  const { lineStart, sub } = statementText(text, st);
  const formattingOptions = detectFormatting(text);
  // A pure function of the statement's text: an edit elsewhere in the policy finds it remembered.
  const key = JSON.stringify([sub, path, value, isArrayInsertion, formattingOptions]);
  let edits = remembered.get(key);
  if (!edits) {
    try {
      edits = modify(sub, path, value, { formattingOptions, isArrayInsertion });
    } catch {
      edits = []; // the path runs through a value of the wrong type (e.g. a string Condition): no fix offered
    }
    remembered.set(key, edits);
  }
  return edits.map((e) => ({ ...e, offset: e.offset + lineStart }));
}

/** `modify`'s edits by statement text and change, about 1 MB of keys and edits at most. */
const remembered = new BoundedCache<string, Edit[]>(1 << 20, (key, edits) => key.length + edits.reduce((n, e) => n + 50 + e.content.length, 0));

function statementText(text: string, st: Statement): { lineStart: number; sub: string } {
  const start = st.node.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const prefix = text.slice(lineStart, start).replace(/[^\t]/g, ' ');
  return { lineStart, sub: prefix + text.slice(start, start + st.node.length) };
}

/** Several `modify` steps on one statement, each seeing the previous result; one edit on the original text (none if a step cannot apply). */
export function modifyStatementInSteps(text: string, st: Statement, steps: [JSONPath, unknown][]): Edit[] {
  const { lineStart, sub } = statementText(text, st);
  const options = { formattingOptions: detectFormatting(text) };
  try {
    const edits = sequential(sub, steps.map(([path, value]) => (current: string) => modify(current, path, value, options)));
    return edits.map((e) => ({ ...e, offset: e.offset + lineStart }));
  } catch {
    return [];
  }
}

/** Removes `operator` / `key` from a statement's Condition; an emptied operator or Condition goes too. */
export function removeConditionKey(text: string, st: Statement, operator: string, key: string): Edit[] {
  const ops = st.condition?.operators ?? [];
  const op = ops.find((o) => o.operator === operator);
  if (!op) return [];
  const path = op.keys.length > 1 ? ['Condition', operator, key] : ops.length > 1 ? ['Condition', operator] : ['Condition'];
  return modifyStatement(text, st, path, undefined);
}

/** Sets a condition key's value (creating the operator block if needed). */
export function setConditionKey(text: string, st: Statement, operator: string, key: string, value: unknown): Edit[] {
  return modifyStatement(text, st, ['Condition', operator, key], value);
}

/**
 * Runs edit builders one after another (each sees the text the previous ones produced) and returns one edit
 * on the original text: for fixes whose parts jsonc-parser would otherwise compute overlapping.
 */
export function sequential(text: string, steps: ((current: string) => Edit[])[]): Edit[] {
  let current = text;
  for (const step of steps) current = applyEdits(current, step(current));
  let start = 0;
  const max = Math.min(text.length, current.length);
  while (start < max && text[start] === current[start]) start++;
  let end = 0;
  while (end < max - start && text[text.length - 1 - end] === current[current.length - 1 - end]) end++;
  return [{ offset: start, length: text.length - start - end, content: current.slice(start, current.length - end) }];
}
