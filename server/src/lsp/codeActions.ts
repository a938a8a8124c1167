/** Code actions: quick fixes from diagnostics, "fix all" (`source.fixAll.hlkms`), and the two refactors. */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import { FIX_ALL_KIND, type FixSource } from '../service/fixes';
import { textEdits } from './convert';
import type { ModelCache } from './documents';
import { hostCodeActions } from '../service/hosts/api';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite];

/**
 * The fix data of each diagnostic: that of the current finding at the same place (so edits fit the
 * current text), else what the diagnostic itself carries.
 */
function fixSources(doc: TextDocument, cache: ModelCache, diagnostics: Diagnostic[]): FixSource[] {
  const findings = cache.findings(doc);
  return diagnostics.map((d) => {
    if (d.source !== 'hlkms') return {};
    const offset = doc.offsetAt(d.range.start);
    const length = doc.offsetAt(d.range.end) - offset;
    const current = findings.find((f) => f.ruleId === d.code && f.offset === offset && f.length === length);
    return { data: current ? current.data : d.data };
  });
}

export function codeActions(service: LanguageService, cache: ModelCache, doc: TextDocument, params: CodeActionParams): CodeAction[] {
  const diagnostics = params.context.diagnostics;
  const sources = fixSources(doc, cache, diagnostics);
  const host = cache.host(doc);
  const range = { offset: doc.offsetAt(params.range.start), length: doc.offsetAt(params.range.end) - doc.offsetAt(params.range.start) };
  const actions = host
    // In a host file, fixes are already host edits; "fix all" covers every policy in the file.
    ? hostCodeActions(service, host, sources, params.context.only, cache.findings(doc), range)
    : service.codeActions(cache.model(doc), sources, params.context.only, cache.findings(doc));
  return actions.map((a) => {
    const action: CodeAction = { title: a.title, kind: a.kind, edit: { changes: { [doc.uri]: textEdits(doc, a.edits) } } };
    if (a.isPreferred) action.isPreferred = true;
    if (a.kind === 'quickfix' && a.diagnostics) action.diagnostics = a.diagnostics.map((i) => diagnostics[i]!);
    return action;
  });
}
