/**
 * A policy property of the wrong shape (`KeyPolicy:` written as a list of statements, a `PolicyDocument` that is a
 * plain word or a number): CloudFormation rejects the template, so it is one error at the property, never a silent
 * "no policy here". A list of statements is still read as the policy's `Statement`, so the mistakes inside it are
 * found too. What the template computes (`!Ref`, `!If`, `!Sub`, `!ImportValue`) is not judged: it may be a policy.
 */
import type { Finding } from '../../types';
import type { HostValue } from '../types';
import { intrinsicOf, type Resolved } from './intrinsics';
import type { Raw } from './raw';
import { POLICY_SHAPE_RULE } from '../rules/policyShape';

const describe = (raw: Raw): string => {
  if (raw.kind === 'seq') return 'a list (write the statements under `Statement:` in a mapping with `Version`)';
  if (raw.kind === 'scalar' && raw.value === null) return 'an empty value';
  if (raw.kind === 'scalar' && typeof raw.value === 'string') return 'a string that is not a JSON policy object';
  return `a ${raw.kind === 'scalar' ? typeof raw.value : 'value'}`;
};

/** The finding for a property of the wrong shape, and the value to check in its place (a list read as the statements). */
export function wrongShape(raw: Raw, resolved: Resolved, name: string, text: string): { finding: Finding; value?: HostValue } | undefined {
  if (raw.kind === 'alias' || raw.kind === 'map' || intrinsicOf(raw)) return undefined;
  // A JSON object in a string is a policy (sites.ts reads it where it can).
  if (raw.kind === 'scalar' && typeof raw.value === 'string' && raw.value.trimStart().startsWith('{')) return undefined;
  const property = name.slice(name.lastIndexOf('.') + 1);
  // The value's first line: a list of statements is long, and its statements get their own findings.
  const line = text.slice(raw.range.offset, raw.range.offset + raw.range.length).search(/\r?\n/);
  const length = line < 0 ? raw.range.length : line;
  const finding: Finding = { ruleId: POLICY_SHAPE_RULE.id, severity: POLICY_SHAPE_RULE.defaultSeverity, offset: raw.range.offset, length,
    message: `${property} must be a policy object with Version and Statement; CloudFormation rejects ${describe(raw)} here.` };
  if (resolved.type !== 'array') return { finding };
  const at = { offset: raw.range.offset, length };
  const value: HostValue = { type: 'object', range: raw.range, writable: false, entries: [
    { key: 'Version', keyRange: at, range: at, value: { type: 'string', range: at, value: '2012-10-17', writable: false } },
    { key: 'Statement', keyRange: at, range: raw.range, value: resolved },
  ] };
  return { finding, value };
}
