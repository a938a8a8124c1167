/** Protects against a key policy without the account-root statement: IAM policies then cannot grant use of the key. */
import { accountRootStatement, addStatementEdits, adminRequest, policyAccounts } from '../evaluate/keySafety';
import { intendedPolicy } from '../evaluate/intended';
import { modelKeyControl } from '../evaluate/lockout';
import { evaluate } from '../evaluate/index';
import type { Rule } from './rule';
import { hasHoles } from '../symbolic';
import { ContentMemo, contentKey } from '../evaluate/contentKey';
import type { PolicyModel } from '../model';

/** Whether the policy lets the account use the key through its IAM policies: a function of its content (and so of its account). */
const delegates = new ContentMemo<boolean>(16);

function delegatesTo(model: PolicyModel, account: string): boolean {
  // Read as meant: a malformed principal that may be this root is its own finding, not this one.
  const policy = intendedPolicy(model);
  // Any Allow naming the account for key use counts, even a conditional one (e.g. only through HealthLake).
  const r = evaluate(policy, adminRequest(`arn:aws:iam::${account}:root`, account, 'kms:Decrypt'));
  // A statement whose Effect the file leaves open (a variable) may be such an Allow.
  return r.statements.some((o) => (o.effect === 'Allow' && (o.undecided || (o.principal === 'direct' && o.action && o.resource))) || (o.undecided && hasHoles(o.effect)));
}

export const accountRootMissing: Rule = {
  id: 'account-root-missing',
  description: 'A key policy that does not delegate to the account\'s IAM policies (no account-root statement).',
  category: 'key-policy',
  defaultSeverity: 'info',
  kinds: ['key-policy'],
  check(model) {
    if (model.parseErrors.length > 0 || model.statements.length === 0) return [];
    const account = policyAccounts(model)[0];
    if (!account) return [];
    const root = `arn:aws:iam::${account}:root`;
    if (delegates.get(contentKey(model), () => delegatesTo(model, account))) return [];
    if (modelKeyControl(model, { decide: true }).lockout) return []; // the lockout finding carries the same fix
    const anchor = model.properties.get('Statement')?.children?.[0] ?? model.root!;
    return [{
      offset: anchor.offset, length: anchor.length,
      message: `No statement lets account ${account} use this key through its IAM policies (the account principal with kms:*), so IAM policies that allow kms:Decrypt or kms:GenerateDataKey on it have no effect; only the principals named here can use it. Add the account-root statement if IAM should manage access.`,
      data: { fixes: [{ title: `Add the account-root statement (${root}, kms:*)`, edits: addStatementEdits(model, accountRootStatement(account)), preferred: true }] },
    }];
  },
};
