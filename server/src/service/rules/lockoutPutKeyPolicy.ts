/** Protects against a key policy after which nobody can change the key policy again (an unmanageable key). */
import { accountRootStatement, addStatementEdits, adminRequest, policyAccounts, withAccountRoot } from '../evaluate/keySafety';
import { modelKeyControl } from '../evaluate/lockout';
import { evaluate } from '../evaluate/index';
import { isMeantForHealthLake } from '../healthlake/intent';
import type { Rule } from './rule';

export const lockoutPutKeyPolicy: Rule = {
  id: 'lockout-put-key-policy',
  description: 'A key policy that leaves no principal (nor the account, through IAM) allowed kms:PutKeyPolicy.',
  category: 'safety',
  defaultSeverity: 'warning',
  kinds: ['key-policy'],
  check(model, { settings }) {
    if (model.parseErrors.length > 0 || model.statements.length === 0) return [];
    // AWS managed keys (policy Id `auto-...`): AWS maintains the policy and nobody may change it, by design.
    const id = model.properties.get('Id')?.children?.[1]?.value;
    if (typeof id === 'string' && id.startsWith('auto-')) return [];
    // Judged by evaluation, reading malformed principals as meant: only a lockout however the unknowns resolve.
    const { lockout, denies } = modelKeyControl(model, { first: true });
    if (!lockout) return [];
    const deny = denies.length > 0 ? model.statements[denies[0]!] : undefined;
    const anchor = deny?.effect?.node ?? model.properties.get('Statement')?.children?.[0] ?? model.root!;
    const account = policyAccounts(model)[0];
    const helps = account !== undefined
      && evaluate(withAccountRoot(model, account), adminRequest(`arn:aws:iam::${account}:root`, account, 'kms:PutKeyPolicy')).decision === 'Allow';
    const cause = deny ? 'This Deny takes kms:PutKeyPolicy away from every principal the policy names, and no other' : 'No';
    const stake = isMeantForHealthLake(model, settings)
      ? 'The key, and every HealthLake data store it encrypts, can then no longer be managed.'
      : 'The key can then no longer be managed: nobody can change who may use it.';
    return [{
      offset: anchor.offset, length: anchor.length,
      message: `${cause} principal (nor the account through its IAM policies) is allowed kms:PutKeyPolicy: once this policy is in place nobody can change it, and KMS refuses it unless the lockout safety check is bypassed. ${stake} Add the account-root statement${account ? ` for ${account}` : ''} so IAM administrators keep control.`,
      data: helps ? { fixes: [{ title: `Add the account-root statement (arn:aws:iam::${account}:root, kms:*)`, edits: addStatementEdits(model, accountRootStatement(account)), preferred: true }] } : undefined,
    }];
  },
};
