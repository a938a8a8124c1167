/**
 * Changes to an `aws_iam_policy_document` written as its own attributes and blocks: a new condition key becomes a
 * `condition { test, variable, values }` block at the statement's indentation, a new statement a `statement`
 * block, `Action` renamed to `NotAction` the attribute `not_actions`; values inside attributes are HCL with
 * IAM variables as `&{...}` (the structural writer handles those).
 */
import type { Edit } from '../../types';
import type { HostChange, HostEntry, HostValue, Range } from '../types';
import { eolOf, hclDialect, indentStep, lineIndent, renderValue } from './render';
import { type DocRole, syntaxOf } from './syntax';
import { removalRange } from './removal';

const ATTRIBUTES: Record<string, string> = { Sid: 'sid', Effect: 'effect', Action: 'actions', NotAction: 'not_actions', Resource: 'resources', NotResource: 'not_resources', Version: 'version', Id: 'policy_id' };
const LISTS = new Set(['actions', 'not_actions', 'resources', 'not_resources']);
const d = hclDialect(true);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

const roleOf = (n: HostValue | HostEntry): DocRole | undefined => {
  const s = syntaxOf(n);
  return s?.kind === 'doc' ? s.role : undefined;
};

/** Lines of `name = value` with the `=` aligned, as `terraform fmt` writes them. */
function attributeLines(attrs: [string, string][], indent: string): string[] {
  const width = Math.max(...attrs.map(([k]) => k.length));
  return attrs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
}

function block(type: string, attrs: [string, string][], indent: string, step: string, eol: string, nested: string[] = []): string {
  const inner = indent + step;
  return [`${indent}${type} {`, ...(attrs.length ? attributeLines(attrs, inner) : []), ...nested, `${indent}}`].join(eol);
}

const str = (v: unknown) => renderValue(v, d, '', '');
const values = (v: unknown) => renderValue(list(v), d, '', '');

function principalBlocks(type: string, value: unknown, indent: string, step: string, eol: string): string[] {
  if (value === '*') return [block(type, [['type', '"*"'], ['identifiers', '["*"]']], indent, step, eol)];
  return Object.entries((value ?? {}) as Record<string, unknown>).map(([t, ids]) => block(type, [['type', str(t)], ['identifiers', values(ids)]], indent, step, eol));
}

function conditionBlocks(condition: unknown, indent: string, step: string, eol: string): string[] {
  const out: string[] = [];
  for (const [test, keys] of Object.entries((condition ?? {}) as Record<string, unknown>))
    for (const [variable, vals] of Object.entries((keys ?? {}) as Record<string, unknown>))
      out.push(block('condition', [['test', str(test)], ['variable', str(variable)], ['values', values(vals)]], indent, step, eol));
  return out;
}

/** A statement object (JSON-shaped) as a `statement` block. */
function statementBlock(s: Record<string, unknown>, indent: string, step: string, eol: string): string {
  const attrs: [string, string][] = [];
  for (const [k, v] of Object.entries(s)) {
    const name = ATTRIBUTES[k];
    if (name) attrs.push([name, LISTS.has(name) ? values(v) : str(v)]);
  }
  const inner = indent + step;
  const nested = [
    ...principalBlocks('principals', s.Principal, inner, step, eol),
    ...principalBlocks('not_principals', s.NotPrincipal, inner, step, eol),
    ...conditionBlocks(s.Condition, inner, step, eol),
  ];
  return block('statement', attrs, indent, step, eol, nested);
}

/** Where new lines go inside a block (before its closing brace's line) and their indentation. */
function insideBlock(text: string, b: Range, step: string): { offset: number; indent: string } {
  const close = b.offset + b.length - 1;
  const blockIndent = lineIndent(text, b.offset);
  const firstLine = text.indexOf('\n', b.offset);
  const next = firstLine >= 0 && firstLine < close ? /^[ \t]*(?=\S)/.exec(text.slice(firstLine + 1, close)) : null;
  const indent = next && next[0].length > blockIndent.length ? next[0] : blockIndent + step;
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  return { offset: /\S/.test(text.slice(lineStart, close)) ? close : lineStart, indent };
}

