/**
 * Conditions whose meaning changed, in words: where a decision changed because a condition now blocks a
 * request (or no longer does), or a Deny now applies (or no longer does), say which, from the evaluator's
 * own account of the failed conditions and deciding statements.
 */
import type { ConditionFailure, EvaluationResult } from '../evaluate/index';
import type { PolicyModel } from '../model';
import type { ConditionChange } from './types';

export interface Evidence {
  principal: string;
  /** `kms:Decrypt` or `HealthLake read` */
  subject: string;
  before: EvaluationResult;
  after: EvaluationResult;
}

export function conditionChanges(evidence: readonly Evidence[], [before, after]: readonly PolicyModel[]): ConditionChange[] {
  const merged = new Map<string, ConditionChange>();
  for (const e of evidence) {
    const words = explainChange(e, before!, after!);
    if (!words) continue;
    const id = `${e.principal}\u0000${words}`;
    const found = merged.get(id);
    if (found) found.subjects.push(e.subject);
    else merged.set(id, { principal: e.principal, subjects: [e.subject], words });
  }
  return [...merged.values()];
}

function explainChange(e: Evidence, before: PolicyModel, after: PolicyModel): string | undefined {
  const { before: b, after: a } = e;
  if (a.decision === 'ExplicitDeny' && b.decision !== 'ExplicitDeny') return `is now denied by ${statements(after, a.decidingStatements)}`;
  if (b.decision === 'ExplicitDeny' && a.decision !== 'ExplicitDeny') return `is no longer denied by ${statements(before, b.decidingStatements)}`;
  const narrower = rank(a) < rank(b);
  const blocked = requirement(narrower ? a : b);
  if (!blocked) return undefined;
  return narrower ? `now requires ${blocked}` : `no longer requires ${blocked}`;
}

/** Allow through a statement naming the caller (2), only through the account (1), none (0). */
const rank = (r: EvaluationResult) => (r.decision !== 'Allow' ? 0 : r.allowedVia === 'direct' ? 2 : 1);

/**
 * What the Allow statements that name the caller (not only its account, when the request is allowed through
 * it) and cover the request asked for and did not get: all of one statement's conditions, any statement.
 */
function requirement(r: EvaluationResult): string {
  const blocking = r.statements.filter((s) => s.effect === 'Allow' && s.action && s.resource && s.failedConditions.length > 0
    && (r.decision === 'Allow' ? s.principal === 'direct' : s.principal !== 'none'));
  return [...new Set(blocking.map((s) => s.failedConditions.map(conditionWords).join(' and ')))].join(', or ');
}

const OPERATOR_WORDS: [RegExp, string][] = [
  [/^String(Not)?Like$/, 'like'], [/^Arn(Not)?Like$/, 'like'], [/^Numeric(Not)?Equals$/, ''], [/^NumericLessThan$/, 'below'],
  [/^NumericLessThanEquals$/, 'at most'], [/^NumericGreaterThan$/, 'above'], [/^NumericGreaterThanEquals$/, 'at least'],
  [/^DateLessThan(Equals)?$/, 'before'], [/^DateGreaterThan(Equals)?$/, 'after'], [/^(Not)?IpAddress$/, 'in'],
];

/** `kms:ViaService healthlake.us-east-1.amazonaws.com`, `kms:CallerAccount other than 111122223333`. */
export function conditionWords(f: Pick<ConditionFailure, 'operator' | 'key' | 'values'>): string {
  const m = /^(ForAnyValue:|ForAllValues:)?(.*?)(IfExists)?$/.exec(f.operator)!;
  const base = m[2]!;
  if (base === 'Null') return `${f.key} ${f.values.some((v) => String(v) === 'true') ? 'to be absent' : 'to be present'}`;
  const negated = /Not/.test(base) && base !== 'NotIpAddress' ? true : base === 'NotIpAddress';
  const word = OPERATOR_WORDS.find(([re]) => re.test(base))?.[1] ?? '';
  const values = f.values.map((v) => String(v)).join(' or ');
  const set = m[1] === 'ForAllValues:' ? 'every value of ' : m[1] === 'ForAnyValue:' ? 'a value of ' : '';
  const relation = negated ? `not ${word || 'equal to'}`.trim() : word;
  return `${set}${f.key} ${relation ? `${relation} ` : ''}${values}${m[3] ? ' (when present)' : ''}`;
}

function statements(model: PolicyModel, indexes: readonly number[]): string {
  const names = indexes.map((i) => {
    const sid = model.statements[i]?.sid?.value;
    return sid ? `statement "${sid}"` : `statement ${i + 1}`;
  });
  return names.join(' and ');
}
