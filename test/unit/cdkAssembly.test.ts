/** Reading a cloud assembly's manifest (hand-written assemblies, read from memory): what is a stack template, and what is not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssemblyError, assemblyTemplates } from '../../server/src/cdk/assembly';
import { constructPath } from '../../server/src/service/hosts/cloudformation/constructs';

const reader = (files: Record<string, unknown>) => (path: string) => {
  const f = files[path];
  return f === undefined ? undefined : typeof f === 'string' ? f : JSON.stringify(f);
};
const manifest = (artifacts: Record<string, unknown>) => ({ version: '36.0.0', artifacts });
const stack = (templateFile: string, extra: Record<string, unknown> = {}) => ({ type: 'aws:cloudformation:stack', properties: { templateFile }, ...extra });

test('stacks, nested stages and nested stacks are found; assets, the tree and other artifacts are not', () => {
  const read = reader({
    'manifest.json': manifest({
      'App.assets': { type: 'cdk:asset-manifest', properties: { file: 'App.assets.json' } },
      App: stack('App.template.json', { displayName: 'App', dependencies: ['App.assets'], metadata: { '/App/Inner': [{ type: 'aws:cdk:templateFile', data: 'AppInner1234.nested.template.json' }] } }),
      Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
      'assembly-Prod': { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod', displayName: 'Prod' } },
    }),
    'App.assets.json': { version: '36.0.0', files: {
      a: { source: { path: 'AppInner1234.nested.template.json', packaging: 'file' } },
      b: { source: { path: 'App.template.json', packaging: 'file' } },
      c: { source: { path: 'asset.0123abcd', packaging: 'zip' } },
    } },
    'assembly-Prod/manifest.json': manifest({ ProdApp: stack('ProdApp.template.json', { displayName: 'Prod/App' }) }),
  });
  assert.deepEqual(assemblyTemplates(read), [
    { file: 'App.template.json', stack: 'App' },
    { file: 'AppInner1234.nested.template.json', stack: 'App/Inner' },
    { file: 'assembly-Prod/ProdApp.template.json', stack: 'Prod/App' },
  ]);
});

test('paths that leave the assembly, and a stage that names its own folder, are not followed', () => {
  const read = reader({
    'manifest.json': manifest({
      Out: stack('../elsewhere/Out.template.json'),
      Abs: stack('/etc/Abs.template.json'),
      Self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } },
      Ok: stack('Ok.template.json'),
    }),
  });
  assert.deepEqual(assemblyTemplates(read), [{ file: 'Ok.template.json', stack: 'Ok' }]);
});

test('a missing or broken manifest, here or in a nested stage, is an AssemblyError that says what to do', () => {
  assert.throws(() => assemblyTemplates(reader({})), (e: Error) => e instanceof AssemblyError && /^no manifest\.json: not a cloud assembly/.test(e.message));
  assert.throws(() => assemblyTemplates(reader({ 'manifest.json': '{"version": ' })), /manifest\.json is not valid JSON .*synthesize the app again/);
  assert.throws(() => assemblyTemplates(reader({ 'manifest.json': '[]' })), /is not a cloud assembly manifest/);
  const stage = reader({ 'manifest.json': manifest({ s: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-S' } } }) });
  assert.throws(() => assemblyTemplates(stage), /: no assembly-S\/manifest\.json: not a cloud assembly/);
  assert.deepEqual(assemblyTemplates(reader({ 'manifest.json': { version: '36.0.0' } })), []);
});

test('construct paths are printed as CDK prints them: the L1 Resource child is its construct', () => {
  assert.equal(constructPath('ClinicalData/FhirKey/Resource'), 'ClinicalData/FhirKey');
  assert.equal(constructPath('ClinicalData/Role/DefaultPolicy/Resource'), 'ClinicalData/Role/DefaultPolicy');
  assert.equal(constructPath('ClinicalData/FhirDatastore'), 'ClinicalData/FhirDatastore');
  assert.equal(constructPath('ClinicalData/Resource/Key'), 'ClinicalData/Resource/Key');
});
