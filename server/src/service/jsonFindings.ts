/** Findings as the CLI's JSON output and the live key inspection report them: a rule code and a line/character range. */
import { LineIndex, type Position } from './positions';
import type { Finding } from './types';

export interface JsonFinding {
  code: string;
  severity: Finding['severity'];
  message: string;
  range: { start: Position; end: Position };
}

export function jsonFindings(text: string, findings: Finding[], lines = new LineIndex(text)): JsonFinding[] {
  return findings.map((f) => ({
    code: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: { start: lines.position(f.offset), end: lines.position(f.offset + f.length) },
  }));
}
