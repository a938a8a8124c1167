/** `hlkms lint` output: text like other linters, the documented JSON, and SARIF 2.1.0. */
import { LineIndex } from '../service/positions';
import { rules } from '../service/rules/index';
import type { Finding } from '../service/types';
import { jsonFindings, type JsonFinding } from '../service/jsonFindings';
import { ruleDocsUrl } from '../service/docs';

export interface FileResult {
  path: string;
  text: string;
  /** `cloudformation`, `terraform`, `serverless`, or a JSON policy's kind (`key-policy`, `identity-policy`, `resource-policy`, `not-a-policy`). */
  kind: string;
  /** The policies in the file: a logical id or resource address with its attribute, their kind and range. */
  policies: { name: string; kind: string; range: { offset: number; length: number }; constructPath?: string }[];
  findings: Finding[];
  /** A stack template of a cloud assembly: the stack's name. */
  stack?: string;
  /** In a template the CDK synthesized: the construct path of the resource at an offset. */
  constructPathAt?: (offset: number) => string | undefined;
}

/** Each finding's construct path (undefined outside a template the CDK synthesized). */
const constructPaths = (r: FileResult): (string | undefined)[] => r.findings.map((f) => r.constructPathAt?.(f.offset));

export function formatText(results: FileResult[]): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    const lines = new LineIndex(r.text);
    const paths = constructPaths(r);
    for (const [i, f] of r.findings.entries()) {
      const p = lines.position(f.offset);
      const construct = paths[i] ? `${paths[i]}: ` : '';
      out.push(`${r.path}:${p.line + 1}:${p.character + 1} ${f.severity} ${construct}${f.message} [${f.ruleId}]`);
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
    }
  }
  const total = results.reduce((n, r) => n + r.findings.length, 0);
  if (total > 0) out.push('', `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${results.length} file${results.length === 1 ? '' : 's'}`);
  return out.join('\n');
}

export function formatJson(results: FileResult[]): string {
  return JSON.stringify({
    version: 1,
    files: results.map((r) => {
      const lines = new LineIndex(r.text);
      const policies = r.policies.map((p) => ({
        name: p.name, kind: p.kind, range: { start: lines.position(p.range.offset), end: lines.position(p.range.offset + p.range.length) },
        ...(p.constructPath ? { constructPath: p.constructPath } : {}),
      }));
      const paths = constructPaths(r);
      const findings = jsonFindings(r.text, r.findings, lines).map((f, i) => (paths[i] ? { ...f, constructPath: paths[i] } : f));
      return { path: r.path, kind: r.kind, ...(r.stack ? { stack: r.stack } : {}), policies, findings };
    }),
  });
}

const sarifLevel = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function formatSarif(results: FileResult[]): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'hlkms',
          informationUri: 'https://github.com/hlkms/hlkms',
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
            shortDescription: { text: r.description },
            helpUri: ruleDocsUrl(r.id),
            defaultConfiguration: { level: sarifLevel[r.defaultSeverity] },
            properties: { category: r.category },
          })),
        },
      },
      results: results.flatMap((r) => {
        const paths = constructPaths(r);
        return jsonFindings(r.text, r.findings).map((f, i) => sarifResult(r, f, paths[i], index));
      }),
    }],
  }, null, 2);
}

/** One SARIF result: the template as its physical location and, in a CDK template, the construct as its logical one. */
function sarifResult(r: FileResult, f: JsonFinding, construct: string | undefined, index: ReadonlyMap<string, number>) {
  return {
    ruleId: f.code,
    ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
    level: sarifLevel[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: r.path.split(/[\\/]/).map(encodeURIComponent).join('/') },
        region: {
          startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1,
        },
      },
      ...(construct ? { logicalLocations: [{ name: construct.split('/').pop(), fullyQualifiedName: construct, kind: 'resource' }] } : {}),
    }],
  };
}
