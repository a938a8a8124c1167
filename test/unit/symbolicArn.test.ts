/** The shared parsers on values with holes: what the evaluator and every rule build on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnUndecided, isAccountId, isKnownPartition, isRegionName, parseArn, parsePrincipal } from '../../server/src/service/arn';
import { fileCatalog } from '../../server/src/node/catalogFiles';
import { splitAction } from '../../server/src/service/catalog';
import { hole } from '../../server/src/service/symbolic';

const ACCOUNT = hole('account', 'AWS::AccountId');
const REGION = hole('region', 'AWS::Region');
const PARTITION = hole('partition', 'AWS::Partition');
const OPAQUE = hole('opaque', 'var.x');

test('colons inside a hole do not split an ARN, and the parts keep their holes', () => {
  const arn = parseArn(`arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/*`);
  assert.deepEqual({ ...arn }, { partition: PARTITION, service: 'kms', region: REGION, account: ACCOUNT, resource: 'key/*' });
});

test('an account, Region or partition hole is a valid part; an opaque hole is undecided, so valid; literals still decide', () => {
  assert.ok(isAccountId(ACCOUNT) && isRegionName(REGION) && isKnownPartition(PARTITION));
  assert.ok(isAccountId(OPAQUE) && isRegionName(OPAQUE) && isKnownPartition(OPAQUE));
  assert.ok(!isAccountId(REGION), 'a Region is never an account');
  assert.ok(!isAccountId('1234') && !isKnownPartition('aws-moon'));
});

test('a value whose very shape a hole leaves open is undecided, not malformed', () => {
  assert.ok(arnUndecided(OPAQUE));
  assert.ok(arnUndecided(hole('arn:role', 'Role.Arn')));
  assert.ok(arnUndecided(`arn:${OPAQUE}`));
  assert.ok(!arnUndecided(`arn:aws:s3:::${OPAQUE}`), 'six parts: an ARN with an unknown resource');
  assert.ok(!arnUndecided(`x${OPAQUE}`), 'the literal start decides: not an ARN');
  assert.ok(!arnUndecided('arn:aws:s3:::b'), 'no holes, nothing undecided');
});

test('principals: holes give the forms they must have, or `unknown`', () => {
  assert.deepEqual({ ...parsePrincipal('AWS', `arn:aws:iam::${ACCOUNT}:root`) }, { form: 'account', account: ACCOUNT, bare: false });
  assert.equal(parsePrincipal('AWS', ACCOUNT).form, 'account');
  assert.deepEqual({ ...parsePrincipal('AWS', hole('arn:role', 'Role.Arn')) }, { form: 'unknown', kind: 'arn:role' });
  assert.equal(parsePrincipal('AWS', `arn:aws:iam::${ACCOUNT}:role/${hole('name:role', 'Role')}`).form, 'role');
  assert.equal(parsePrincipal('Service', `healthlake.${REGION}.amazonaws.com`).form, 'service');
  assert.equal(parsePrincipal('Service', `${OPAQUE}.example.com`).form, 'invalid');
  const guide = parsePrincipal('AWS', `arn:aws:iam::${ACCOUNT}:HealthLakeFullAccessRole`);
  assert.equal(guide.form, 'invalid');
  assert.equal(guide.form === 'invalid' && guide.suggestion, `arn:aws:iam::${ACCOUNT}:role/HealthLakeFullAccessRole`);
});

test('catalog lookups: a hole in the name matches what it may be; one in the service leaves it open', () => {
  const catalog = fileCatalog();
  assert.deepEqual(splitAction(`${hole('opaque', 'AWS::x:y')}:GetObject`), { prefix: hole('opaque', 'AWS::x:y'), name: 'GetObject' });
  assert.ok(catalog.matchActions('kms', OPAQUE).length > 40, 'kms:<hole> is any KMS action');
  assert.deepEqual(catalog.matchActions('kms', `Decr${OPAQUE}`).map((a) => a.name), ['Decrypt']);
  assert.deepEqual(catalog.matchActions('kms', `Zap${OPAQUE}`), []);
  assert.equal(catalog.conditionKey(`kms:Via${OPAQUE}`)?.key, 'kms:ViaService');
  assert.equal(catalog.conditionKey(`${OPAQUE}:Anything`)?.type, 'Unknown');
  assert.equal(catalog.conditionKey(`kms:Zzz${OPAQUE}`), undefined, 'the literal part rules out every KMS key');
});
