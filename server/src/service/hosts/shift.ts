/** Moving findings with the text they point into, and keeping them apart from the analysis they came from. */
import type { Finding } from '../types';

/** A finding `delta` characters further on: its range, its related locations and its fixes' edits. */
export const shiftFinding = (f: Finding, delta: number): Finding => delta === 0 ? f : {
  ...f, offset: f.offset + delta,
  ...(f.related ? { related: f.related.map((r) => ({ ...r, offset: r.offset + delta })) } : {}),
  ...(f.data?.fixes ? { data: { ...f.data, fixes: f.data.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, offset: e.offset + delta })) })) } } : {}),
};

/**
 * A string that holds its own characters. A fix's text is often cut from the policy's JSON projection, and V8
 * keeps a cut (a sliced or joined string) pointing at the whole text it came from: a remembered finding would
 * keep every projection it was ever cut from alive.
 */
export const own = (s: string): string => (s.length > 12 ? (` ${s}`).slice(1) : s);

/** A finding to remember: every text its own, nothing else of the analysis it came from kept alive. */
export const detached = (f: Finding): Finding => ({
  ...f, message: own(f.message),
  ...(f.related ? { related: f.related.map((r) => ({ ...r, message: own(r.message) })) } : {}),
  ...(f.data?.fixes ? { data: { ...f.data, fixes: f.data.fixes.map((x) => ({ ...x, title: own(x.title), edits: x.edits.map((e) => ({ ...e, content: own(e.content) })) })) } } : {}),
});