/** Inserts rendered lines (already indented) into a block. */
function insertLines(text: string, b: Range, render: (indent: string, step: string, eol: string) => string[]): Edit[] {
  const step = indentStep(text);
  const eol = eolOf(text);
  const { offset, indent } = insideBlock(text, b, step);
  const lines = render(indent, step, eol);
  if (!lines.length) return [];
  const atLineStart = text[offset - 1] === '\n';
  const content = atLineStart ? `${lines.join(eol)}${eol}` : `${eol}${lines.join(eol)}${eol}${lineIndent(text, b.offset)}`;
  return [{ offset, length: 0, content }];
}

const removeWhole = (text: string, ranges: readonly Range[]): Edit[] =>
  ranges.map((r) => ({ ...removalRange(text, r, { offset: 0, length: 0 }, undefined), content: '' }));

/** The edits for a change to a document's structure, or undefined when it cannot be written. */
export function writeDocChange(text: string, change: HostChange): Edit[] | undefined {
  const step = indentStep(text);
  const eol = eolOf(text);
  switch (change.op) {
    case 'rename-key': {
      const role = roleOf(change.at);
      // A default (`effect` not written, Version) is no attribute to rename.
      if (role?.is === 'attribute') return ATTRIBUTES[change.key] && role.attribute !== change.at.keyRange ? [{ ...change.at.keyRange, content: ATTRIBUTES[change.key]! }] : undefined;
      if (role?.is === 'blocks' && (change.key === 'Principal' || change.key === 'NotPrincipal')) return role.nameRanges.map((r) => ({ ...r, content: change.key === 'Principal' ? 'principals' : 'not_principals' }));
      if (role?.is === 'block-key') return role.keyValues.map((r) => ({ ...r, content: str(change.key) }));
      if (role?.is === 'condition-key') return [{ ...role.variable, content: str(change.key) }];
      return undefined;
    }
    case 'remove-entry': {
      const role = roleOf(change.entry);
      if (role?.is === 'attribute') return role.attribute !== change.entry.keyRange ? removeWhole(text, [role.attribute]) : undefined;
      if (role?.is === 'blocks' || role?.is === 'block-key') return removeWhole(text, role.blocks);
      if (role?.is === 'condition-key') return removeWhole(text, [role.block]);
      return undefined;
    }
    case 'remove-item': {
      const role = roleOf(change.parent);
      if (role?.is === 'statements') return role.items[change.index] ? removeWhole(text, [role.items[change.index]!]) : undefined;
      return undefined;
    }
    case 'insert-item': {
      const role = roleOf(change.parent);
      if (role?.is !== 'statements' || !change.value || typeof change.value !== 'object') return undefined;
      const s = change.value as Record<string, unknown>;
      const before = role.items[change.index];
      if (before) {
        const indent = lineIndent(text, before.offset);
        return [{ offset: before.offset, length: 0, content: `${statementBlock(s, indent, step, eol).slice(indent.length)}${eol}${eol}${indent}` }];
      }
      return insertLines(text, role.block, (indent) => [statementBlock(s, indent, step, eol)]);
    }
    case 'add-entry': {
      const role = roleOf(change.parent);
      const { key, value } = change;
      if (role?.is === 'statement' || role?.is === 'root') {
        const name = ATTRIBUTES[key];
        if (name) return insertLines(text, role.block, (indent) => attributeLines([[name, LISTS.has(name) ? values(value) : str(value)]], indent));
        if (role.is === 'root') return undefined;
        if (key === 'Principal' || key === 'NotPrincipal') return insertLines(text, role.block, (indent) => principalBlocks(key === 'Principal' ? 'principals' : 'not_principals', value, indent, step, eol));
        if (key === 'Condition') return insertLines(text, role.block, (indent) => conditionBlocks(value, indent, step, eol));
        return undefined;
      }
      if (role?.is === 'block-object') {
        if (role.blockType === 'condition') return insertLines(text, role.block, (indent) => conditionBlocks({ [key]: value }, indent, step, eol));
        return insertLines(text, role.block, (indent) => principalBlocks(role.blockType, { [key]: value }, indent, step, eol));
      }
      if (role?.is === 'operator') return insertLines(text, role.block, (indent) => conditionBlocks({ [role.test]: { [key]: value } }, indent, step, eol));
      return undefined;
    }
    case 'replace':
      // A whole statement, principal or condition object rewritten has no minimal edit; entry changes do.
      return undefined;
  }
}
