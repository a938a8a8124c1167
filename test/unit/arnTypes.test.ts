/**
 * Typed ARN references (arnTypes.ts): which host references carry a type, that the catalog decides it, that the
 * evaluator matches a typed Resource only against resources of its type, and that nothing here crashes on
 * random references or malformed ARNs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileCatalog } from '../../server/src/node/catalogFiles';
import { arnKind, arnTypeOf, cloudFormationArnKind, formatOfKind, terraformArnKind } from '../../server/src/service/arnTypes';
import { holeKind } from '../../server/src/service/hosts/terraform/references';
import { getAttValue, refValue } from '../../server/src/service/hosts/cloudformation/intrinsics';
import { evaluate, evalPolicy, typedEvalPolicy } from '../../server/src/service/evaluate/index';
import { canMatch } from '../../server/src/service/rules/resourceFormats';
import { hole, holes } from '../../server/src/service/symbolic';
import { lint, jsonModel, service } from '../support/service';
import { identityStatement, policy } from './rules/policyText';
import { fuzzParams, fuzzSeed } from '../support/fuzz';

const catalog = fileCatalog();
const typeOf = (kind: string) => { const t = arnTypeOf(kind, catalog); return t && `${t.service}:${t.type.name}`; };

test('Terraform references: the ARN attribute of a resource names its IAM type when the catalog has it', () => {
  const cases: [string, string | undefined][] = [
    ['aws_kms_key.k.arn', 'kms:key'], ['aws_kms_alias.a.arn', 'kms:alias'], ['aws_s3_bucket.b.arn', 's3:bucket'],
    ['aws_iam_role.r.arn', 'iam:role'], ['aws_sqs_queue.q.arn', 'sqs:queue'], ['aws_sns_topic.t.arn', 'sns:topic'],
    ['aws_secretsmanager_secret.s.arn', 'secretsmanager:Secret'], ['aws_dynamodb_table.t.arn', 'dynamodb:table'],
    ['aws_lambda_function.f.arn', 'lambda:function'], ['aws_iam_policy.p.arn', 'iam:policy'],
    ['awscc_healthlake_fhir_datastore.d.datastore_arn', 'healthlake:datastore'], ['data.aws_kms_key.k.arn', 'kms:key'],
    // No type: another attribute, a service whose ARNs use another prefix, a variable, a module, an IAM data source.
    ['aws_lambda_function.f.invoke_arn', undefined], ['aws_cloudwatch_log_group.g.arn', undefined], ['aws_sfn_state_machine.s.arn', undefined],
    ['var.key_arn', undefined], ['module.kms.arn', undefined], ['data.aws_iam_role.r.arn', undefined], ['awscc_healthlake_fhir_datastore.d.arn', undefined],
  ];
  assert.deepEqual(cases.map(([ref]) => [ref, typeOf(holeKind(ref))]), cases);
  assert.equal(holeKind('aws_iam_role.r.arn'), 'arn:role', 'IAM keeps the kind principals read');
});

test('CloudFormation references: GetAtt of the ARN attribute, and Ref where it gives the ARN', () => {
  const facts = { parameters: new Set<string>(), resources: new Map([
    ['Store', 'AWS::HealthLake::FHIRDatastore'], ['Key', 'AWS::KMS::Key'], ['Bucket', 'AWS::S3::Bucket'], ['Role', 'AWS::IAM::Role'],
    ['Topic', 'AWS::SNS::Topic'], ['Secret', 'AWS::SecretsManager::Secret'], ['Flow', 'AWS::StepFunctions::StateMachine'], ['Custom', 'Custom::Thing'],
  ]) };
  const kindOf = (v: string) => holes(v)[0]!.kind;
  assert.deepEqual([
    getAttValue('Store', 'DatastoreArn', facts), getAttValue('Key', 'Arn', facts), getAttValue('Bucket', 'Arn', facts), getAttValue('Role', 'Arn', facts),
    getAttValue('Topic', 'TopicArn', facts), refValue('Secret', facts) as string,
  ].map((v) => typeOf(kindOf(v))), ['healthlake:datastore', 'kms:key', 's3:bucket', 'iam:role', 'sns:topic', 'secretsmanager:Secret']);
  assert.deepEqual([getAttValue('Store', 'DatastoreEndpoint', facts), getAttValue('Flow', 'Arn', facts), getAttValue('Custom', 'Arn', facts), getAttValue('Nope', 'Arn', facts)]
    .map((v) => typeOf(kindOf(v))), [undefined, undefined, undefined, undefined]);
  assert.equal(kindOf(getAttValue('Role', 'Arn', facts)), 'arn:role');
});

test('a module output written with the kind mechanism (module.kms.key_arn) is a key ARN to every check', () => {
  const keyArn = hole(arnKind('kms', 'key'), 'module.kms.key_arn');
  assert.equal(typeOf(holes(keyArn)[0]!.kind), 'kms:key');
  assert.deepEqual(lint(policy(identityStatement({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn })), 'action-resource-mismatch'), []);
  assert.equal(lint(policy(identityStatement({ Action: 'healthlake:ListFHIRDatastores', Resource: keyArn })), 'action-resource-mismatch').length, 1);
});

test('the evaluator: a typed Resource matches only resources of its type; an untyped one stays open', () => {
  const s = service();
  const bucket = hole(terraformArnKind('aws_s3_bucket'), 'aws_s3_bucket.b.arn');
  const role = hole('arn:role', 'aws_iam_role.r.arn');
  const model = jsonModel(s, policy(identityStatement({ Action: 'iam:PassRole', Resource: [bucket, `${bucket}/*`] })));
  const request = { principal: 'arn:aws:iam::111122223333:role/Caller', action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/Any' };
  assert.equal(evaluate(typedEvalPolicy(model, s.catalog), request).decision, 'ImplicitDeny');
  assert.equal(evaluate(typedEvalPolicy(model, s.catalog), request).undecided, undefined, 'no statement may apply');
  assert.ok(evaluate(evalPolicy(model), request).undecided, 'untyped, the same Resource may match');
  const roles = jsonModel(s, policy(identityStatement({ Action: 'iam:PassRole', Resource: role })));
  assert.ok(evaluate(typedEvalPolicy(roles, s.catalog), request).undecided?.possible.includes('Allow'), 'a role reference may be that role');
  const opaque = jsonModel(s, policy(identityStatement({ Action: 'iam:PassRole', Resource: hole('opaque', 'var.role_arn') })));
  assert.ok(evaluate(typedEvalPolicy(opaque, s.catalog), request).undecided?.possible.includes('Allow'));
});

// Fixed seed, printed on failure; HLKMS_FUZZ_SEED replays another run.
const seed = fuzzSeed;
const part = fc.stringMatching(/^[A-Za-z0-9_:.\-/*$?{}|\uE010\uE011]{0,12}$/);

test(`fuzz: random references and kinds never throw, and an unknown kind has no type (seed ${seed})`, () => {
  const result = fc.check(fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
    const ref = parts.join('.');
    const kinds = [holeKind(ref), terraformArnKind(ref), cloudFormationArnKind(ref), `arn:${ref}`, ref];
    for (const k of kinds) {
      const t = arnTypeOf(k, catalog);
      if (t) assert.ok(catalog.service(t.service)?.resourceTypes.get(t.type.name), `${k} resolved to a type the catalog lacks`);
    }
    getAttValue(parts[0]!, parts[1] ?? 'Arn', { parameters: new Set(), resources: new Map([[parts[0]!, ref]]) });
  }), fuzzParams(400));
  assert.ok(!result.failed, `seed ${result.seed}: ${String(result.errorInstance)} ${JSON.stringify(result.counterexample)}`);
});

test(`fuzz: malformed and templated ARNs in Resource lint without a crash or a range outside the text (seed ${seed})`, () => {
  const kinds = fc.constantFrom('arn:kms/key', 'arn:s3/bucket', 'arn:role', 'arn:kms/alias', 'arn:healthlake/fhir_datastore', 'opaque', 'account', 'region', 'arn:x/y', 'arn:', 'arn:/');
  const piece = fc.oneof(part, fc.tuple(kinds, part).map(([k, d]) => hole(k as never, d)), fc.constantFrom('arn', 'aws', 'kms', 'key/', 'alias/', ':', '', '*', 'us-east-1', '111122223333'));
  const value = fc.array(piece, { maxLength: 9 }).map((ps) => ps.join(''));
  const actions = fc.constantFrom('kms:Decrypt', 'healthlake:ListFHIRDatastores', 's3:GetObject', 'iam:PassRole', 'kms:*', '*');
  const result = fc.check(fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), actions, fc.boolean(), (resources, action, key) => {
    const text = policy(key
      ? { Sid: 'S', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: action, Resource: resources }
      : identityStatement({ Action: action, Resource: resources }));
    for (const f of lint(text)) assert.ok(f.offset >= 0 && f.offset + f.length <= text.length, `${f.ruleId} outside the text`);
    for (const r of resources) canMatch(r, 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}', formatOfKind(catalog));
  }), fuzzParams(300));
  assert.ok(!result.failed, `seed ${result.seed}: ${String(result.errorInstance)} ${JSON.stringify(result.counterexample)}`);
});
