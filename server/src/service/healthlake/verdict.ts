/**
 * The HealthLake verdict for one key policy statement (for hover): for each principal the statement names, what
 * HealthLake can do on that principal's behalf to create a data store, write and read (`direct`, `iam`, `no`), and why.
 */
import type { PolicyModel } from '../model';
import type { ServiceSettings } from '../types';
import { HEALTHLAKE_KMS_ACTIONS, OPERATIONS, viaServiceFor, type HealthLakeKmsAction, type HealthLakeOperation } from './facts';
import { CAPABILITY_LEGEND, operationVerdict, type OperationVerdict } from './capability';
import { isMeantForHealthLake, namedPrincipals } from './intent';
import { principalName } from './messages';
import { healthLakeReadiness, isReference, simulate, type ReadinessProblem, type SimulatedPrincipal } from './readiness';
import { displayValue } from '../symbolic';

export interface PrincipalVerdict {
  /** The principal as written (or as it would be once corrected, e.g. with `role/` inserted). */
  principal: string;
  create: OperationVerdict;
  write: OperationVerdict;
  read: OperationVerdict;
  /** Why an operation fails, or what else it depends on (e.g. the caller's IAM policy). */
  reasons: string[];
}

export interface StatementVerdict {
  principals: PrincipalVerdict[];
  /** A short markdown summary for a hover. */
  markdown: string;
}

export interface VerdictContext {
  settings: ServiceSettings;
}

/** Undefined when the policy is not a key policy meant for HealthLake or the statement names no principal. */
export function statementVerdict(model: PolicyModel, statementIndex: number, context: VerdictContext): StatementVerdict | undefined {
  if (!isMeantForHealthLake(model, context.settings)) return undefined;
  const st = model.statements[statementIndex];
  const readiness = healthLakeReadiness(model, context.settings);
  if (!st || !readiness) return undefined;
  const named = namedPrincipals(st);
  if (named.length === 0) return undefined;
  const region = readiness.region.region;
  const principals = named.map((n) => {
    const sim = readiness.principals.find((p) => p.arn === n.arn) ?? simulate(model, n, region);
    return verdictFor(model, sim, readiness.problems);
  });
  const rows = principals.map((p) => `| ${p.principal} | ${p.create} | ${p.write} | ${p.read} |`);
  const notes = principals.flatMap((p) => p.reasons.map((r) => `- ${p.principal}: ${r}`));
  const markdown = [
    `**HealthLake through this key** (requests via \`${displayValue(viaServiceFor(region))}\`)`,
    '',
    '| Principal | Create | Write | Read |',
    '|---|:-:|:-:|:-:|',
    ...rows,
    '',
    CAPABILITY_LEGEND,
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
  return { principals, markdown };
}

function verdictFor(model: PolicyModel, sim: SimulatedPrincipal, problems: ReadinessProblem[]): PrincipalVerdict {
  // An Allow that a statement which may apply could still deny is not a ✓.
  const allowed = (a: HealthLakeKmsAction) => sim.results.get(a)?.decision === 'Allow' && !sim.undecided.has(a);
  const reasons: string[] = [];
  const label = (i: number) => {
    const sid = model.statements[i]?.sid?.value;
    return sid ? `statement "${sid}"` : `statement ${i + 1}`;
  };
  for (const p of problems) {
    if (!p.principals.some((x) => x.arn === sim.arn)) continue;
    const blocked = p.actions.filter((a) => !allowed(a) || sim.results.get(a)?.allowedVia === 'account-delegation');
    if (blocked.length === 0) continue;
    const what = blocked.map((a) => `\`${a}\``).join(', ');
    if (p.kind === 'missing-action') reasons.push(`${label(p.statement.index)} does not allow ${what}`);
    else if (p.kind === 'explicit-deny') reasons.push(`${label(p.statement.index)} denies ${what}`);
    else if (p.failure) reasons.push(`${label(p.statement.index)}: ${p.failure.reason} (blocks ${what})`);
  }
  const delegated = HEALTHLAKE_KMS_ACTIONS.filter((a) => sim.results.get(a)?.allowedVia === 'account-delegation');
  if (delegated.length > 0) {
    reasons.push(`${delegated.map((a) => `\`${a}\``).join(', ')} ${delegated.length === 1 ? 'is' : 'are'} allowed only through the account principal: the caller's IAM policy must allow ${delegated.length === 1 ? 'it' : 'them'} too`);
  }
  const depends = [...new Set([...sim.undecided.values()].flat())];
  const unknownKeys = depends.filter((d) => !isReference(d));
  const refs = depends.filter(isReference);
  if (unknownKeys.length > 0) {
    reasons.push(`depends on ${unknownKeys.map((k) => `\`${k}\``).join(', ')}, which the real caller's request carries: this check cannot know ${unknownKeys.length === 1 ? 'its value' : 'their values'}`);
  }
  if (refs.length > 0) reasons.push(referenceNote(refs));
  if (sim.corrected) reasons.push(`simulated as \`${sim.arn}\`: the principal as written is malformed`);
  // An account's principals reach the key only through their IAM policies, as `hlkms diff` counts them.
  const name = principalName(sim);
  const account = name.startsWith('account ');
  const verdict = (op: HealthLakeOperation) => operationVerdict(op, (a) => sim.results.get(a), (a) => sim.undecided.has(a), account);
  const [create, write, read] = OPERATIONS.map(verdict) as [OperationVerdict, OperationVerdict, OperationVerdict];
  return { principal: name, create, write, read, reasons };
}

/** "depends on `${var.account_id}`, which this file leaves open": what a reference leaves undecided. */
export function referenceNote(refs: readonly string[]): string {
  return `depends on ${refs.map((r) => `\`${r}\``).join(', ')}, which this file leaves open: the check decides once ${refs.length === 1 ? 'it is' : 'they are'} known`;
}
