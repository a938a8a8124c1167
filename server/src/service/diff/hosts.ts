/**
 * Key policies in host files for `hlkms diff`: each key-policy site of a CloudFormation template, Terraform file
 * or JSON template, named by the site (`Key.KeyPolicy`, `aws_kms_key.k.policy`), or by its construct path in a
 * template the CDK synthesized (`ClinicalData/FhirKey`), so two versions pair site by site.
 */
import type { LanguageService } from '../languageService';
import { constructPathAt } from '../hosts/api';
import type { HostPolicies } from './file';

/**
 * `path` decides the host (as it does in the editor); a plain JSON policy is left to `policiesOf`, which tells a
 * malformed one apart. A site whose policy holds a choice (`Fn::If`, `c ? a : b`) is compared in its first variant.
 */
export const hostKeyPolicies = (service: LanguageService): HostPolicies => (text, path) => {
  const analysis = service.analyze({ uri: `file:///${path.replace(/^\/+/, '')}`, text, hosts: ['cloudformation', 'terraform', 'template-json'] });
  if (!analysis) return undefined;
  return analysis.sites.filter((s) => s.kind === 'key-policy' && s.variants.length > 0).map((s) => {
    // In a template the CDK synthesized, the construct is the key's identity: its logical id changes when it moves.
    const constructPath = constructPathAt(analysis, s.site.range.offset);
    return { name: constructPath ?? s.site.name, model: s.variants[0]!.model, ...(constructPath ? { constructPath } : {}) };
  });
};
