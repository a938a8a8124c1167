/**
 * Adaptive client-side rate limiting, shared by every client that calls one quota (a service in a Region of an
 * account): unlimited until the service throttles, then at most a fraction of the rate that was throttled,
 * rising again a little with each success (additive increase, multiplicative decrease, as the SDK's adaptive
 * retry mode does per client). Thousands of short-lived clients of an organization audit share one limiter
 * per quota, where the SDK's own would start from scratch in each client. Retries themselves stay with
 * `withRetry` (backoff with full jitter).
 */
import { classify, delay } from './errors';

const WINDOW_MS = 1000;
const MIN_RATE = 0.5;
const BACK_OFF = 0.7;

export class AdaptiveRate {
  /** Requests per second; Infinity until the first throttling. */
  private rate = Infinity;
  private next = 0;
  private readonly sent: number[] = [];

  /** `signal` cancels the waits. */
  constructor(private readonly signal?: AbortSignal) {}

  async acquire(): Promise<void> {
    if (this.rate !== Infinity) {
      const now = Date.now();
      const at = Math.max(now, this.next);
      this.next = at + 1000 / this.rate;
      if (at > now) await delay(at - now, this.signal);
    }
    const now = Date.now();
    this.sent.push(now);
    while (this.sent.length && this.sent[0]! < now - WINDOW_MS) this.sent.shift();
  }

  throttled(): void {
    const measured = Math.max(1, this.sent.length);
    this.rate = Math.max(MIN_RATE, Math.min(this.rate, measured) * BACK_OFF);
  }

  succeeded(): void {
    if (this.rate === Infinity) return;
    this.rate += 1 / Math.max(1, this.rate);
  }

  /** The current limit, for tests: Infinity when unlimited. */
  get limit(): number {
    return this.rate;
  }
}

/** One limiter per quota, by name (`healthlake:us-east-1:111122223333`). */
export class RateLimits {
  private readonly limits = new Map<string, AdaptiveRate>();

  constructor(private readonly signal?: AbortSignal) {}

  for(name: string): AdaptiveRate {
    let limit = this.limits.get(name);
    if (!limit) this.limits.set(name, (limit = new AdaptiveRate(this.signal)));
    return limit;
  }
}

interface Stack {
  middlewareStack: { add(middleware: unknown, options: { step: 'finalizeRequest'; name: string }): void };
}

/** Makes every request of `client` wait for the limiter and tell it when it was throttled. */
export function limitRate<C extends Stack>(client: C, limit: AdaptiveRate): C {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>) => async (args: { request?: unknown }) => {
      await limit.acquire();
      try {
        const out = await next(args);
        limit.succeeded();
        return out;
      } catch (e) {
        if (classify(e) === 'throttled') limit.throttled();
        throw e;
      }
    },
    { step: 'finalizeRequest', name: 'hlkmsAdaptiveRate' },
  );
  return client;
}
