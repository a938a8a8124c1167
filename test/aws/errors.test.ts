/** AWS errors read for people, retries, cancellation, and profile names from the shared config files. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, explain, withRetry } from '../../server/src/inspect/errors';
import { parseSince } from '../../server/src/inspect/since';
import { profileNames } from '../../client/src/aws/profiles';

const awsError = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, ...extra });

describe('AWS errors', () => {
  test('access denied names the permission the call needs', () => {
    const e = awsError('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/Auditor/x is not authorized to perform: kms:ListGrants');
    assert.equal(classify(e), 'denied');
    assert.match(explain(e, { action: 'kms:ListGrants' }), /^Access denied: the credentials in use lack kms:ListGrants/);
  });

  test('an expired SSO token suggests aws sso login with the profile', () => {
    const e = awsError('TokenProviderError', 'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.');
    assert.equal(explain(e, { action: 'kms:DescribeKey', profile: 'prod' }), 'The AWS SSO session has expired. Run `aws sso login --profile prod` and try again.');
  });

  test('no network says which service could not be reached', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.equal(classify(e), 'network');
    assert.match(explain(e, { action: 'healthlake:ListFHIRDatastores' }), /Could not reach the AWS endpoint for healthlake \(ECONNREFUSED\)/);
  });

  test('throttling is retried, other errors are not', async () => {
    let calls = 0;
    const value = await withRetry(async () => {
      calls++;
      if (calls < 3) throw awsError('ThrottlingException', 'Rate exceeded');
      return 'ok';
    }, { baseDelayMs: 1 });
    assert.equal(value, 'ok');
    assert.equal(calls, 3);

    let denied = 0;
    await assert.rejects(withRetry(async () => { denied++; throw awsError('AccessDeniedException', 'no'); }, { baseDelayMs: 1 }), /no/);
    assert.equal(denied, 1);
  });

  test('throttling gets more attempts than server errors: it passes with time', async () => {
    let throttled = 0;
    await assert.rejects(withRetry(async () => { throttled++; throw awsError('ThrottlingException', 'Rate exceeded'); }, { baseDelayMs: 1, maxDelayMs: 2 }), /Rate exceeded/);
    assert.equal(throttled, 8);
    let failing = 0;
    await assert.rejects(withRetry(async () => { failing++; throw awsError('InternalFailure', 'boom', { $fault: 'server' }); }, { baseDelayMs: 1, maxDelayMs: 2 }), /boom/);
    assert.equal(failing, 5);
  });

  test('a retry stops as soon as the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = withRetry(async () => {
      calls++;
      controller.abort();
      throw awsError('ThrottlingException', 'Rate exceeded');
    }, { signal: controller.signal, baseDelayMs: 60_000 });
    await assert.rejects(run, (e: Error) => e.name === 'AbortError');
    assert.equal(calls, 1);
  });
});

describe('inputs', () => {
  test('--since windows', () => {
    const now = Date.UTC(2026, 0, 31);
    assert.equal(parseSince('7d', now)?.toISOString(), '2026-01-24T00:00:00.000Z');
    assert.equal(parseSince('90m', now)?.toISOString(), '2026-01-30T22:30:00.000Z');
    assert.equal(parseSince('91d', now), undefined);
    assert.equal(parseSince('7 days', now), undefined);
  });

  test('profile names from the shared config and credentials files', () => {
    const config = '[default]\nregion = us-east-1\n\n[profile clinical-dev]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n';
    assert.deepEqual(profileNames(config, 'config'), ['default', 'clinical-dev']);
    assert.deepEqual(profileNames('[default]\naws_access_key_id = x\n[ci]\n', 'credentials'), ['default', 'ci']);
  });
});
