/** AWS Regions, and the Region a HealthLake key policy is about (from its own text, a setting, or a default). */
import type { PolicyModel } from '../model';
import { parseArn } from '../arn';
import { displayValue, hasHoles, holes } from '../symbolic';
import { viaServiceRegion } from './facts';

/** Public AWS Regions (commercial, China, GovCloud). */
const REGIONS = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1', 'il-central-1', 'me-south-1',
  'me-central-1', 'mx-central-1', 'sa-east-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1',
]);

export const isKnownRegion = (region: string): boolean => REGIONS.has(region);

export const DEFAULT_REGION = 'us-east-1';

export interface RegionChoice {
  /** A Region, or this Region as a hole (`${AWS::Region}`) when the policy names it symbolically. */
  region: string;
  /** `policy`: named in the policy; `setting`: the configured default; `default`: nothing said, us-east-1. */
  source: 'policy' | 'setting' | 'default';
}

/** Whether the chosen Region is a hole (this Region, whatever it is when the template is deployed). */
export const isSymbolicRegion = (choice: RegionChoice): boolean => hasHoles(choice.region);

/** The Region as people read it. */
export const regionName = (choice: RegionChoice): string => displayValue(choice.region);

/** `healthlake.${AWS::Region}.amazonaws.com` (or with the URL suffix as a hole): the Region hole, else undefined. */
function symbolicViaServiceRegion(value: string): string | undefined {
  if (!hasHoles(value)) return undefined;
  const h = holes(value)[0]!;
  if (h.kind !== 'region' || value.slice(0, h.start) !== 'healthlake.') return undefined;
  const rest = value.slice(h.end);
  const suffix = holes(rest)[0];
  return /^\.amazonaws\.com(\.cn)?$/.test(rest) || (suffix?.kind === 'urlsuffix' && rest.slice(0, suffix.start) === '.' && suffix.end === rest.length)
    ? value.slice(h.start, h.end) : undefined;
}

/**
 * The Region HealthLake's requests are simulated in: a known Region from a regional HealthLake kms:ViaService
 * value, else from an ARN in the policy, else the setting, else us-east-1.
 */
export function chooseRegion(model: PolicyModel, defaultRegion: string | undefined): RegionChoice {
  let fromArn: string | undefined;
  for (const st of model.statements) {
    for (const op of st.condition?.operators ?? []) {
      for (const k of op.keys) {
        for (const v of k.values) {
          if (typeof v.value !== 'string') continue;
          const r = viaServiceRegion(v.value);
          if (r && isKnownRegion(r)) return { region: r, source: 'policy' };
          const symbolic = symbolicViaServiceRegion(v.value);
          if (symbolic) return { region: symbolic, source: 'policy' };
          fromArn ??= arnRegion(v.value);
        }
      }
    }
    for (const item of [...(st.resource?.items ?? []), ...(st.notResource?.items ?? [])]) fromArn ??= arnRegion(item.value);
  }
  if (fromArn) return { region: fromArn, source: 'policy' };
  if (defaultRegion && isKnownRegion(defaultRegion)) return { region: defaultRegion, source: 'setting' };
  return { region: DEFAULT_REGION, source: 'default' };
}

function arnRegion(value: string): string | undefined {
  const r = parseArn(value)?.region;
  return r && isKnownRegion(r) ? r : undefined;
}

/** How a message says where the Region came from. */
export function regionNote(choice: RegionChoice): string {
  switch (choice.source) {
    case 'policy': return '';
    case 'setting': return ` (${choice.region} is the configured default Region)`;
    default: return ` (the policy names no Region, so ${DEFAULT_REGION} is assumed: set the default Region or edit the value if the data store is elsewhere)`;
  }
}
