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
    return aliases.map((a) => {
      const anchor = anchors.get(a.name);
      return {
        offset: a.offset, length: a.length,
        message: `CloudFormation does not accept YAML aliases: \`*${a.name}\` makes the template fail to deploy. Write the value out here instead of referring to \`&${a.name}\`.`,
        related: anchor ? [{ ...anchor, message: `The anchor \`&${a.name}\`` }] : undefined,
      };
    });
  },
};
