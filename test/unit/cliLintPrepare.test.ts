/**
 * `hlkms lint` sets up Terraform's WebAssembly parser only when a `.tf` file is among its inputs: a run on JSON
 * policies and templates never loads it. (Its own file: node --test runs each file in a fresh process.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { isPrepared } from '../../server/src/service/hosts/api';

test('the Terraform parser is loaded for a .tf input and only then', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'hlkms-cli-prepare-'));
  try {
    writeFileSync(join(cwd, 'key.json'), '{"Version": "2012-10-17", "Statement": []}');
    writeFileSync(join(cwd, 'template.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
    writeFileSync(join(cwd, 'main.tf'), 'variable "x" {}\n');
    const io = { out: () => undefined, err: () => undefined, cwd };
    await main(['lint', 'key.json', 'template.yaml'], io);
    assert.equal(isPrepared('terraform'), false, 'not loaded for JSON and YAML');
    await main(['lint', 'main.tf'], io);
    assert.equal(isPrepared('terraform'), true, 'loaded for a .tf file');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
