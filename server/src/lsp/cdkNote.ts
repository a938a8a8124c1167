/**
 * In a template the CDK synthesized (a file under `cdk.out/`), the first diagnostic also says, once per file, that
 * the source of truth is the CDK app: an edit here is overwritten by the next synthesis.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { constructPathAt, type Analysis } from '../service/hosts/api';
import { rangeOf } from './convert';

/** A file of a cloud assembly: a `cdk.out` folder on its path. */
export const inCloudAssembly = (uri: string): boolean => /\/cdk\.out\//.test(uri.replace(/\\/g, '/'));

/** `diagnostics` (the analysis's findings, in order), the first with the note when the file is in a cloud assembly. */
export function withCdkNote(doc: TextDocument, analysis: Analysis | undefined, diagnostics: Diagnostic[]): Diagnostic[] {
  const first = analysis?.findings[0];
  if (!first || !analysis || !diagnostics[0] || !inCloudAssembly(doc.uri)) return diagnostics;
  const construct = constructPathAt(analysis, first.offset);
  const resource = construct && analysis.document.origins?.find((o) => o.constructPath === construct);
  const note = `The CDK synthesized this template${construct ? ` (construct ${construct})` : ''}: the source of truth is the CDK app. `
    + 'Fix the policy in the app and synthesize again; an edit here is overwritten by the next `cdk synth`.';
  const at = resource ? rangeOf(doc, resource.range.offset, 0) : rangeOf(doc, 0, 0);
  diagnostics[0] = { ...diagnostics[0], relatedInformation: [...(diagnostics[0].relatedInformation ?? []), { location: { uri: doc.uri, range: at }, message: note }] };
  return diagnostics;
}
