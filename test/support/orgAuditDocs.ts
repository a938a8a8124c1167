/**
 * The documented least privilege of the organization audit (docs/org-audit-*): the example account ids the
 * documents use, and the check that a policy allows every call made with it and grants nothing else.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../server/src/service/evaluate/index';
import { jsonModel, service } from './service';

/** The account the organization audit runs from, as the documents write it. */
export const AUDIT_ACCOUNT = '444455556666';
/** A member account, as the documents write it (the account the role's key ARNs name). */
export const MEMBER_ACCOUNT = '111122223333';
export const EXAMPLE_EXTERNAL_ID = 'hlkms-audit-EXAMPLE';

export const readDoc = (file: string): string => readFileSync(join(__dirname, '..', '..', 'docs', file), 'utf8');

/** One call the audit made: its IAM action and the resource it names ('*' for calls on no resource). */
export interface Call { action: string; resource: string }

/** Actions every caller may call without a permission (STS's identity check). */
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity']);

/** The policy in `file`, for a principal of `account`, allows each call; and it grants no action that was not called. */
export function assertGrantsExactly(file: string, principal: string, calls: Call[]): void {
  const text = readDoc(file);
  const model = jsonModel(service(), text);
  const needed = calls.filter((c) => !ALWAYS_ALLOWED.has(c.action));
  for (const { action, resource } of needed) {
    assert.equal(evaluate(model, { principal, action, resource }).decision, 'Allow', `${file} allows ${action} on ${resource}`);
  }
  const granted = (JSON.parse(text) as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat());
  assert.deepEqual([...new Set(needed.map((c) => c.action))].sort(), [...new Set(granted)].sort(), `${file} grants exactly what the audit calls`);
}
