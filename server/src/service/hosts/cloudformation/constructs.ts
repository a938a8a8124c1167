/**
 * The CDK construct each resource of a synthesized template comes from: CDK writes it in the resource's
 * `Metadata["aws:cdk:path"]` (`ClinicalData/FhirKey/Resource`). It is the name a CDK user knows (the logical id is
 * derived from it and changes when a construct moves), so findings and policies are named by it.
 */
import type { Raw } from './raw';
import { scalarString, valueOf } from './raw';
import type { ResourceOrigin } from '../types';

/** A construct path as CDK prints it: the L1 `Resource` child of a higher-level construct is the construct itself. */
export const constructPath = (cdkPath: string): string => cdkPath.replace(/\/Resource$/, '');

/** The resources (logical id -> raw resource) that carry an `aws:cdk:path`, with the range of each. */
export function resourceOrigins(resources: ReadonlyMap<string, Raw>): ResourceOrigin[] {
  const out: ResourceOrigin[] = [];
  for (const [logicalId, raw] of resources) {
    const cdkPath = scalarString(valueOf(valueOf(raw, 'Metadata'), 'aws:cdk:path'));
    if (cdkPath) out.push({ logicalId, constructPath: constructPath(cdkPath), range: raw.range });
  }
  return out;
}
