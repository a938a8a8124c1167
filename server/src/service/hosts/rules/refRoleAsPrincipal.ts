/** Protects against `Principal: {AWS: !Ref Role}`: `Ref` of a role is its name, and a principal must be its ARN. */
import type { Fix } from '../../types';
import { intrinsicOf } from '../cloudformation/intrinsics';
import type { Raw } from '../cloudformation/raw';
import { walk, type HostRule, type TemplateView } from './hostRule';

const NAMED = new Set(['AWS::IAM::Role', 'AWS::IAM::User']);

/** The logical id a principal value takes the `Ref` of, when that is a role or user of this template. */
function referenced(raw: Raw, view: TemplateView): string | undefined {
  const fn = intrinsicOf(raw);
  let id: string | undefined;
  if (fn?.fn === 'Ref' && fn.arg.kind === 'scalar') id = String(fn.arg.value);
  if (fn?.fn === 'Fn::Sub' && fn.arg.kind === 'scalar') id = /^\$\{([A-Za-z0-9]+)\}$/.exec(String(fn.arg.value))?.[1];
  return id && NAMED.has(view.facts.resources.get(id) ?? '') ? id : undefined;
}

/** Where the intrinsic starts in the host text (a short form's `!Ref` tag comes before its value's range). */
function start(raw: Raw, view: TemplateView): number {
  if (view.format === 'json' || raw.kind === 'alias' || !raw.tag) return raw.range.offset;
  const at = view.text.lastIndexOf('!', raw.range.offset);
  return at >= 0 ? at : raw.range.offset;
}

export const refRoleAsPrincipal: HostRule = {
  id: 'ref-role-as-principal',
  description: 'A principal written as `Ref` of a role or user, which gives its name where the policy needs its ARN.',
  defaultSeverity: 'error',
  check(view) {
    const out: ReturnType<HostRule['check']> = [];
    for (const site of view.sites) {
      for (const node of walk(view.rawOf.get(site))) {
        if (node.kind !== 'map') continue;
        for (const e of node.entries) {
          if (e.key !== 'Principal' && e.key !== 'NotPrincipal') continue;
          for (const p of walk(e.value)) {
            if (p.kind !== 'map') continue;
            const aws = p.entries.find((x) => x.key === 'AWS')?.value;
            const values = aws?.kind === 'seq' && !aws.tag ? aws.items : aws ? [aws] : [];
            for (const v of values) {
              const id = referenced(v, view);
              if (!id) continue;
              const from = start(v, view);
              const content = view.format === 'json' ? JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }) : `!GetAtt ${id}.Arn`;
              const fix: Fix = { title: `Use the ARN: ${content}`, preferred: true, safe: true,
                edits: [{ offset: from, length: v.range.offset + v.range.length - from, content }] };
              out.push({ offset: from, length: v.range.offset + v.range.length - from, data: { fixes: [fix] },
                message: `\`Ref\` of ${id} gives its name, not its ARN, so this principal is not valid: AWS rejects the policy (MalformedPolicyDocument). Use \`!GetAtt ${id}.Arn\`.` });
            }
          }
        }
      }
    }
    return out;
  },
};
