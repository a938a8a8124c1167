/**
 * docs/audit-permissions.json, the least privilege the README documents for `hlkms audit`: lint-clean, and
 * (by evaluation) it allows every call an audit with --since makes, and nothing the audit does not call.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAudit } from '../../server/src/inspect/audit';
import { evaluate } from '../../server/src/service/evaluate/index';
import { jsonModel, lint, service } from '../support/service';
import { startEmulators, TARGET, type Emulators } from './emulators';
import { EAST, regionClients, seedAudit, WEST } from './auditFixture';

const text = readFileSync(join(__dirname, '..', '..', 'docs', 'audit-permissions.json'), 'utf8');
const DOC_ACCOUNT = '111122223333';
let emu: Emulators;

before(async () => {
  emu = await startEmulators();
  emu.applyEnv();
});
after(async () => { await emu?.stop(); });

test('docs/audit-permissions.json is a lint-clean identity policy', () => {
  assert.deepEqual(lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('docs/audit-permissions.json allows every call of an audit with --since, and only those', async () => {
  const kms = regionClients(emu);
  try {
    await seedAudit(emu, kms, 'perm');
  } finally {
    kms.destroy();
  }
  const from = emu.state.requests.length;
  await runAudit({ regions: [EAST, WEST], since: new Date(Date.now() - 86_400_000) });
  const calls = emu.state.requests.slice(from);
  const actionOf = (target: string) => target === TARGET.lookupEvents ? 'cloudtrail:LookupEvents'
    : target.startsWith('TrentService.') ? `kms:${target.slice('TrentService.'.length)}` : `healthlake:${target.split('.')[1]}`;
  const keyActions = new Set(['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListGrants', 'kms:ListResourceTags']);
  const model = jsonModel(service(), text);
  const called = new Set<string>();
  for (const { target, region } of calls) {
    const action = actionOf(target);
    called.add(action);
    const resource = keyActions.has(action) ? `arn:aws:kms:${region}:${DOC_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` : '*';
    const result = evaluate(model, { principal: `arn:aws:iam::${DOC_ACCOUNT}:role/Auditor`, action, resource });
    assert.equal(result.decision, 'Allow', `${action} on ${resource}`);
  }
  const granted = JSON.parse(text).Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
  assert.deepEqual([...called].sort(), [...granted].sort(), 'the policy grants exactly what the audit calls');
});
