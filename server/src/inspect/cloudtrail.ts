/**
 * CloudTrail: the KMS calls HealthLake made with the key (LookupEvents on the key ARN), paged and kept
 * within LookupEvents' limit of 2 requests per second per account and region.
 */
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { delay, withRetry } from './errors';
import type { HealthLakeEvent } from './types';

const HEALTHLAKE = 'healthlake.amazonaws.com';
/** 2 requests per second. */
const MIN_INTERVAL_MS = 500;

export interface LookupOptions {
  since: Date;
  until?: Date;
  signal?: AbortSignal;
  /** Stop after this many pages (each up to 50 events). */
  maxPages?: number;
}

export async function healthLakeEvents(cloudtrail: CloudTrailClient, keyArn: string, options: LookupOptions): Promise<HealthLakeEvent[]> {
  const { since, until = new Date(), signal, maxPages = 20 } = options;
  const events: HealthLakeEvent[] = [];
  let token: string | undefined;
  let last = 0;
  for (let page = 0; page < maxPages; page++) {
    const wait = last + MIN_INTERVAL_MS - Date.now();
    if (wait > 0) await delay(wait, signal);
    last = Date.now();
    const out = await withRetry(() => cloudtrail.send(new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyArn }],
      StartTime: since, EndTime: until, NextToken: token, MaxResults: 50,
    }), { abortSignal: signal }), { signal, baseDelayMs: MIN_INTERVAL_MS });
    for (const e of out.Events ?? []) {
      const event = fromHealthLake(e.CloudTrailEvent, e.EventName, e.EventTime, e.Username);
      if (event) events.push(event);
    }
    token = out.NextToken || undefined;
    if (!token) break;
  }
  return events.sort((a, b) => b.time.localeCompare(a.time));
}

/** The event, if HealthLake made it (invokedBy, userAgent or sourceIPAddress is HealthLake's). */
function fromHealthLake(json: string | undefined, eventName?: string, eventTime?: Date, username?: string): HealthLakeEvent | undefined {
  let detail: Record<string, unknown> = {};
  try {
    detail = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
  const identity = (detail.userIdentity ?? {}) as Record<string, unknown>;
  const invokedBy = [identity.invokedBy, detail.userAgent, detail.sourceIPAddress].find((v) => v === HEALTHLAKE);
  if (!invokedBy) return undefined;
  const time = eventTime?.toISOString() ?? (typeof detail.eventTime === 'string' ? detail.eventTime : '');
  const who = username ?? (typeof identity.arn === 'string' ? identity.arn : undefined) ?? (typeof identity.principalId === 'string' ? identity.principalId : '');
  return { time, eventName: eventName ?? String(detail.eventName ?? ''), invokedBy: String(invokedBy), username: who ?? '' };
}
