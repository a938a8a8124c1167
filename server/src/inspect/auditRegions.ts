/** Which Regions an audit covers: a list, `all` (where HealthLake is offered), or the SDK's default Region. */
import { HEALTHLAKE_REGIONS } from '../service/templates';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export { HEALTHLAKE_REGIONS };

/** `us-east-1,us-west-2` or `all`; throws with a message a person can act on. */
export function parseRegions(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === 'all') return [...HEALTHLAKE_REGIONS];
  const regions = [...new Set(trimmed.split(',').map((r) => r.trim()).filter(Boolean))];
  if (!regions.length) throw new Error("--regions needs a comma-separated list of Regions, or 'all'");
  const bad = regions.filter((r) => !REGION.test(r));
  if (bad.length) throw new Error(`${bad.map((r) => `'${r}'`).join(', ')} ${bad.length === 1 ? 'is not a Region name' : 'are not Region names'} (e.g. us-east-1), nor 'all'`);
  return regions;
}

export const offersHealthLake = (region: string): boolean => (HEALTHLAKE_REGIONS as readonly string[]).includes(region);
