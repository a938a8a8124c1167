/** Helpers for diff tests: key policies written as objects, diffed through the file-level function the CLI uses. */
import { after } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { fileCatalog } from '../../server/src/node/catalogFiles';
import { buildModel } from '../../server/src/service/model';
import { diffPolicies } from '../../server/src/service/diff/diff';
import { keyPolicyReader } from '../../server/src/service/diff/read';
import { createLanguageService } from '../../server/src/service/languageService';
import { hasChanges, isRisky, risks } from '../../server/src/service/diff/summary';
import type { PolicyDiff } from '../../server/src/service/diff/types';

export const catalog = fileCatalog();
/** How `hlkms diff` reads each version of a file: through the language service. */
export const read = keyPolicyReader(createLanguageService({ catalog }));
export const ACCOUNT = '111122223333';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const READER = `arn:aws:iam::${ACCOUNT}:role/FhirReader`;
export const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`;
export const VIA = 'healthlake.us-east-1.amazonaws.com';
export const FOUR = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:Decrypt'];

export const rootStatement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
export const healthLake = (principal: string, actions = FOUR, extra: object = {}) => ({
  Sid: 'HealthLake', Effect: 'Allow', Principal: { AWS: principal }, Action: actions, Resource: '*',
  Condition: { StringEquals: { 'kms:ViaService': VIA, 'kms:CallerAccount': ACCOUNT } }, ...extra,
});
export const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

export function diff(before: string, after: string): PolicyDiff {
  return diffPolicies(buildModel(before), buildModel(after), { catalog });
}

export const exitCode = (d: PolicyDiff) => (isRisky(risks(d)) ? 1 : 0);
export { hasChanges, risks };

/** `principal action before→after` lines, for readable assertions. */
export const changeLines = (d: PolicyDiff) => d.changes.map((c) => `${c.principal} ${c.action} ${c.before}→${c.after}`);
export const capabilityOf = (d: PolicyDiff, principal: string, capability: string) => {
  const r = d.healthlake.find((x) => x.principal === principal && x.capability === capability);
  return r ? `${r.before}→${r.after}` : undefined;
};

const workdirs: string[] = [];
after(() => workdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh folder (removed after the suite), with `files` written in it. */
export function workdir(files: Record<string, string> = {}, cwd = mkdtempSync(join(tmpdir(), 'hlkms-diff-'))): string {
  if (!workdirs.includes(cwd)) workdirs.push(cwd);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(cwd, name, '..'), { recursive: true });
    writeFileSync(join(cwd, name), text);
  }
  return cwd;
}

/** Runs the CLI in-process in `cwd` (a fresh folder holding `files` unless given). */
export async function hlkms(args: string[], files: Record<string, string> = {}, cwd?: string) {
  const dir = workdir(files, cwd);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), cwd: dir });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
