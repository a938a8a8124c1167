/**
 * Every rule is unknown-safe: generated from clean policies by replacing each value (or each part of it) with a
 * hole, no rule reports the holed value; a mistake in the literal part next to a hole is still reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, spanOf } from '../support/service';
import { displayValue, hole } from '../../server/src/service/symbolic';
import type { Finding } from '../../server/src/service/types';
import { AWS_EXAMPLES } from './rules/awsExamples';

const dir = join(__dirname, '..', 'fixtures', 'clean');
const corpus: [string, unknown][] = [
  ...readdirSync(dir).filter((f) => f.endsWith('.json')).map((f): [string, unknown] => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  ...Object.entries(AWS_EXAMPLES),
];

let serial = 0;
/** The ways a value can hold holes: whole, each ARN part, the action's prefix or name, account, Region, suffix. */
function variants(value: string): string[] {
  const out = [hole('opaque', `var.v${serial++}`)];
  const parts = value.split(':');
  if (value.startsWith('arn:') && parts.length >= 6) {
    out.push(hole('arn:thing', `Thing${serial++}.Arn`));
    const [, partition, service, region, account] = parts;
    const at = (i: number, h: string) => parts.map((p, j) => (j === i ? h : p)).join(':');
    if (partition) out.push(at(1, hole('partition', 'AWS::Partition')));
    if (service) out.push(at(2, hole('opaque', `var.service${serial++}`)));
    if (region) out.push(at(3, hole('region', 'AWS::Region')), at(3, hole('opaque', `var.region${serial++}`)));
    if (account) out.push(at(4, hole('account', 'AWS::AccountId')), at(4, hole('opaque', `var.account${serial++}`)));
    out.push([...parts.slice(0, 5), hole('opaque', `var.resource${serial++}`)].join(':'));
    const slash = parts[5]!.indexOf('/');
    if (slash > 0) out.push([...parts.slice(0, 5), parts[5]!.slice(0, slash + 1) + hole('name:thing', `Thing${serial++}`)].join(':'));
  } else if (parts.length === 2 && parts[0] && parts[1]) {
    out.push(`${hole('opaque', `var.prefix${serial++}`)}:${parts[1]}`, `${parts[0]}:${hole('opaque', `var.name${serial++}`)}`);
  }
  if (/\d{12}/.test(value)) out.push(value.replace(/\d{12}/, hole('account', 'AWS::AccountId')));
  if (/[a-z]{2}-[a-z]+-\d/.test(value)) out.push(value.replace(/[a-z]{2}-[a-z]+-\d/, hole('region', 'AWS::Region')));
  if (value.endsWith('amazonaws.com')) out.push(value.replace(/amazonaws\.com$/, hole('urlsuffix', 'AWS::URLSuffix')));
  return out;
}

/** Each string value of a JSON document with a setter, depth first. */
function sites(doc: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof doc === 'string') return [path];
  if (Array.isArray(doc)) return doc.flatMap((v, i) => sites(v, [...path, i]));
  if (doc && typeof doc === 'object') return Object.entries(doc).flatMap(([k, v]) => sites(v, [...path, k]));
  return [];
}

function replaced(doc: unknown, path: (string | number)[], value: string): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) return doc.map((v, i) => (i === head ? replaced(v, rest, value) : v));
  return { ...(doc as object), [head!]: replaced((doc as Record<string, unknown>)[head!], rest, value) };
}

const at = (doc: unknown, path: (string | number)[]): unknown => path.reduce<unknown>((d, k) => (d as Record<string, unknown>)[k], doc);
const overlaps = (f: Finding, start: number, end: number) => f.offset < end && f.offset + Math.max(f.length, 1) > start;
const describe = (text: string, f: Finding) => `${f.ruleId} on ${displayValue(spanOf(text, f))}: ${displayValue(f.message)}`;

for (const [name, doc] of corpus) {
  test(`${name}: no rule reports a value that holds a hole`, () => {
    let checked = 0;
    const falseAlarms: string[] = [];
    const all = sites(doc);
    for (const path of all) {
      const original = at(doc, path) as string;
      for (const value of variants(original)) {
        const text = JSON.stringify(replaced(doc, path, value), null, 2);
        const quoted = JSON.stringify(value);
        const start = text.indexOf(quoted);
        assert.ok(start >= 0 && text.indexOf(quoted, start + 1) < 0, `the holed value ${quoted} is unique`);
        const end = start + quoted.length;
        for (const f of lint(text)) {
          if (overlaps(f, start, end)) falseAlarms.push(`${path.join('.')} = ${displayValue(value)}: ${describe(text, f)}`);
        }
        checked++;
      }
    }
    assert.ok(checked > all.length, `only ${checked} variants of ${all.length} values`);
    assert.equal(falseAlarms.length, 0, `${falseAlarms.length} false alarms:\n${falseAlarms.join('\n')}`);
  });
}

/** Mistakes the literal part decides, whatever the holes stand for: each is still reported, once. */
const DECIDED: [string, string, Record<string, unknown>][] = [
  ['principal-format', 'the guide\'s principal without role/, account from the template',
    { Principal: { AWS: `arn:aws:iam::${hole('account', 'AWS::AccountId')}:HealthLakeFullAccessRole` } }],
  ['principal-format', 'an opaque account does not make an S3 ARN a principal',
    { Principal: { AWS: `arn:aws:s3:::${hole('opaque', 'var.bucket')}` } }],
  ['principal-format', 'a service principal that is not .amazonaws.com',
    { Principal: { Service: `${hole('opaque', 'var.svc')}.example.com` } }],
  ['unknown-action', 'a misspelt action whose service comes from nowhere else', { Action: `kms:Decrpyt` , Resource: hole('opaque', 'var.key_arn') }],
  ['unknown-action', 'a service prefix that does not exist, whatever the action name', { Action: `kmss:${hole('opaque', 'var.action')}` }],
  ['unknown-action', 'an action name whose literal start matches no action', { Action: `kms:Zap${hole('opaque', 'var.action')}` }],
];

for (const [rule, what, over] of DECIDED) {
  test(`decided by the literal part: ${what}`, () => {
    const principal = 'Principal' in over ? {} : undefined;
    const st = { Effect: 'Allow', ...(principal ?? {}), Action: 'kms:*', Resource: '*', ...over };
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [st] }, null, 2);
    const findings = lint(text, rule);
    assert.equal(findings.length, 1, findings.map((f) => describe(text, f)).join('\n'));
    assert.ok(!findings[0]!.data?.fixes?.some((f) => f.edits.some((e) => /[\uE010\uE011]/.test(e.content))), 'no fix writes hole markers into the file');
  });
}
