/**
 * The first diagnostics a client sees already respect its settings, however the settings arrive:
 * answered to `workspace/configuration` (late, null, or never), sent with `didChangeConfiguration` only,
 * or given as `initializationOptions.settings`. A client that pulls without refresh support (Helix) has
 * no second chance before the next edit, so a rule the user switched off must never show first.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { ServerInfoRequest } from '../../server/src/protocol';
import { TestClient } from './client';
import { waitFor } from '../support/poll';
import { lint } from '../support/service';

// An identity policy with a Sid IAM rejects (sid-format) and a trailing comma (json-syntax).
const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read the data store",
      "Effect": "Allow",
      "Action": "healthlake:ReadResource",
      "Resource": "*",
    }
  ]
}`;
const OFF = { rules: { 'sid-format': 'off' } };
const codes = (items: Diagnostic[]) => items.map((d) => String(d.code)).sort();
/** What the service reports on the text with sid-format switched off. */
const expected = () => lint(text).map((f) => f.ruleId).filter((id) => id !== 'sid-format').sort();
const items = (report: DocumentDiagnosticReport) => (report.kind === 'full' ? report.items : assert.fail(`expected a full report, got ${JSON.stringify(report)}`));

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

/** A request answered after the server has handled everything sent before it. */
const barrier = (client: TestClient) => client.connection.sendRequest(ServerInfoRequest);

test('the fixture really has a sid-format and a json-syntax finding when nothing is switched off', () => {
  const ids = lint(text).map((f) => f.ruleId);
  assert.ok(ids.includes('sid-format') && ids.includes('json-syntax'), ids.join(', '));
});

describe('first diagnostics wait for the settings', () => {
  for (const refreshSupport of [false, true]) {
    test(`a pull client ${refreshSupport ? 'with' : 'without'} refresh support gets the switched-off rule left out of its first report`, async () => {
      const held = gate();
      const client = await TestClient.start({ pull: true, refreshSupport, settings: OFF, configurationGate: held.promise });
      try {
        const uri = `file:///ws/first-pull-${refreshSupport}.json`;
        await client.open(uri, text);
        const report = client.pull(uri); // asked before the settings are answered
        await waitFor(() => client.configurationRequests > 0, 'the server asking for the settings', 10_000, 10);
        held.open();
        const first = await report;
        assert.deepEqual(codes(items(first)), expected());
        assert.equal(client.refreshRequests, 0, 'nothing had been shown yet, so no refresh is needed');

        // A later change reaches the next pull, even where the server cannot ask for one.
        await client.changeSettings({});
        await waitFor(async () => {
          const next = await client.pull(uri, first.kind === 'full' ? first.resultId : undefined);
          return next.kind === 'full' && next.items.some((d) => d.code === 'sid-format');
        }, 'sid-format back on the next pull', 10_000, 20);
      } finally {
        await client.stop();
      }
    });
  }

  test('a push client whose settings come only through didChangeConfiguration (Neovim 0.7, eglot) gets them in its first push', async () => {
    const client = await TestClient.start({ pull: false, configuration: false });
    try {
      const uri = 'file:///ws/first-push.json';
      await client.open(uri, text);
      await barrier(client); // the server has the document before it has any settings
      await client.changeSettings(OFF);
      const first = await waitFor(() => client.pushes.find((p) => p.uri === uri), 'the first push', 10_000, 10);
      assert.deepEqual(codes(first.diagnostics), expected());
    } finally {
      await client.stop();
    }
  });

  test('initializationOptions.settings count from the first diagnostic, and a null configuration answer keeps them', async () => {
    const client = await TestClient.start({ pull: true, configurationAnswer: 'null', initializationOptions: { settings: OFF } });
    try {
      const uri = 'file:///ws/init-options.json';
      await client.open(uri, text);
      assert.deepEqual(codes(items(await client.pull(uri))), expected());
      await waitFor(() => client.configurationRequests > 0, 'the configuration request', 10_000, 10);
      await barrier(client);
      assert.deepEqual(codes(items(await client.pull(uri))), expected(), 'the null answer did not reset the settings');
    } finally {
      await client.stop();
    }
  });

  test('a push client that gives its settings only as initializationOptions gets them in its first push', async () => {
    const client = await TestClient.start({ pull: false, configuration: false, initializationOptions: { settings: OFF } });
    try {
      const uri = 'file:///ws/init-options-push.json';
      await client.open(uri, text);
      const first = await waitFor(() => client.pushes.find((p) => p.uri === uri), 'the first push', 10_000, 10);
      assert.deepEqual(codes(first.diagnostics), expected());
    } finally {
      await client.stop();
    }
  });

  test('a client that never answers workspace/configuration still gets diagnostics, with the defaults, and a log line saying why', async () => {
    const client = await TestClient.start({ pull: true, configurationAnswer: 'never', settings: OFF });
    try {
      const uri = 'file:///ws/never-answers.json';
      await client.open(uri, text);
      const report = items(await client.pull(uri));
      assert.ok(report.some((d) => d.code === 'sid-format') && report.some((d) => d.code === 'json-syntax'), JSON.stringify(report));
      assert.ok(client.logs.some((l) => /No hlkms settings from the client after \d+ ms/.test(l)), client.logs.join('\n'));
    } finally {
      await client.stop();
    }
  });

  test('a push client that never sends settings still gets diagnostics pushed, with the defaults', async () => {
    const client = await TestClient.start({ pull: false, configuration: false });
    try {
      const uri = 'file:///ws/silent-push.json';
      await client.open(uri, text);
      const first = await waitFor(() => client.pushes.find((p) => p.uri === uri), 'the first push', 10_000, 10);
      assert.ok(first.diagnostics.some((d) => d.code === 'sid-format'), JSON.stringify(first.diagnostics));
    } finally {
      await client.stop();
    }
  });
});
