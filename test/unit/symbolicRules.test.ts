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
import { undecided } from '../../server/src/service/arn';
import type { Finding } from '../../server/src/service/types';
import { AWS_EXAMPLES } from './rules/awsExamples';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

const fixtures = (...path: string[]): [string, unknown][] => {
  const dir = join(__dirname, '..', 'fixtures', ...path);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]);
};
/** AWS's examples and the clean fixtures, plus the HealthLake guide's example with its mistakes (a hole may not add any). */
const corpus: [string, unknown][] = [
  ...fixtures('clean'),
  ...fixtures('healthlake'),
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

function replaced(doc: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) return doc.map((v, i) => (i === head ? replaced(v, rest, value) : v));
  return { ...(doc as object), [head!]: replaced((doc as Record<string, unknown>)[head!], rest, value) };
}

/** The condition keys of a document, as paths to the key's operator object and the key. */
function conditionKeys(doc: unknown): { operator: (string | number)[]; key: string }[] {
  const statements = (doc as { Statement?: unknown }).Statement;
  return (Array.isArray(statements) ? statements : [statements]).flatMap((st, i) => {
    const condition = (st as { Condition?: Record<string, Record<string, unknown>> } | undefined)?.Condition ?? {};
    return Object.entries(condition).flatMap(([op, keys]) => Object.keys(keys).map((key) => ({ operator: ['Statement', ...(Array.isArray(statements) ? [i] : []), 'Condition', op], key })));
  });
}

function renamed(doc: unknown, path: (string | number)[], from: string, to: string): unknown {
  const object = at(doc, path) as Record<string, unknown>;
  return replaced(doc, path, Object.fromEntries(Object.entries(object).map(([k, v]) => [k === from ? to : k, v])) as never);
}

const at = (doc: unknown, path: (string | number)[]): unknown => path.reduce<unknown>((d, k) => (d as Record<string, unknown>)[k], doc);
const overlaps = (f: Finding, start: number, end: number) => f.offset < end && f.offset + Math.max(f.length, 1) > start;
const describe = (text: string, f: Finding) => `${f.ruleId} on ${displayValue(spanOf(text, f))}: ${displayValue(f.message)}`;

/**
 * What the un-holed document already gets at a site, by rule and severity. A hole of known shape (this account,
 * Region, partition) samples back to a value like the literal, so the same finding stays right; an opaque hole
 * leaves the value undecided, so only a hint or note may stay (a key with a hole that can only be one of several
 * single-valued keys is as single-valued as the literal was).
 */
function baseRules(doc: unknown, path: (string | number)[], isKey: boolean): Map<string, Finding> {
  const text = JSON.stringify(doc, null, 2);
  const found = findNodeAtLocation(parseTree(text)!, path);
  const node = isKey ? found?.parent?.children?.[0] : found;
  if (!node) return new Map();
  return new Map(lint(text).filter((f) => overlaps(f, node.offset, node.offset + node.length)).map((f) => [f.ruleId, f]));
}

/** The literal fragments a message quotes (`HealthLakeFullAccessRole`), holes left out. */
const quotedLiterals = (message: string) => new Set([...message.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((q) => !/[\uE010\uE011]|\$\{/.test(q)));

function allowed(before: Map<string, Finding>, value: string, f: Finding): boolean {
  const base = before.get(f.ruleId);
  if (!base) return false;
  if (!undecided(value) || base.severity === 'hint' || base.severity === 'info') return true;
  // An opaque hole elsewhere in the value: the same mistake, about the same literal part, is still decided.
  const then = quotedLiterals(base.message);
  return [...quotedLiterals(f.message)].some((q) => then.has(q));
}

function falseAlarmsIn(doc: unknown): { checked: number; values: number; falseAlarms: string[] } {
  let checked = 0;
  const falseAlarms: string[] = [];
  const all = sites(doc);
  for (const path of all) {
    const original = at(doc, path) as string;
    const before = baseRules(doc, path, false);
    for (const value of variants(original)) {
      const text = JSON.stringify(replaced(doc, path, value), null, 2);
      const quoted = JSON.stringify(value);
      const start = text.indexOf(quoted);
      assert.ok(start >= 0 && text.indexOf(quoted, start + 1) < 0, `the holed value ${quoted} is unique`);
      const end = start + quoted.length;
      for (const f of lint(text)) {
        if (overlaps(f, start, end) && !allowed(before, value, f)) falseAlarms.push(`${path.join('.')} = ${displayValue(value)}: ${describe(text, f)}`);
      }
      checked++;
    }
  }
  for (const { operator, key } of conditionKeys(doc)) {
    const colon = key.indexOf(':');
    const before = baseRules(doc, [...operator, key], true);
    for (const name of [hole('opaque', `var.key${serial++}`), `${key.slice(0, colon + 1)}${hole('opaque', `var.key${serial++}`)}`]) {
      const text = JSON.stringify(renamed(doc, operator, key, name), null, 2);
      const quoted = JSON.stringify(name);
      const start = text.indexOf(quoted);
      for (const f of lint(text)) {
        if (overlaps(f, start, start + quoted.length) && !allowed(before, name, f)) falseAlarms.push(`condition key ${displayValue(name)}: ${describe(text, f)}`);
      }
      checked++;
    }
  }
  return { checked, values: all.length, falseAlarms };
}

for (const [name, doc] of corpus) {
  test(`${name}: no rule reports a value that holds a hole`, () => {
    const { checked, values, falseAlarms } = falseAlarmsIn(doc);
    assert.ok(checked > values, `only ${checked} variants of ${values} values`);
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
  ['resource-arn', 'a service that does not exist, whatever the Region and account',
    { Resource: `arn:aws:kmss:${hole('region', 'AWS::Region')}:${hole('account', 'AWS::AccountId')}:key/*` }],
  ['passrole-regional-service', 'iam:PassedToService with a Region from the template is still regional',
    { Action: 'iam:PassRole', Resource: `arn:aws:iam::${hole('account', 'AWS::AccountId')}:role/Import`,
      Condition: { StringEquals: { 'iam:PassedToService': `healthlake.${hole('region', 'AWS::Region')}.amazonaws.com` } } }],
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
