/**
 * HealthLake readiness of a key policy: HealthLake's four KMS requests simulated for every principal the
 * policy gives HealthLake-scoped access to, and each denial traced to the statement or condition responsible.
 */
import { evaluateEach, type ConditionFailure, type EvaluationResult } from '../evaluate/index';
import type { PolicyModel, Statement } from '../model';
import type { ServiceSettings } from '../types';
import { peekDerived, storeDerived } from '../derived';
import { HEALTHLAKE_KMS_ACTIONS, type HealthLakeKmsAction } from './facts';
import { correctedPolicy, healthLakeStatements, isMeantForHealthLake, namedPrincipals, type NamedPrincipal } from './intent';
import { chooseRegion } from './regions';
import type { Readiness, ReadinessProblem, SimulatedPrincipal, ProblemKind } from './readinessTypes';
import { healthLakeRequests, isModelledKey } from './requests';
import { rememberedReadiness } from './remembered';

export type { ProblemKind, Readiness, ReadinessProblem, SimulatedPrincipal } from './readinessTypes';

/** What undecided requests depend on: references (`${AWS::AccountId}`), as opposed to keys of the real caller's request. */
export const isReference = (dependency: string): boolean => dependency.startsWith('${');

/** Simulates HealthLake's requests for one principal against the (corrected) policy. */
export function simulate(model: PolicyModel, p: NamedPrincipal, region: string): SimulatedPrincipal {
  const policy = correctedPolicy(model);
  const requests = healthLakeRequests(p.arn, p.account, region);
  const evaluated = evaluateEach(policy, p.arn, requests);
  const results = new Map<HealthLakeKmsAction, EvaluationResult>(requests.map((r, i) => [r.action, evaluated[i]!]));
  const undecided = new Map<HealthLakeKmsAction, string[]>();
  // Undecided: denied by what is certain, but allowed if what is open resolves one way. (An Allow that a Deny
  // on the real caller's organization or network may still override stays an Allow: that Deny is their guardrail.)
  for (const [action, result] of results) {
    if (result.decision !== 'Allow' && result.undecided?.possible.includes('Allow')) undecided.set(action, result.undecided.dependsOn);
  }
  return { ...p, results, undecided };
}

export { isModelledKey } from './requests';

const READINESS = Symbol('healthLakeReadiness');

/** Undefined when the policy is not a key policy meant for HealthLake. Computed once per model and settings. */
export function healthLakeReadiness(model: PolicyModel, settings: ServiceSettings): Readiness | undefined {
  const hit = peekDerived<{ settings: object; readiness: Readiness | undefined }>(model, READINESS);
  if (hit && hit.settings === settings) return hit.readiness;
  const readiness = isMeantForHealthLake(model, settings) ? rememberedReadiness(model, settings, () => analyse(model, settings)) : undefined;
  storeDerived(model, READINESS, { settings, readiness });
  return readiness;
}

function analyse(model: PolicyModel, settings: ServiceSettings): Readiness {
  const region = chooseRegion(model, settings.defaultRegion);
  const statements = healthLakeStatements(model);
  const byArn = new Map<string, NamedPrincipal>();
  const names = new Map<Statement, Set<string>>();
  for (const st of statements) {
    const named = namedPrincipals(st);
    names.set(st, new Set(named.map((n) => n.arn)));
    for (const p of named) if (!byArn.has(p.arn)) byArn.set(p.arn, p);
  }
  const principals = [...byArn.values()].map((p) => simulate(model, p, region.region));
  const problems = new Map<string, ReadinessProblem>();
  const report = (kind: ProblemKind, statement: Statement, p: SimulatedPrincipal, action: HealthLakeKmsAction, delegated: boolean, failure?: ConditionFailure) => {
    const id = `${kind}|${statement.index}|${failure?.operator ?? ''}|${failure?.key ?? ''}`;
    const found = problems.get(id);
    if (!found) {
      problems.set(id, { kind, statement, principals: [p], actions: [action], failure, delegated });
      return;
    }
    if (!found.principals.some((x) => x.arn === p.arn)) found.principals.push(p);
    if (!found.actions.includes(action)) found.actions.push(action);
    found.delegated &&= delegated;
  };
  for (const p of principals) {
    for (const [action, result] of p.results) {
      if (result.decision === 'Allow' && result.allowedVia === 'direct') continue;
      if (p.undecided.has(action)) continue;
      if (result.decision === 'ExplicitDeny') {
        for (const i of result.decidingStatements) report('explicit-deny', model.statements[i]!, p, action, false);
        continue;
      }
      const delegated = result.decision === 'Allow';
      const naming = statements.filter((st) => result.statements[st.index]?.principal !== 'none' && names.get(st)!.has(p.arn));
      const covering = naming.filter((st) => result.statements[st.index]?.action);
      // A statement that covers the call but fails a condition is the one to blame; else the action is missing.
      if (covering.length === 0 && naming[0]) report('missing-action', naming[0], p, action, delegated);
      for (const st of covering) {
        for (const f of result.statements[st.index]!.failedConditions) if (isModelledKey(f.key)) report(kindOf(f), st, p, action, delegated, f);
      }
    }
  }
  const order = (a: HealthLakeKmsAction) => HEALTHLAKE_KMS_ACTIONS.indexOf(a);
  for (const p of problems.values()) p.actions.sort((a, b) => order(a) - order(b));
  return { region, principals, problems: [...problems.values()] };
}

function kindOf(f: ConditionFailure): ProblemKind {
  const key = f.key.toLowerCase();
  if (key === 'kms:viaservice') return f.values.some((v) => typeof v === 'string' && /healthlake/i.test(v)) ? 'via-service' : 'other-condition';
  if (key === 'kms:calleraccount') return 'caller-account';
  if (key === 'kms:grantoperations') return 'grant-operations';
  if (key === 'kms:grantconstrainttype') return 'grant-constraint';
  if (key.startsWith('kms:encryptioncontext')) return 'encryption-context';
  return 'other-condition';
}
