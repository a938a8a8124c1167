import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, spanOf } from '../../support/service';
import { identityStatement, policy } from './policyText';

const ID = 'passrole-unrestricted';
const pass = (over: Record<string, unknown>) => policy(identityStatement({ Action: 'iam:PassRole', Resource: '*', ...over }));

test('iam:PassRole, iam:Pass*, iam:* and * on any role are reported at the action, for any service', () => {
  for (const action of ['iam:PassRole', 'iam:Pass*', 'iam:*', '*']) {
    const text = pass({ Action: [action, 'ec2:RunInstances'] });
    const [f, ...rest] = lint(text, ID);
    assert.equal(rest.length, 0, action);
    assert.equal(spanOf(text, f!), JSON.stringify(action));
    assert.match(f!.message, /pass any role to any service.*iam:PassedToService/);
    assert.doesNotMatch(f!.message, /HealthLake/);
  }
});

test('"any role" includes role wildcards in the account', () => {
  assert.equal(lint(pass({ Resource: 'arn:aws:iam::444455556666:role/*' }), ID).length, 1);
  assert.equal(lint(pass({ Resource: 'arn:aws:iam::*:role/*' }), ID).length, 1);
});

test('named roles, iam:PassedToService and Deny are fine', () => {
  assert.deepEqual(lint(pass({ Resource: 'arn:aws:iam::111122223333:role/EC2-app' }), ID), []);
  assert.deepEqual(lint(pass({ Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }), ID), []);
  assert.deepEqual(lint(pass({ Effect: 'Deny' }), ID), []);
  assert.deepEqual(lint(pass({ Action: 'iam:GetRole' }), ID), []);
});
