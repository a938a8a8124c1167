/**
 * The host matrix: each rule fixture rendered into each host gives the same findings as the plain JSON policy, at
 * the corresponding host ranges, and each JSON quick fix has a host fix that changes the policy the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNodeAtOffset, getNodePath, parseTree, type Node } from 'jsonc-parser';
import type { HostEntry, HostValue, Range } from '../../../server/src/service/hosts/types';
import { applyEdits } from '../../../server/src/service/edits';
import type { Finding } from '../../../server/src/service/types';
import { analyzeJson, service } from '../../support/service';
import { matrixCases } from './matrixCases';
import { renderers } from './matrixRenderers';

const HOST_ONLY = new Set(['template-syntax', 'ref-role-as-principal', 'sub-policy-variable', 'yaml-alias', 'datastore-key-verdict']);

/** The JSON node a finding covers: its path, and whether it is the value, the key or the whole property. */
function locate(json: string, f: Finding): { path: (string | number)[]; role: 'value' | 'key' | 'entry'; inner?: number } {
  const root = parseTree(json)!;
  let n: Node | undefined = findNodeAtOffset(root, f.offset, true) ?? root;
  while (n && !(n.offset <= f.offset && f.offset + f.length <= n.offset + n.length)) n = n.parent;
  n ??= root;
  if (n.type === 'property') return { path: getNodePath(n.children![1]!), role: 'entry' };
  const isKey = n.parent?.type === 'property' && n.parent.children?.[0] === n;
  const exact = n.offset === f.offset && n.length === f.length;
  const path = isKey ? getNodePath(n.parent!.children![1]!) : getNodePath(n);
  // Inside a string the host range is the same characters; inside an object or array (its brace) the whole host node.
  return { path, role: isKey ? 'key' : 'value', inner: exact || n.type !== 'string' ? undefined : f.offset - n.offset };
}

function hostRange(value: HostValue, text: string, at: ReturnType<typeof locate>, length: number): Range | undefined {
  let v: HostValue | undefined = value;
  let entry: HostEntry | undefined;
  for (const step of at.path) {
    if (v?.type === 'object') { entry = v.entries.find((e) => e.key === step); v = entry?.value; } else if (v?.type === 'array') { entry = undefined; v = v.items[step as number]; } else return undefined;
  }
  if (!v) return undefined;
  if (at.role === 'entry') return entry?.range;
  const node = at.role === 'key' ? entry?.keyRange : v.range;
  if (!node || at.inner === undefined) return node;
  const quote = text[node.offset] === '"' || text[node.offset] === "'" ? 0 : 1;
  return { offset: node.offset + at.inner - quote, length };
}

const key = (f: Finding, r: Range | undefined) => `${f.ruleId} ${f.severity} @${r?.offset}:${r?.length} ${f.message}`;

for (const renderer of renderers) {
  test(`every rule fixture in ${renderer.name}: the same findings at the corresponding host ranges, and fixes that do the same`, () => {
    let compared = 0;
    let fixesCompared = 0;
    for (const c of matrixCases()) {
      // With a Region configured, a fix that needs the Region writes it in every host; without one, a template
      // writes its own Region (`${AWS::Region}`, guideTemplate.test.ts), which plain JSON cannot.
      const s = service({ kind: c.kind, defaultRegion: 'us-east-1' });
      const json = JSON.stringify(c.policy, null, 2);
      const jsonFindings = analyzeJson(s, json).findings.filter((f) => f.ruleId !== 'key-policy-size');
      const r = renderer.render(c);
      const hostService = service({ defaultRegion: 'us-east-1' });
      const analysis = hostService.analyze({ uri: `file:///matrix/${r.fileName}`, text: r.text });
      const site = analysis?.sites.find((x) => x.site.name === r.site);
      assert.ok(analysis && site, `${c.name}: no site ${r.site}`);
      const hostFindings = analysis.findings.filter((f) => !HOST_ONLY.has(f.ruleId) && f.ruleId !== 'key-policy-size');
      const expected = jsonFindings.map((f) => key(f, hostRange(site.site.value, r.text, locate(json, f), f.length))).sort();
      assert.deepEqual(hostFindings.map((f) => key(f, f)).sort(), expected, `${c.name} in ${renderer.name}\n${r.text}`);
      compared += jsonFindings.length;
      for (const jf of jsonFindings) {
        const hf = hostFindings.find((f) => f.ruleId === jf.ruleId && f.message === jf.message)!;
        for (const fix of jf.data?.fixes ?? []) {
          const hostFix = hf.data?.fixes?.find((x) => x.title === fix.title);
          assert.ok(hostFix, `${c.name}: no host fix '${fix.title}' in ${renderer.name}`);
          const want = JSON.parse(applyEdits(json, fix.edits));
          const fixed = hostService.analyze({ uri: `file:///matrix/fixed-${r.fileName}`, text: applyEdits(r.text, hostFix.edits) });
          const got = fixed?.sites.find((x) => x.site.name === r.site)?.variants[0]?.text;
          assert.deepEqual(got && JSON.parse(got), want, `${c.name}: '${fix.title}' in ${renderer.name}\n${applyEdits(r.text, hostFix.edits)}`);
          fixesCompared++;
        }
      }
    }
    assert.ok(compared > 25 && fixesCompared > 15, `only ${compared} findings and ${fixesCompared} fixes compared`);
  });
}
