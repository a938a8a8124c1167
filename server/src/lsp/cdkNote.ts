/**
 * A document's diagnostics. In a template the CDK synthesized (a file under `cdk.out/`), the first one also says,
 * once per file, that the source of truth is the CDK app: an edit here is overwritten by the next synthesis.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { constructPathAt } from '../service/hosts/api';
import { rangeOf, toDiagnostic } from './convert';
import type { ModelCache } from './documents';

/** A file of a cloud assembly: a `cdk.out` folder on its path. */
export const inCloudAssembly = (uri: string): boolean => /\/cdk\.out\//.test(uri.replace(/\\/g, '/'));

export function documentDiagnostics(doc: TextDocument, cache: ModelCache): Diagnostic[] {
  const findings = cache.findings(doc);
  const diagnostics = findings.map((f) => toDiagnostic(doc, f));
  const first = findings[0];
  const analysis = cache.analysis(doc);
  if (!first || !analysis || !inCloudAssembly(doc.uri)) return diagnostics;
  const construct = constructPathAt(analysis, first.offset);
  const resource = construct && analysis.document.origins?.find((o) => o.constructPath === construct);
  const note = `The CDK synthesized this template${construct ? ` (construct ${construct})` : ''}: the source of truth is the CDK app. `
    + 'Fix the policy in the app and synthesize again; an edit here is overwritten by the next `cdk synth`.';
  const at = resource ? rangeOf(doc, resource.range.offset, 0) : rangeOf(doc, 0, 0);
  diagnostics[0] = { ...diagnostics[0]!, relatedInformation: [...(diagnostics[0]!.relatedInformation ?? []), { location: { uri: doc.uri, range: at }, message: note }] };
  return diagnostics;
}
