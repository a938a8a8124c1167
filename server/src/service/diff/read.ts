/**
 * The key policies of one version of a file for `hlkms diff`, read through the language service as every front end
 * reads files: a plain JSON policy is the one site of its file, named ""; a CloudFormation template, Terraform file
 * or JSON template has one per key-policy site, named by the site (`Key.KeyPolicy`, `aws_kms_key.k.policy`), or by
 * its construct path in a template the CDK synthesized (`ClinicalData/FhirKey`), so two versions pair site by site.
 */
import type { LanguageService } from '../languageService';
import { constructPathAt, type SiteAnalysis } from '../hosts/api';
import type { HostName } from '../hosts/types';
import { LineIndex } from '../positions';
import { UnreadablePolicy, type FilePolicies, type PolicyReader } from './file';

const HOSTS: HostName[] = ['cloudformation', 'terraform', 'template-json', 'json'];

/**
 * `path` decides the host among `hosts` (as it does in the editor). A site whose policy holds a choice (`Fn::If`,
 * `c ? a : b`) is compared in its first variant.
 */
export const keyPolicyReader = (service: LanguageService, hosts: HostName[] = HOSTS): PolicyReader => (text, path, label) => {
  const analysis = service.analyze({ uri: `file:///${path.replace(/^\/+/, '')}`, text, hosts });
  if (!analysis) return { policies: [] };
  if (analysis.host === 'json') return plainPolicy(analysis.sites[0]!, label);
  return {
    policies: analysis.sites.filter((s) => s.kind === 'key-policy' && s.variants.length > 0).map((s) => {
      // In a template the CDK synthesized, the construct is the key's identity: its logical id changes when it moves.
      const constructPath = constructPathAt(analysis, s.site.range.offset);
      return { name: constructPath ?? s.site.name, model: s.variants[0]!.model, ...(constructPath ? { constructPath } : {}) };
    }),
  };
};

/**
 * A plain JSON file: its key policy; none for a file that is no policy; the kind of a policy of another kind.
 * Malformed JSON that looks like a policy, or text too large or deep to read: UnreadablePolicy.
 */
function plainPolicy(site: SiteAnalysis, label: string): FilePolicies {
  const model = site.variants[0]!.model;
  if (model.tooLarge || model.tooDeep) throw new UnreadablePolicy(`${label} is too large or too deeply nested to be a policy`);
  const first = model.parseErrors[0];
  if (first && (model.kind !== 'not-a-policy' || /"Statement"/.test(model.text))) {
    const at = new LineIndex(model.text).position(first.offset);
    throw new UnreadablePolicy(`${label} is not valid JSON (syntax error at line ${at.line + 1}, column ${at.character + 1})`);
  }
  if (model.kind === 'not-a-policy') return { policies: [] };
  if (model.kind !== 'key-policy') return { policies: [], otherKind: model.kind };
  return { policies: [{ name: '', model }] };
}
