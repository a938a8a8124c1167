/** Protects against YAML aliases (`*name`) in a template: CloudFormation rejects a template that uses them. */
import { mayHaveAnchors } from '../cloudformation/outline';
import { walk, type HostRule } from './hostRule';

export const yamlAlias: HostRule = {
  id: 'yaml-alias',
  description: 'YAML anchors and aliases in a CloudFormation template, which CloudFormation rejects.',
  defaultSeverity: 'error',
  check(view) {
    if (view.format !== 'yaml' || !mayHaveAnchors(view.text)) return [];
    const anchors = new Map<string, { offset: number; length: number }>();
    const aliases: { name: string; offset: number; length: number }[] = [];
    for (const part of view.parts) {
      for (const node of walk(part)) {
        if (node.kind === 'alias') aliases.push({ name: node.name, ...node.range });
        else if (node.anchor) anchors.set(view.text.slice(node.anchor.offset + 1, node.anchor.offset + node.anchor.length), node.anchor);
      }
    }
    // One mistake, one finding: the first alias, the others (and the first one's anchor) as related places.
    const [first, ...rest] = aliases.sort((a, b) => a.offset - b.offset);
    if (!first) return [];
    const anchor = anchors.get(first.name);
    const more = rest.length ? ` (and ${rest.length} more alias${rest.length > 1 ? 'es' : ''} in this file)` : '';
    return [{
      offset: first.offset, length: first.length,
      message: `CloudFormation does not accept YAML aliases: \`*${first.name}\`${more} makes the template fail to deploy. Write the value out here instead of referring to \`&${first.name}\`.`,
      related: [
        ...(anchor ? [{ ...anchor, message: `The anchor \`&${first.name}\`` }] : []),
        ...rest.slice(0, 20).map((a) => ({ offset: a.offset, length: a.length, message: `Another alias, \`*${a.name}\`` })),
      ],
    }];
  },
};
