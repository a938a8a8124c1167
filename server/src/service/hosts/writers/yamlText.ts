/**
 * YAML text for values a fix adds: scalars quoted only when a plain scalar would change meaning, flow collections
 * for values that replace a scalar, block collections for new entries and items.
 */

import { hasHoles, subBody } from '../../symbolic';

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|)$/i;
const NUMBERISH = /^[-+]?(?:\.?\d|0x|0o|\.inf|\.nan)/i;

/** Whether `s` reads back as the same string when written as a plain YAML scalar (in block or flow context). */
export function plainSafe(s: string, flow = false): boolean {
  if (RESERVED.test(s) || NUMBERISH.test(s)) return false;
  if (/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^[-?:][^\s,[\]{}]/.test(s)) return false;
  if (/\s$|: |:$| #|[\n\r\t]|[\uE010\uE011]/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  return true;
}

export type QuoteStyle = 'plain' | 'single' | 'double';

/** A scalar in the given style (plain falls back to double quotes when plain would change the meaning). */
export function yamlScalar(value: unknown, style: QuoteStyle = 'plain', flow = false): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  // A value with parts the template resolves (`${AWS::Region}`) is a `!Sub`.
  if (hasHoles(s)) return `!Sub ${yamlScalar(subBody(s), style, flow)}`;
  if (style === 'single' && !/[\n\r\t]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  if (style === 'plain' && plainSafe(s, flow)) return s;
  return JSON.stringify(s);
}

/** A value in flow style: `{Key: value, List: [a, b]}`. */
export function yamlFlow(value: unknown, style: QuoteStyle = 'plain'): string {
  if (Array.isArray(value)) return `[${value.map((v) => yamlFlow(v, style)).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${yamlScalar(k, style, true)}: ${yamlFlow(v, style)}`).join(', ')}}`;
  }
  return yamlScalar(value, style, true);
}

const isCollection = (v: unknown): v is object => !!v && typeof v === 'object';
const isEmpty = (v: object): boolean => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/** What follows `key:` for a value: ` scalar`, ` {}`, or a newline and block lines at `indent`. */
export function yamlBlockValue(value: unknown, indent: string, unit: string, eol: string, style: QuoteStyle): string {
  if (!isCollection(value) || isEmpty(value)) return ` ${yamlFlow(value, style)}`;
  if (Array.isArray(value)) return value.map((item) => `${eol}${indent}- ${yamlItem(item, `${indent}  `, unit, eol, style)}`).join('');
  return Object.entries(value).map(([k, v]) => `${eol}${indent}${yamlScalar(k, style)}:${yamlBlockValue(v, indent + unit, unit, eol, style)}`).join('');
}

/** A sequence item's text after `- ` (its continuation lines at `indent`). */
export function yamlItem(value: unknown, indent: string, unit: string, eol: string, style: QuoteStyle): string {
  if (!isCollection(value) || isEmpty(value)) return yamlFlow(value, style);
  if (Array.isArray(value)) return yamlFlow(value, style);
  return Object.entries(value).map(([k, v], i) => `${i ? `${eol}${indent}` : ''}${yamlScalar(k, style)}:${yamlBlockValue(v, indent + unit, unit, eol, style)}`).join('');
}

/** The quoting a file mostly uses for strings that need none, so added values look like their neighbours. */
export function quoteStyleAt(text: string, offset: number): QuoteStyle {
  const c = text[offset];
  return c === '"' ? 'double' : c === "'" ? 'single' : 'plain';
}
