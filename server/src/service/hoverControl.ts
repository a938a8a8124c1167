/** Hover: who keeps control of a key policy (kms:PutKeyPolicy), judged by evaluation (evaluate/lockout.ts). */
import { modelKeyControl } from './evaluate/lockout';
import { principalName } from './healthlake/messages';
import type { PolicyModel } from './model';
import { displayValue } from './symbolic';

const name = (arn: string) => {
  const n = principalName({ arn });
  return n.startsWith('account ') ? `${n} (its IAM administrators)` : n;
};

const list = (names: string[]) => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

/** "Key control: kms:PutKeyPolicy stays with account 111122223333 ..." for a key policy; undefined otherwise. */
export function keyControlMarkdown(model: PolicyModel): string | undefined {
  if (model.kind !== 'key-policy' || model.parseErrors.length > 0 || model.statements.length === 0) return undefined;
  const c = modelKeyControl(model);
  if (c.keepers.length > 0) return `**Key control:** \`kms:PutKeyPolicy\` stays with ${list(c.keepers.map(name))}.`;
  if (c.maybeKeepers.length > 0) {
    const deps = [...new Set(c.maybeKeepers.flatMap((m) => m.dependsOn))].map((d) => `\`${displayValue(d)}\``);
    return `**Key control:** \`kms:PutKeyPolicy\` may stay with ${list(c.maybeKeepers.map((m) => name(m.principal)))}${deps.length ? `, depending on ${list(deps)}` : ''}.`;
  }
  return '**Key control:** no principal keeps `kms:PutKeyPolicy` under this policy, so nobody could change it again.';
}
