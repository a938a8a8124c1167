/**
 * A plain JSON policy: the host whose one site is the whole file and whose projection is the identity. The file's
 * text is parsed once, into the model the rules run on; findings, hover, completion and fixes (the jsonc `modify`
 * edits the rules write) are in the file's own offsets, so nothing is mapped or rewritten.
 */
import { buildModel, type PolicyModel } from '../model';
import { rules as allRules } from '../rules/index';
import { runRules } from '../rules/run';
import type { RuleContext } from '../rules/rule';
import type { Analysis } from './api';
import type { Projection } from './projection';
import { baseName, fileName, type HostInput } from './registry';
import { convert } from './templateJson';
import type { HostValue, PolicySite, Range, SiteKind } from './types';
import type { KindSetting } from '../types';

/** A policy's text that is no file (a live key's policy): read as a plain JSON policy, of `kind` when given. */
export const policyText = (text: string, kind?: KindSetting): HostInput => ({ uri: 'untitled:policy.json', text, hosts: ['json'], kind });

const JSON_LANGUAGES = new Set(['json', 'jsonc']);
/** Names another host reads: such a file is never taken for a plain JSON policy by its first character. */
const OTHER_HOST = /\.(tf|ya?ml|template|tpl|j2)$/;

/**
 * Whether a file that no other host read is a plain JSON policy: a `.json` file, a document the editor calls JSON,
 * or (when no editor says) a file of no other host's name whose text starts like JSON (`key-policy`, `policy.txt`).
 */
export function readsAsJson(input: HostInput): boolean {
  if (input.hosts && !input.hosts.includes('json')) return false;
  const name = fileName(input.uri);
  if (name.endsWith('.json')) return true;
  if (input.languageId !== undefined) return JSON_LANGUAGES.has(input.languageId);
  return !OTHER_HOST.test(name) && /^\s*[{[]/.test(input.text);
}

/** The one site of a plain JSON policy: the whole file. */
class JsonSite implements PolicySite {
  readonly kind: SiteKind;
  readonly range: Range;
  // Fixes on the identity projection are already edits of the file: nothing is left to write.
  readonly writer = { write: () => undefined };
  private tree: HostValue | undefined;

  constructor(readonly name: string, private readonly model: PolicyModel) {
    this.kind = model.kind === 'not-a-policy' ? 'unknown' : model.kind;
    this.range = { offset: 0, length: model.text.length };
  }

  /** The JSON itself as the site's value tree, built when asked: the engine never needs it for this host. */
  get value(): HostValue {
    return this.tree ??= this.model.root ? convert(this.model.root) : { type: 'null', range: this.range };
  }
}

export function jsonAnalysis(context: RuleContext, input: HostInput): Analysis {
  const { text } = input;
  let model = buildModel(text, input.kind ?? context.settings.kind);
  if (input.include && model.kind === 'not-a-policy') {
    model = buildModel(text, /"(Not)?Principal"/.test(text) ? 'key-policy' : 'identity-policy');
  }
  const site = new JsonSite(baseName(input.uri), model);
  const identity: Projection = { text, model, spans: [], values: new Map(), keys: new Map(), assignment: new Map(), unknown: [], identity: true };
  return {
    uri: input.uri, text, host: 'json', document: { host: 'json', sites: [site], findings: [] },
    sites: [{ site, kind: model.kind, variants: [identity] }],
    findings: runRules(allRules, model, context),
  };
}
