/** The AWS SDK clients: credentials from the SDK's default chain, endpoints from its own conventions. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { HealthLakeClient } from '@aws-sdk/client-healthlake';
import { KMSClient } from '@aws-sdk/client-kms';
import { limitRate, type RateLimits } from './adaptiveRate';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

export interface ConnectionOptions {
  /** Default: the SDK's (AWS_REGION, the profile's region). */
  region?: string;
  /** A named profile of the shared config files; default: the SDK's (AWS_PROFILE, `default`). */
  profile?: string;
  /**
   * An explicit endpoint for every service (an emulator, a VPC endpoint). Without it, the SDK's own
   * conventions apply, including AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>.
   */
  endpointUrl?: string;
  /** Credentials to use instead of the profile's (another account's, through an assumed role). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Adaptive rate limits shared with other clients of the same quotas; `rateScope` names the account. */
  rates?: RateLimits;
  rateScope?: string;
}

export interface Clients {
  kms: KMSClient;
  healthlake: HealthLakeClient;
  cloudtrail: CloudTrailClient;
  /** The region the clients resolved. */
  region(): Promise<string>;
  destroy(): void;
}

export function createClients(options: ConnectionOptions = {}): Clients {
  const config = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Throttling is retried by withRetry, which also honours cancellation between attempts.
    maxAttempts: 1,
  };
  const limited = <C extends Parameters<typeof limitRate>[0]>(client: C, service: string): C =>
    (options.rates ? limitRate(client, options.rates.for(`${service}:${options.region ?? 'default'}:${options.rateScope ?? ''}`)) : client);
  const kms = limited(new KMSClient(config), 'kms');
  const healthlake = limited(new HealthLakeClient(config), 'healthlake');
  const cloudtrail = limited(new CloudTrailClient(config), 'cloudtrail');
  return {
    kms, healthlake, cloudtrail,
    region: async () => (typeof kms.config.region === 'function' ? await kms.config.region() : String(kms.config.region)),
    destroy: () => {
      kms.destroy();
      healthlake.destroy();
      cloudtrail.destroy();
    },
  };
}
