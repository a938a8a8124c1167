/** The hlkms.* settings as an editor sends them: validated, mapped to the service, globs matched. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultHlkmsSettings, enabledHosts, fileDecision, readSettings, toServiceSettings } from '../../server/src/service/settings';

test('well-formed settings are read and mapped onto the service settings', () => {
  const s = readSettings({
    files: { include: ['*.policy.json'], exclude: ['fixtures/**'] },
    rules: { 'sid-format': 'off', 'public-principal': 'error' },
    defaultRegion: 'eu-west-2', healthLake: true, trace: { server: 'verbose' },
  });
  assert.deepEqual(s, { include: ['*.policy.json'], exclude: ['fixtures/**'], rules: { 'sid-format': 'off', 'public-principal': 'error' }, defaultRegion: 'eu-west-2', healthLake: true, trace: 'verbose', hosts: { cloudFormation: true, terraform: true, serverless: true, templatedJson: true } });
  const service = toServiceSettings(s);
  assert.equal(service.defaultRegion, 'eu-west-2');
  assert.equal(service.healthLake, true);
  assert.deepEqual(service.rules, { 'sid-format': 'off', 'public-principal': 'error' });
  assert.equal(service.kind, 'auto');
});

test('each host is on unless its setting is false; plain JSON policies are always read', () => {
  assert.deepEqual(enabledHosts(readSettings({}).hosts), ['json', 'template-json', 'cloudformation', 'terraform', 'serverless']);
  const s = readSettings({ hosts: { terraform: false, cloudFormation: 'no', templatedJson: false, serverless: false } });
  assert.deepEqual(s.hosts, { cloudFormation: true, terraform: false, serverless: false, templatedJson: false });
  assert.deepEqual(enabledHosts(s.hosts), ['json', 'cloudformation']);
});

test('every host setting is declared once in package.json, a boolean defaulting to true with a markdownDescription', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const props = Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: object }) => c.properties)) as Record<string, { type: string; default: unknown; markdownDescription?: string }>;
  for (const key of Object.keys(defaultHlkmsSettings.hosts)) {
    const p = props[`hlkms.hosts.${key}`];
    assert.ok(p, `hlkms.hosts.${key} is declared`);
    assert.equal(p.type, 'boolean');
    assert.equal(p.default, true);
    assert.ok((p.markdownDescription ?? '').length > 40);
  }
  assert.deepEqual(Object.keys(props).filter((k) => k.startsWith('hlkms.hosts.')).sort(), ['hlkms.hosts.cloudFormation', 'hlkms.hosts.serverless', 'hlkms.hosts.templatedJson', 'hlkms.hosts.terraform']);
});

test('malformed settings fall back to the defaults, value by value', () => {
  assert.deepEqual(readSettings(undefined), defaultHlkmsSettings);
  assert.deepEqual(readSettings('nonsense'), defaultHlkmsSettings);
  const s = readSettings({ files: { include: 'x', exclude: [1, '', 'ok/*.json'] }, rules: { a: 'loud', b: 'warning' }, defaultRegion: 'Mars', healthLake: 'yes', trace: { server: 'all' } });
  assert.deepEqual(s, { ...defaultHlkmsSettings, exclude: ['ok/*.json'], rules: { b: 'warning' } });
  assert.equal(readSettings({ defaultRegion: '' }).defaultRegion, undefined);
});

test('file globs: names anywhere, folders, braces; exclude wins over include', () => {
  const s = readSettings({ files: { include: ['*.policy.json', 'keys/**/*.json', '*.{kms,key}.json'], exclude: ['**/broken/**'] } });
  assert.equal(fileDecision(s, 'file:///home/me/proj/a.policy.json'), 'include');
  assert.equal(fileDecision(s, 'file:///home/me/proj/keys/prod/eu/main.json'), 'include');
  assert.equal(fileDecision(s, 'file:///home/me/proj/x.kms.json'), 'include');
  assert.equal(fileDecision(s, 'file:///home/me/proj/package.json'), 'auto');
  assert.equal(fileDecision(s, 'file:///home/me/proj/keys/broken/a.policy.json'), 'exclude');
  assert.equal(fileDecision(s, 'file:///c%3A/Users/me/My%20Keys/a.policy.json'), 'include');
  assert.equal(fileDecision(s, 'untitled:Untitled-1'), 'auto');
});

test('package.json declares every setting the server reads, each with a markdownDescription', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { markdownDescription?: string }> }[] | { properties: Record<string, { markdownDescription?: string }> } } };
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const properties = Object.assign({}, ...sections.map((c) => c.properties)) as Record<string, { markdownDescription?: string }>;
  for (const key of ['hlkms.files.include', 'hlkms.files.exclude', 'hlkms.rules', 'hlkms.defaultRegion', 'hlkms.healthLake', 'hlkms.trace.server']) {
    assert.ok(properties[key], `${key} is declared`);
    assert.ok(properties[key].markdownDescription, `${key} has a markdownDescription`);
  }
});
