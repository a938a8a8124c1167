/**
 * AWS errors, read for people: access denied names the permission, an expired SSO session names the
 * `aws sso login` command, throttling is retried with backoff, cancellation stops at once.
 */

export type ErrorKind =
  | 'cancelled' | 'denied' | 'sso-expired' | 'expired-token' | 'no-credentials' | 'no-region'
  | 'not-found' | 'throttled' | 'network' | 'server' | 'other';

/** The key could not be inspected at all (not found, no credentials, bad input): exit code 2. */
export class InspectError extends Error {
  constructor(message: string, readonly kind: ErrorKind = 'other') {
    super(message);
    this.name = 'InspectError';
  }
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $fault?: string;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

export function classify(error: unknown): ErrorKind {
  const e = (error ?? {}) as AwsLikeError;
  const name = e.name ?? '';
  const message = e.message ?? '';
  if (name === 'AbortError' || e.code === 'ABORT_ERR') return 'cancelled';
  if (/SSO session .*(expired|invalid)|SSO Token|sso.*token.*expired|aws sso login/i.test(message)) return 'sso-expired';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) return 'no-credentials';
  if (/Region is missing/i.test(message)) return 'no-region';
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken' || /security token included in the request is expired/i.test(message)) return 'expired-token';
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized to perform/i.test(message)) return 'denied';
  if (name === 'NotFoundException' || name === 'ResourceNotFoundException') return 'not-found';
  if (THROTTLING.has(name) || e.$retryable?.throttling || e.$metadata?.httpStatusCode === 429) return 'throttled';
  if ((e.code && NETWORK_CODES.has(e.code)) || name === 'TimeoutError' || NETWORK_CODES.has(name)) return 'network';
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return 'server';
  return 'other';
}

export interface ErrorContext {
  /** The IAM action the call needs, e.g. `kms:ListGrants`. */
  action: string;
  profile?: string;
  /** Whose IAM policy must allow the action (default: the caller's), e.g. `the role HlkmsAudit`. */
  principal?: string;
}

/** One sentence (or two) a person can act on. */
export function explain(error: unknown, context: ErrorContext): string {
  const e = (error ?? {}) as AwsLikeError;
  const profile = context.profile ?? process.env.AWS_PROFILE;
  const firstLine = (e.message ?? String(error)).split('\n')[0]!.trim();
  switch (classify(error)) {
    case 'cancelled':
      return 'Cancelled.';
    case 'denied':
      return `Access denied: the credentials in use lack ${context.action} (${firstLine}). Allow it in ${context.principal ? `the IAM policy of ${context.principal}` : "the caller's IAM policy"}${context.action.startsWith('kms:') ? ' (and in the key policy, unless it delegates to IAM)' : ''}.`;
    case 'sso-expired':
      return `The AWS SSO session has expired. Run \`aws sso login${profile ? ` --profile ${profile}` : ''}\` and try again.`;
    case 'expired-token':
      return `The AWS session token has expired. Refresh the credentials${profile ? ` (e.g. \`aws sso login --profile ${profile}\`)` : ''} and try again.`;
    case 'no-credentials':
      return `No AWS credentials were found${profile ? ` for profile '${profile}'` : ''}. Configure them (environment, ~/.aws/credentials, SSO) or choose another profile.`;
    case 'no-region':
      return 'No AWS region is set. Pass a region (or set AWS_REGION, or a region in the profile).';
    case 'throttled':
      return `AWS kept throttling ${context.action} after several retries. Try again in a minute.`;
    case 'network':
      return `Could not reach the AWS endpoint for ${context.action.split(':')[0]} (${e.code ?? e.name ?? 'network error'}). Check the network, proxy or endpoint setting.`;
    case 'not-found':
      return `Not found: ${firstLine}`;
    default:
      return `${context.action} failed: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${firstLine}`;
  }
}

export function abortError(): Error {
  const e = new Error('The operation was cancelled.');
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

/** Waits `ms`, or rejects as soon as the signal aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  signal?: AbortSignal;
  /** Total attempts, the first included. */
  attempts?: number;
  /** Total attempts when the service keeps throttling (default: 8, or `attempts` when more). */
  throttledAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Runs `call`, retrying throttling and server errors with exponential backoff and jitter (half the cap, plus a random half). */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { signal, attempts = 5, baseDelayMs = 200, maxDelayMs = 5000 } = options;
  // Throttling passes with time (and the adaptive rate limits slow the callers down): it gets more attempts.
  const throttledAttempts = options.throttledAttempts ?? Math.max(attempts, 8);
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    try {
      return await call();
    } catch (e) {
      const kind = classify(e);
      if ((kind !== 'throttled' && kind !== 'server') || attempt >= (kind === 'throttled' ? throttledAttempts : attempts)) throw e;
      const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      await delay(cap / 2 + Math.random() * (cap / 2), signal);
    }
  }
}
