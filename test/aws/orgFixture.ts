/**
 * An organization on the emulators: moto's Organizations with the management account (ACCOUNT) and five
 * members, keys made in each member account with its assumed role's credentials (moto keeps KMS per account),
 * data stores in the HealthLake stand-in per account and Region.
 *
 * - clinical: us-east-1 a key shared by two data stores and an AWS owned one; us-west-2 a data store whose
 *   key is disabled (broken).
 * - research: us-east-1 a healthy key; us-west-2 denied by a service control policy.
 * - analytics: an AWS owned data store; its account:ListRegions is denied.
 * - retired: suspended (closed).
 * - partner: its role cannot be assumed.
 * The management account's role cannot be assumed either: it is audited with the caller's credentials.
 */
import { CloseAccountCommand, CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { KMSClient } from '@aws-sdk/client-kms';
import { ACCOUNT, startEmulators, type Emulators, type StandInState } from './emulators';
import { newOrgFrontState, startOrgFront, type OrgFrontState } from './orgFront';
import { ALL_NINE, healthLakeKeyPolicy, seedKey } from './seed';

export const ROLE = 'HlkmsAudit';
export const EAST = 'us-east-1';
export const WEST = 'us-west-2';

export interface OrgSetup {
  emu: Emulators;
  front: OrgFrontState;
  /** Every endpoint (Organizations, STS and Account through the front), dummy credentials, the Region. */
  env: Record<string, string>;
  accounts: { clinical: string; research: string; analytics: string; retired: string; partner: string };
  keys: { shared: string; disabled: string; research: string };
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };


/** KMS in `account` and `region`, with that account's assumed-role credentials (through the front, so the stand-in knows them). */
async function memberKms(setup: { env: Record<string, string>; emu: Emulators }, account: string, region: string): Promise<KMSClient> {
  const sts = new STSClient({ region, endpoint: setup.env.AWS_ENDPOINT_URL_STS, credentials });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Seeder`, RoleSessionName: 'seed' }));
  sts.destroy();
  return new KMSClient({ region, endpoint: setup.emu.kmsEndpoint, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
}

let counter = 0;
function datastore(state: StandInState, account: string, region: string, name: string, kmsKeyId?: string): string {
  const id = `${(++counter).toString(16).padStart(8, '0')}org${'0'.repeat(21)}`;
  state.datastores.push({
    DatastoreId: id, DatastoreName: name, DatastoreStatus: 'ACTIVE', region, account,
    CmkType: kmsKeyId ? 'CUSTOMER_MANAGED_KMS_KEY' : 'AWS_OWNED_KMS_KEY', ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
  });
  return id;
}

export async function startOrg(): Promise<OrgSetup> {
  const emu = await startEmulators();
  const front = newOrgFrontState();
  const server = await startOrgFront(emu.motoEndpoint, front, emu.state);
  const env = {
    ...emu.env, AWS_ENDPOINT_URL_ORGANIZATIONS: server.endpoint, AWS_ENDPOINT_URL_STS: server.endpoint, AWS_ENDPOINT_URL_ACCOUNT: server.endpoint,
  };
  const org = new OrganizationsClient({ region: EAST, endpoint: server.endpoint, credentials });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const create = async (name: string) => {
    const out = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    return out.CreateAccountStatus!.AccountId!;
  };
  const accounts = {
    clinical: await create('clinical'), research: await create('research'), analytics: await create('analytics'),
    retired: await create('retired'), partner: await create('partner'),
  };
  await org.send(new CloseAccountCommand({ AccountId: accounts.retired }));
  org.destroy();

  const setup = { emu, env };
  const clinicalEast = await memberKms(setup, accounts.clinical, EAST);
  const clinicalWest = await memberKms(setup, accounts.clinical, WEST);
  const researchEast = await memberKms(setup, accounts.research, EAST);
  const seed = (kms: KMSClient, account: string, region: string, extra: Parameters<typeof seedKey>[1] = {}) =>
    seedKey(kms, { rotation: true, grantOperations: ALL_NINE, region, policy: healthLakeKeyPolicy(region, account), ...extra });
  const shared = await seed(clinicalEast, accounts.clinical, EAST, { alias: 'alias/clinical' });
  const disabled = await seed(clinicalWest, accounts.clinical, WEST, { state: 'Disabled' });
  const research = await seed(researchEast, accounts.research, EAST);
  for (const c of [clinicalEast, clinicalWest, researchEast]) c.destroy();

  const s = emu.state;
  datastore(s, accounts.clinical, EAST, 'clinical-notes', 'alias/clinical');
  datastore(s, accounts.clinical, EAST, 'clinical-claims', shared.arn);
  datastore(s, accounts.clinical, EAST, 'clinical-sandbox');
  datastore(s, accounts.clinical, WEST, 'clinical-west', disabled.arn);
  datastore(s, accounts.research, EAST, 'research-genomics', research.arn);
  datastore(s, accounts.research, WEST, 'research-west-hidden');
  datastore(s, accounts.analytics, EAST, 'analytics-sandbox');
  datastore(s, accounts.partner, EAST, 'partner-unseen');
  datastore(s, ACCOUNT, EAST, 'management-hub');
  s.scpDenied.add(`${accounts.research}/${WEST}`);
  front.listRegionsDenied.add(accounts.analytics);
  front.deniedRoles.add(`arn:aws:iam::${accounts.partner}:role/${ROLE}`);
  front.deniedRoles.add(`arn:aws:iam::${ACCOUNT}:role/${ROLE}`);
  return {
    emu, front, env, accounts, keys: { shared: shared.arn, disabled: disabled.arn, research: research.arn },
    stop: async () => {
      await server.stop();
      await emu.stop();
    },
  };
}
