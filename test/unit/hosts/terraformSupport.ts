/** Helpers for the Terraform host's tests: the parser loaded once, analysis through the engine, module folders. */
import { before } from 'node:test';
import { registerHost, prepareHosts, type FolderReader } from '../../../server/src/service/hosts/api';
import { terraformHost } from '../../../server/src/service/hosts/terraform/index';
import { extractTerraform } from '../../../server/src/service/hosts/terraform/extract';
import type { HostValue, PolicySite } from '../../../server/src/service/hosts/types';
import { displayValue } from '../../../server/src/service/symbolic';
import { service } from '../../support/service';
import type { ServiceSettings } from '../../../server/src/service/types';

registerHost(terraformHost);
/** Call at the top of a test file: loads the WASM parser before the tests run. */
export const prepared = () => before(() => prepareHosts());

/** A folder of files held in memory, as the front ends' folder readers give them. */
export function folderOf(files: Record<string, string>): FolderReader {
  return { list: () => Object.keys(files), read: (name) => files[name] };
}

/** The engine's analysis of a `.tf` text, with its module's other files. */
export function analyzeTf(text: string, files: Record<string, string> = {}, name = 'main.tf', settings: Partial<ServiceSettings> = {}) {
  const s = service(settings);
  const analysis = s.analyze({ uri: `file:///module/${name}`, text, folder: folderOf({ [name]: text, ...files }) });
  if (!analysis) throw new Error('not analysed as Terraform');
  return { service: s, analysis, findings: analysis.findings };
}

export const sitesOf = (text: string, files: Record<string, string> = {}, name = 'main.tf'): PolicySite[] =>
  extractTerraform(text, { fileName: name, folder: folderOf({ [name]: text, ...files }) }).sites;

/** A value tree as plain JSON (holes shown as `${display}`; a choice as its first branch). */
export function plain(v: HostValue): unknown {
  switch (v.type) {
    case 'object': return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'array': return v.items.map(plain);
    case 'string': return displayValue(v.value);
    case 'null': return null;
    case 'choice': { const b = v.branches.find((x): x is HostValue => x.type !== 'absent'); return b ? plain(b) : undefined; }
    default: return v.value;
  }
}

/** Every node of a value tree (entries' values and array items, choice branches), with its depth-first path. */
export function* nodes(v: HostValue, path = ''): Generator<{ node: HostValue; path: string }> {
  yield { node: v, path };
  if (v.type === 'object') for (const e of v.entries) yield* nodes(e.value, `${path}/${e.key}`);
  if (v.type === 'array') for (const [i, x] of v.items.entries()) yield* nodes(x, `${path}/${i}`);
  if (v.type === 'choice') for (const [i, b] of v.branches.entries()) if (b.type !== 'absent') yield* nodes(b, `${path}?${i}`);
}

export const textAt = (text: string, r: { offset: number; length: number }) => text.slice(r.offset, r.offset + r.length);

/** The 1-based line of an offset. */
export const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** A node's `writable` (a choice is never written as a whole). */
export const writable = (v: HostValue): boolean | undefined => (v.type === 'choice' ? false : v.writable);

/** The node at a path of keys and indexes (through a choice's first present branch). */
export function nodeAt(v: HostValue, ...path: (string | number)[]): HostValue {
  let n = v;
  for (const step of path) {
    if (n.type === 'choice') n = n.branches.find((x): x is HostValue => x.type !== 'absent')!;
    if (n.type === 'object' && typeof step === 'string') n = n.entries.find((e) => e.key === step)!.value;
    else if (n.type === 'array' && typeof step === 'number') n = n.items[step]!;
    else throw new Error(`no ${step} in ${n.type}`);
    if (!n) throw new Error(`no ${step}`);
  }
  return n.type === 'choice' ? n.branches.find((x): x is HostValue => x.type !== 'absent')! : n;
}

/** The entry of an object node by key. */
export function entryAt(v: HostValue, key: string) {
  if (v.type !== 'object') throw new Error('not an object');
  return v.entries.find((e) => e.key === key)!;
}
