/**
 * Symbolic values: what a policy in infrastructure code holds where the file cannot know the value yet
 * (`!Sub arn:aws:iam::${AWS::AccountId}:root`, `var.creator_role_arn`, `${account_id}` in a `.json.tpl`).
 *
 * One mechanism for every host: a string value keeps its literal parts and marks each hole inline,
 * `HOLE_START kind '|' display HOLE_END`, so the value still flows through every rule and the evaluator as a
 * string. The markers are private-use characters no policy contains. A hole's kind says what is known of it:
 *
 * - `account`, `region`, `partition`, `urlsuffix`: this account / Region / partition / domain suffix (the same
 *   symbol always stands for the same value, so `kms:CallerAccount` = this account matches a principal in this
 *   account, and `healthlake.<region>.amazonaws.com` is the regional form);
 * - `arn:<what>`: the ARN of something defined elsewhere (`arn:role` for `!GetAtt Role.Arn`,
 *   `aws_iam_role.r.arn`), `name:<what>` its name (`!Ref Role`), `id:<what>` an id;
 * - `opaque`: anything else (a variable, `Fn::ImportValue`, a template placeholder, a function call).
 *
 * `display` is how the hole reads in the host (`AWS::AccountId`, `var.creator_role_arn`, `account_id`) and is
 * what messages show, as `${display}`.
 */

export const HOLE_START = '\uE010';
export const HOLE_END = '\uE011';

export type HoleKind = 'account' | 'region' | 'partition' | 'urlsuffix' | 'opaque' | `arn:${string}` | `name:${string}` | `id:${string}`;

export interface Hole {
  kind: HoleKind;
  display: string;
  /** Offsets of the hole (markers included) in the value. */
  start: number;
  end: number;
}

/** The inline text of a hole (markers in `display` are dropped; a `|` in it is fine: only the first one splits). */
export const hole = (kind: HoleKind, display: string): string => `${HOLE_START}${kind}|${display.replace(/[\uE010\uE011]/g, '')}${HOLE_END}`;

/** This account, for what the file defines itself (a role or user of the same template or module is in it). */
export const THIS_ACCOUNT = hole('account', 'this account');

/** The account of a value that is a reference as a whole: this account for a role or user the file defines, else open. */
export function referenceAccount(value: string): string {
  const h = holes(value)[0];
  return h && /^arn:(role|user)/.test(h.kind) ? THIS_ACCOUNT : hole('opaque', h?.display ?? value);
}

/** Whether a value has a hole (cheap: one indexOf). */
export const hasHoles = (value: string): boolean => value.includes(HOLE_START);

/** Whether the whole value is one hole. */
export const isWholeHole = (value: string): boolean => value.startsWith(HOLE_START) && value.indexOf(HOLE_END) === value.length - 1;

const HOLE = /\uE010([^|\uE011]*)\|([^\uE011]*)\uE011/g;

/** The holes of a value, in order. */
export function holes(value: string): Hole[] {
  if (!hasHoles(value)) return [];
  const out: Hole[] = [];
  for (const m of value.matchAll(HOLE)) out.push({ kind: m[1] as HoleKind, display: m[2]!, start: m.index, end: m.index + m[0].length });
  return out;
}

/** `value` with each hole whose display `bound` names replaced by that text (the others left as they are). */
export const bindHoles = (value: string, bound: (display: string) => string | undefined): string =>
  (hasHoles(value) ? value.replace(HOLE, (m, _k, d: string) => bound(d) ?? m) : value);

/** The value as a person reads it: each hole shown as `${display}`. */
export const displayValue = (value: string): string => (hasHoles(value) ? value.replace(HOLE, (_, _k, d: string) => `\${${d}}`) : value);

/** A string with holes as a CloudFormation `Fn::Sub` body: each hole `${display}`, a literal `${` written `${!`. */
export function subBody(value: string): string {
  let out = '';
  let last = 0;
  for (const m of value.matchAll(HOLE)) {
    out += value.slice(last, m.index).replace(/\$\{/g, '${!') + `\${${m[2]}}`;
    last = m.index + m[0].length;
  }
  return out + value.slice(last).replace(/\$\{/g, '${!');
}

/**
 * A regular expression source matching any value the template may take: literal parts escaped, each hole as
 * `.*` (or, for known kinds, the shape that kind always has). For checks of what the literal part decides.
 */
export function templatePattern(value: string): string {
  let out = '';
  let last = 0;
  for (const h of holes(value)) {
    out += escape(value.slice(last, h.start)) + ((HOLE_SHAPES as Record<string, string>)[h.kind] ?? '.*');
    last = h.end;
  }
  return out + escape(value.slice(last));
}

const HOLE_SHAPES = { account: '\\d{12}', region: '[a-z]{2}(?:-[a-z]+)+-\\d+', partition: 'aws(?:-[a-z]+)*', urlsuffix: '[a-z.]+' } as const;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
