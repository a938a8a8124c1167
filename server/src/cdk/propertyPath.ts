/**
 * Where a finding is in a CloudFormation template (JSON, as CDK writes it, or YAML), as CDK's policy-validation
 * report names it: the resource's logical id and the property path below it, e.g.
 * `Properties/KeyPolicy/Statement/1/Condition/StringEquals/kms:ViaService`.
 *
 * The path runs down to the smallest element that holds the finding's whole range. It goes through `Fn::If`
 * (`.../Statement/0/Fn::If/1/Condition/...`: the branch the finding is in) and stops at any other intrinsic
 * (`Fn::Join`, `Fn::Sub`, `Ref`...): the element is the value the intrinsic builds, not the pieces CDK rendered it
 * from. Segments are keys and list indexes joined by `/`; a key's own `~` and `/` are written `~0` and `~1`
 * (JSON Pointer), so `aws:PrincipalTag/Team` reads `aws:PrincipalTag~1Team`.
 */
import { parseJson, parseYaml } from '../service/hosts/cloudformation/parse';
import { intrinsicOf } from '../service/hosts/cloudformation/intrinsics';
import type { Raw, RawEntry } from '../service/hosts/cloudformation/raw';
import type { Range } from '../service/hosts/types';

export interface PropertyPath {
  /** The resource the range is in (under `Resources`); undefined for a range elsewhere in the template. */
  logicalId?: string;
  /** Below the resource when `logicalId` is set, else from the template's root; '' for the whole resource or template. */
  path: string;
}

const within = (r: Range, n: Range) => n.offset <= r.offset && r.offset + r.length <= n.offset + n.length;
const segment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The path segments from `node` down to the smallest element holding `range`. */
function descend(node: Raw, range: Range, out: string[]): void {
  for (let at: Raw | undefined = node; at;) {
    const intrinsic = intrinsicOf(at);
    if (intrinsic) {
      if (intrinsic.fn !== 'Fn::If' || intrinsic.arg.kind !== 'seq') return;
      out.push('Fn::If');
      at = intrinsic.arg;
    }
    if (at.kind === 'map') {
      const entry: RawEntry | undefined = at.entries.find((e) => within(range, e.range));
      if (!entry) return;
      out.push(entry.key);
      at = within(range, entry.value.range) ? entry.value : undefined;
    } else if (at.kind === 'seq') {
      const index = at.items.findIndex((i) => within(range, i.range));
      if (index < 0) return;
      out.push(String(index));
      at = at.items[index];
    } else {
      return;
    }
  }
}

/** Parses the template once; the function it returns places any range of it. */
export function templateLocator(text: string): (range: Range) => PropertyPath {
  const root = (/^\s*\{/.test(text) ? parseJson(text) : parseYaml(text, 0)).raw;
  return (range) => {
    const segments: string[] = [];
    if (root) descend(root, range, segments);
    if (segments[0] === 'Resources' && segments.length >= 2) {
      return { logicalId: segments[1], path: segments.slice(2).map(segment).join('/') };
    }
    return { path: segments.map(segment).join('/') };
  };
}

/** One range's place in a template (parses the template: use `templateLocator` for many). */
export const propertyPath = (text: string, range: Range): PropertyPath => templateLocator(text)(range);
