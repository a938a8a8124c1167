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

/** The policy in `file` allows each call to this principal. */
export function assertAllows(file: string, principal: string, calls: Call[]): void {
  const model = jsonModel(service(), readDoc(file));
  for (const { action, resource } of calls.filter((c) => !ALWAYS_ALLOWED.has(c.action))) {
    assert.equal(evaluate(model, { principal, action, resource }).decision, 'Allow', `${file} allows ${action} on ${resource}`);
  }
}

/** The policy in `file` allows each call to this principal, and grants no action that was not called. */
export function assertGrantsExactly(file: string, principal: string, calls: Call[]): void {
  assertAllows(file, principal, calls);
  const needed = new Set(calls.map((c) => c.action).filter((a) => !ALWAYS_ALLOWED.has(a)));
  const granted = (JSON.parse(readDoc(file)) as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat());
  assert.deepEqual([...needed].sort(), [...new Set(granted)].sort(), `${file} grants exactly what the audit calls`);
}
