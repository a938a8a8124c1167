/** Shared wording for HealthLake findings: who is affected, what fails, and what the account delegation means. */
import type { NamedPrincipal } from './intent';
import { failingOperations, operationsPhrase } from './facts';
import type { ReadinessProblem } from './readiness';
import { displayValue } from '../symbolic';

/** `role/Admin`, `account 111122223333`, `${AdminRole.Arn}`: short names for people (the partition may be a reference). */
export function principalName(p: Pick<NamedPrincipal, 'arn'>): string {
  const text = displayValue(p.arn);
  const m = /^arn:(?:[\w-]+|\$\{[^}]*\}):(?:iam|sts)::(\d{12}|\$\{[^}]*\}):(.+)$/.exec(text);
  if (!m) return text;
  return m[2] === 'root' ? `account ${m[1]}` : m[2]!;
}

export function principalsPhrase(ps: readonly Pick<NamedPrincipal, 'arn'>[]): string {
  const names = ps.map(principalName);
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

export const actionsPhrase = (actions: readonly string[]): string =>
  actions.length <= 1 ? `\`${actions[0] ?? ''}\`` : `${actions.slice(0, -1).map((a) => `\`${a}\``).join(', ')} and \`${actions[actions.length - 1]}\``;

/** "HealthLake cannot create data stores, write or read for role/X" (or what still lets it through). */
export function consequence(p: ReadinessProblem): string {
  const ops = failingOperations(p.actions);
  const who = principalsPhrase(p.principals);
  return p.delegated
    ? `this statement gives ${who} nothing through HealthLake, which can ${operationsPhrase(ops, 'and')} for ${who} only if ${p.principals.length === 1 ? 'its' : 'their'} IAM policy allows ${actionsPhrase(p.actions)} (\`iam\`: the key policy delegates to IAM through the account principal)`
    : `HealthLake cannot ${operationsPhrase(ops)} for ${who}`;
}

/** Account-delegated problems are warnings: HealthLake may still work through IAM. */
export const severityOf = (p: ReadinessProblem) => (p.delegated ? 'warning' as const : undefined);
