/** Code actions: quick fixes from diagnostics, "fix all" (`source.fixAll.hlkms`), and the two refactors. */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import { FIX_ALL_KIND, type FixSource } from '../service/fixes';
import { textEdits } from './convert';
import type { ModelCache } from './documents';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite];

/**
 * The fixes of each diagnostic: those of the current finding of the same rule at the same place, so edits always
 * fit the current text. Diagnostics carry no fixes: a finding's edits are built only when a code action asks.
 */
function fixSources(doc: TextDocument, cache: ModelCache, diagnostics: Diagnostic[]): FixSource[] {
  const findings = cache.findings(doc);
  return diagnostics.map((d) => {
    if (d.source !== 'hlkms') return {};
    const offset = doc.offsetAt(d.range.start);
    const length = doc.offsetAt(d.range.end) - offset;
    return { data: findings.find((f) => f.ruleId === d.code && f.offset === offset && f.length === length)?.data };
  });
}

export function codeActions(service: LanguageService, cache: ModelCache, doc: TextDocument, params: CodeActionParams): CodeAction[] {
  const diagnostics = params.context.diagnostics;
  const sources = fixSources(doc, cache, diagnostics);
  const analysis = cache.analysis(doc);
  if (!analysis) return [];
  const range = { offset: doc.offsetAt(params.range.start), length: doc.offsetAt(params.range.end) - doc.offsetAt(params.range.start) };
  // Fixes are already edits of the file; "fix all" covers every policy in it.
  return service.codeActions(analysis, sources, params.context.only, analysis.findings, range).map((a) => {
    const action: CodeAction = { title: a.title, kind: a.kind, edit: { changes: { [doc.uri]: textEdits(doc, a.edits) } } };
    if (a.isPreferred) action.isPreferred = true;
    if (a.kind === 'quickfix' && a.diagnostics) action.diagnostics = a.diagnostics.map((i) => diagnostics[i]!);
    return action;
  });
}
