/**
 * Statements that may exist: a list element the file cannot read (`var.extra_statements` in a `concat`, a
 * `source_policy_documents` element that is a variable, a `for` expression over a variable) stands for zero or more
 * statements of unknown content. It is projected as one statement whose Effect, principal, actions and resources are
 * holes, so the evaluator reads it as one that may allow or deny anything to anyone: lockout, public and HealthLake
 * verdicts that it could change are undecided, never errors, and checks of the written statements are unchanged.
 * Nothing is reported at it (it has no content to be wrong).
 */
import { hole } from '../symbolic';
import type { HostValue, Range } from './types';

const UNKNOWN = Symbol('unknownStatements');

/**
 * Statements that may exist where `range` is written; `display` names them in messages (`var.statements`).
 * `origin` says where a host found them (Terraform: `source` / `override` for a document's merged documents).
 */
export function unknownStatements(range: Range, display: string, origin = 'unknown'): HostValue {
  const h = hole('opaque', display.replace(/\s+/g, ' ').slice(0, 200));
  const str = (value: string): HostValue => ({ type: 'string', range, value, writable: false });
  const entry = (key: string, value: HostValue) => ({ key, keyRange: range, value, range });
  const value: HostValue = {
    type: 'object', range, writable: false,
    entries: [entry('Effect', str(h)), entry('Principal', { type: 'object', range, writable: false, entries: [entry('AWS', str(h))] }), entry('Action', str(h)), entry('Resource', str(h))],
  };
  return markUnknown(value, origin);
}

/** Marks a node as statements that may exist (a copy of one keeps the mark, see unknownOrigin). */
export const markUnknown = <T extends object>(v: T, origin: string): T => Object.defineProperty(v, UNKNOWN, { value: origin, enumerable: false });

/** Where statements that may exist were found, or undefined for any other node. */
export const unknownOrigin = (v: HostValue): string | undefined => (v as { [UNKNOWN]?: string })[UNKNOWN];

/** Whether a node stands for statements that may exist. */
export const isUnknownStatements = (v: HostValue): boolean => unknownOrigin(v) !== undefined;
