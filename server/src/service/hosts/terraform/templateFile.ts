/**
 * `data "template_file"` (the hashicorp/template provider, deprecated and still common): its `template` (a
 * `file(...)` of the module, or a heredoc or string written in place) rendered with `vars` is the policy wherever
 * `data.template_file.<name>.rendered` is used. Read like `templatefile()`: a variable whose value the file knows (a
 * literal, this account, this Region) is that value, any other `${name}` is a hole.
 */
import type { Node } from 'web-tree-sitter';
import { holes, isWholeHole } from '../../symbolic';
import { holed } from '../placeholders';
import type { HostValue } from '../types';
import { type Attribute, attributes, blockHead, bodyItems, inner } from './hclNodes';
import { hclValue } from './hclValue';

/** `data.template_file.x.rendered`, `data.template_file.x[0].rendered`: the template's name. */
export const TEMPLATE_RENDERED = /^data\.template_file\.([\w-]+)(?:\[[^\]]*\])?\.rendered$/;

/** The key a template's uses are recorded under among a module's policy documents (`FileFacts.documents`). */
export const templateDocument = (name: string): string => `template:${name}`;

export interface TemplateFile {
  name: string;
  block: Node;
  template: Attribute;
  vars: Map<string, string>;
}

/** A `data "template_file"` block's template and the variables whose values the file knows. */
export function templateFileOf(block: Node): TemplateFile | undefined {
  const { type, labels } = blockHead(block);
  if (type !== 'data' || labels[0] !== 'template_file' || !labels[1]) return undefined;
  const attrs = attributes(bodyItems(block));
  const template = attrs.get('template');
  if (!template) return undefined;
  const given = attrs.get('vars');
  return { name: labels[1], block, template, vars: given ? knownVars(given.expr) : new Map() };
}

/** The variables of a `vars = { ... }` object (or `templatefile`'s second argument) whose values the file knows. */
export function knownVars(expr: Node): Map<string, string> {
  const vars = new Map<string, string>();
  const v = inner(expr).type === 'object' ? hclValue(expr) : undefined;
  for (const e of v?.type === 'object' ? v.entries : []) {
    const value = known(e.value);
    if (value !== undefined) vars.set(e.key, value);
  }
  return vars;
}

/** A variable's value as a string, when the file knows more of it than "some value". */
function known(v: HostValue): string | undefined {
  if (v.type === 'number' || v.type === 'boolean') return String(v.value);
  if (v.type !== 'string') return undefined;
  // An open reference (`var.x`) tells less than where the placeholder sits (an ARN's account part).
  if (isWholeHole(v.value) && holes(v.value)[0]!.kind === 'opaque') return undefined;
  return v.value;
}

/** The value with each `${name}` placeholder (written `$${name}` in an inline template) given its variable's value. */
export function withVars(value: HostValue, vars: ReadonlyMap<string, string>): HostValue {
  const visit = (v: HostValue): void => {
    if (v.type === 'string') {
      const next = holed(v.value, undefined, vars);
      if (next !== v.value) Object.assign(v, { value: next, writable: false });
    } else if (v.type === 'object') {
      v.entries.forEach((e) => visit(e.value));
    } else if (v.type === 'array') {
      v.items.forEach(visit);
    } else if (v.type === 'choice') {
      v.branches.forEach((b) => b.type !== 'absent' && visit(b));
    }
  };
  visit(value);
  return value;
}
