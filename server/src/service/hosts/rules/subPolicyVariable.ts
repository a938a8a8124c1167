/** Protects against an IAM policy variable inside `!Sub` (`${aws:username}`), which CloudFormation reads as its own. */
import { IAM_VARIABLE, intrinsicOf } from '../cloudformation/intrinsics';
import type { Raw } from '../cloudformation/raw';
import { walk, type HostRule } from './hostRule';
import { isIamVariable } from '../placeholders';

/** The template strings of a `Sub` (its first argument when it has a variable map). */
function subTemplate(raw: Raw): Raw | undefined {
  const fn = intrinsicOf(raw);
  if (fn?.fn !== 'Fn::Sub') return undefined;
  return fn.arg.kind === 'seq' ? fn.arg.items[0] : fn.arg;
}

export const subPolicyVariable: HostRule = {
  id: 'sub-policy-variable',
  description: 'An IAM policy variable such as `${aws:username}` inside `Fn::Sub`, which CloudFormation tries to substitute itself.',
  defaultSeverity: 'error',
  check(view) {
    const out: ReturnType<HostRule['check']> = [];
    const seen = new Set<number>();
    for (const site of view.sites) {
      for (const node of walk(view.rawOf.get(site))) {
        const template = subTemplate(node);
        if (template?.kind !== 'scalar' || typeof template.value !== 'string') continue;
        const source = view.text.slice(template.range.offset, template.range.offset + template.range.length);
        for (const m of template.value.matchAll(/\$\{([^}]*)\}/g)) {
          const name = m[1]!.trim();
          // A Serverless Framework variable (`${self:custom.bucket}`) is filled in before CloudFormation reads the `Sub`.
          if (name.startsWith('!') || name.startsWith('AWS::') || !IAM_VARIABLE.test(name) || !isIamVariable(name)) continue;
          let at = -1;
          for (let from = 0; (at = source.indexOf(m[0], from)) >= 0 && seen.has(template.range.offset + at); from = at + 1);
          if (at < 0) continue;
          const offset = template.range.offset + at;
          seen.add(offset);
          out.push({
            offset, length: m[0].length,
            message: `Inside \`!Sub\`, CloudFormation reads \`${m[0]}\` as one of its own variables and the stack fails to deploy. Write \`\${!${name}}\` so the policy keeps the IAM policy variable.`,
            data: { fixes: [{ title: `Escape it: \${!${name}}`, preferred: true, safe: true, edits: [{ offset: offset + 2, length: 0, content: '!' }] }] },
          });
        }
      }
    }
    return out;
  },
};
