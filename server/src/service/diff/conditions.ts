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
  // Per principal and words, the subjects; then principals with the same subjects and words together.
  const byPrincipal = new Map<string, { principal: string; subjects: string[]; words: string }>();
  for (const e of evidence) {
    const words = explainChange(e, before!, after!);
    if (!words) continue;
    const id = `${e.principal}\u0000${words}`;
    const found = byPrincipal.get(id);
    if (found) found.subjects.push(e.subject);
    else byPrincipal.set(id, { principal: e.principal, subjects: [e.subject], words });
  }
  const merged = new Map<string, ConditionChange>();
  for (const c of byPrincipal.values()) {
    const id = `${c.subjects.join(',')}\u0000${c.words}`;
    const found = merged.get(id);
    if (found) found.principals.push(c.principal);
    else merged.set(id, { principals: [c.principal], subjects: c.subjects, words: c.words });
  }
  return [...merged.values()];
}

function explainChange(e: Evidence, before: PolicyModel, after: PolicyModel): string | undefined {
  const { before: b, after: a } = e;
  if (a.decision === 'ExplicitDeny' && b.decision !== 'ExplicitDeny') return `now denied by ${statements(after, a.decidingStatements)}`;
  if (b.decision === 'ExplicitDeny' && a.decision !== 'ExplicitDeny') return `no longer denied by ${statements(before, b.decidingStatements)}`;
  const [was, now] = [blockers(b), blockers(a)];
  const added = now.filter((x) => !was.includes(x));
  const removed = was.filter((x) => !now.includes(x));
  // A condition that blocked before and still blocks did not change: the change came from elsewhere.
  if (rank(a) < rank(b)) return added.length === 0 ? undefined : `now requires ${added.join(', or ')}${removed.length ? ` (instead of ${removed.join(', or ')})` : ''}`;
  return removed.length === 0 ? undefined : `no longer requires ${removed.join(', or ')}`;
}

/** Allow through a statement naming the caller (2), only through the account (1), none (0). */
const rank = (r: EvaluationResult) => (r.decision !== 'Allow' ? 0 : r.allowedVia === 'direct' ? 2 : 1);

/**
 * What each Allow statement that names the caller (or its account, or everyone) and covers the request asked
 * for and did not get: one phrase per statement, all of its failed conditions.
 */
function blockers(r: EvaluationResult): string[] {
  const blocking = r.statements.filter((s) => s.effect === 'Allow' && s.principal !== 'none' && s.action && s.resource && s.failedConditions.length > 0);
  return [...new Set(blocking.map((s) => s.failedConditions.map(conditionWords).join(' and ')))];
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
