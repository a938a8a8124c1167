/**
 * JSON policies written the three ways Terraform modules write them: `jsonencode({...})` in HCL object syntax, a
 * heredoc, and an `aws_iam_policy_document` data block (with what the data source renders, for comparison).
 */
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const hclString = (s: string) =>
  `"${s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;

/** A JSON value in HCL expression syntax, `Key = value`, as `terraform fmt` aligns it. */
export function hclExpression(v: unknown, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => `${inner}${hclExpression(x, inner)},`).join('\n')}\n${indent}]` : '[]';
  const entries = Object.entries(v);
  if (!entries.length) return '{}';
  const key = (k: string) => (IDENT.test(k) ? k : hclString(k));
  // terraform fmt aligns the `=` of consecutive single-line entries.
  const lines: string[] = [];
  let group: string[][] = [];
  const flush = () => {
    const width = Math.max(0, ...group.map(([k]) => k!.length));
    for (const [k, val] of group) lines.push(`${inner}${k!.padEnd(width)} = ${val}`);
    group = [];
  };
  for (const [k, x] of entries) {
    const val = hclExpression(x, inner);
    if (val.includes('\n')) {
      flush();
      lines.push(`${inner}${key(k)} = ${val}`);
    } else group.push([key(k), val]);
  }
  flush();
  return `{\n${lines.join('\n')}\n${indent}}`;
}

const RESOURCE: Record<string, [string, string]> = {
  'key-policy': ['aws_kms_key', 'policy'],
  'identity-policy': ['aws_iam_policy', 'policy'],
  'resource-policy': ['aws_iam_role', 'assume_role_policy'],
};

export const siteName = (kind: string) => `${RESOURCE[kind]![0]}.p.${RESOURCE[kind]![1]}`;

export function asJsonencode(policy: unknown, kind: string): string {
  const [type, attr] = RESOURCE[kind]!;
  return `resource "${type}" "p" {\n  ${attr} = jsonencode(${hclExpression(policy, '  ')})\n}\n`;
}

/** The policy's JSON text inside a heredoc (`$${` for a literal `${`), indented with tabs under `<<-EOT`. */
export function asHeredoc(json: string, kind: string): string {
  const [type, attr] = RESOURCE[kind]!;
  const body = json.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{').split('\n').map((l) => `\t${l}`).join('\n');
  return `resource "${type}" "p" {\n  ${attr} = <<-EOT\n${body}\n\tEOT\n}\n`;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const strings = (v: unknown) => list(v).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);

/**
 * The policy as an `aws_iam_policy_document` (IAM variables as `&{...}`), and the policy it renders: lists
 * everywhere, string condition values, Version set. Undefined when the data source cannot write it.
 */
export function asPolicyDocument(policy: unknown, kind: string): { hcl: string; rendered: unknown } | undefined {
  const p = policy as Record<string, unknown>;
  if (typeof p !== 'object' || !p || Object.keys(p).some((k) => !['Version', 'Id', 'Statement'].includes(k))) return undefined;
  const statements = list(p.Statement) as Record<string, unknown>[];
  if (statements.some((s) => typeof s !== 'object' || !s || Object.keys(s).some((k) => !STATEMENT_KEYS.has(k)))) return undefined;
  const str = (s: string) => hclString(s).replace(/\$\$\{/g, '&{');
  const strList = (v: unknown) => `[${strings(v).map(str).join(', ')}]`;
  const attrs = (pairs: [string, string][], indent: string) => {
    const width = Math.max(...pairs.map(([k]) => k.length));
    return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
  };
  const out: string[] = [`data "aws_iam_policy_document" "p" {`];
  const head: [string, string][] = [];
  if (typeof p.Version === 'string') head.push(['version', str(p.Version)]);
  if (typeof p.Id === 'string') head.push(['policy_id', str(p.Id)]);
  if (head.length) out.push(...attrs(head, '  '));
  const rendered: Record<string, unknown>[] = [];
  for (const s of statements) {
    const r: Record<string, unknown> = {};
    const top: [string, string][] = [];
    if (s.Sid !== undefined) { top.push(['sid', str(String(s.Sid))]); r.Sid = s.Sid; }
    if (s.Effect !== undefined) { top.push(['effect', str(String(s.Effect))]); r.Effect = s.Effect; } else r.Effect = 'Allow';
    for (const [k, name] of [['Action', 'actions'], ['NotAction', 'not_actions'], ['Resource', 'resources'], ['NotResource', 'not_resources']] as const) {
      if (s[k] === undefined) continue;
      top.push([name, strList(s[k])]);
      r[k] = strings(s[k]);
    }
    out.push('', '  statement {', ...(top.length ? attrs(top, '    ') : []));
    for (const [k, name] of [['Principal', 'principals'], ['NotPrincipal', 'not_principals']] as const) {
      const v = s[k];
      if (v === undefined) continue;
      if (v === '*') {
        out.push(`    ${name} {`, ...attrs([['type', '"*"'], ['identifiers', '["*"]']], '      '), '    }');
        r[k] = '*';
        continue;
      }
      if (typeof v !== 'object' || !v) return undefined;
      r[k] = {};
      for (const [type, ids] of Object.entries(v)) {
        out.push(`    ${name} {`, ...attrs([['type', str(type)], ['identifiers', strList(ids)]], '      '), '    }');
        (r[k] as Record<string, unknown>)[type] = strings(ids);
      }
    }
    if (s.Condition !== undefined) {
      if (typeof s.Condition !== 'object' || !s.Condition) return undefined;
      r.Condition = {};
      for (const [test, keys] of Object.entries(s.Condition)) {
        if (typeof keys !== 'object' || !keys) return undefined;
        (r.Condition as Record<string, unknown>)[test] = {};
        for (const [variable, values] of Object.entries(keys)) {
          out.push('    condition {', ...attrs([['test', str(test)], ['variable', str(variable)], ['values', strList(values)]], '      '), '    }');
          ((r.Condition as Record<string, unknown>)[test] as Record<string, unknown>)[variable] = strings(values);
        }
      }
    }
    out.push('  }');
    rendered.push(r);
  }
  out.push('}', '');
  const [type, attr] = RESOURCE[kind]!;
  out.push(`resource "${type}" "p" {`, `  ${attr} = data.aws_iam_policy_document.p.json`, '}', '');
  return { hcl: out.join('\n'), rendered: { Version: typeof p.Version === 'string' ? p.Version : '2012-10-17', ...(p.Id !== undefined ? { Id: p.Id } : {}), Statement: rendered } };
}

/**
 * Composed forms of a policy document (the same policy, as modules assemble it): its first statement moved to a
 * document merged through `source_policy_documents`, or its last statement emitted by a `dynamic "statement"`
 * block. Undefined when the form cannot say the same (one statement, or Sids the merge would replace).
 */
export function asComposedDocument(hcl: string, form: 'source' | 'dynamic'): string | undefined {
  const lines = hcl.split('\n');
  const starts = lines.flatMap((l, i) => (l === '  statement {' ? [i] : []));
  if (starts.length < 2) return undefined;
  const sids = lines.filter((l) => /^ {4}sid +=/.test(l)).map((l) => l.split('=')[1]!.trim());
  if (new Set(sids).size !== sids.length) return undefined;
  const at = form === 'source' ? starts[0]! : starts.at(-1)!;
  const end = lines.indexOf('  }', at);
  const block = lines.slice(at, end + 1);
  if (form === 'dynamic') {
    const content = ['  dynamic "statement" {', '    for_each = var.enabled ? [1] : []', '', '    content {', ...block.slice(1, -1).map((l) => (l ? `  ${l}` : l)), '    }', '  }'];
    return [...lines.slice(0, at), ...content, ...lines.slice(end + 1)].join('\n');
  }
  // The source document, then the policy's: a blank line before `source_policy_documents` keeps fmt's alignment.
  const rest = [...lines.slice(0, at - 1), ...lines.slice(end + 1)];
  const open = rest.indexOf('data "aws_iam_policy_document" "p" {');
  const head = rest.slice(open + 1).findIndex((l) => !/^ {2}\w+ +=/.test(l));
  rest.splice(open + 1 + head, 0, ...(head > 0 ? [''] : []), '  source_policy_documents = [data.aws_iam_policy_document.base.json]');
  return [...rest.slice(0, -1), 'data "aws_iam_policy_document" "base" {', ...block, '}', ''].join('\n');
}

/** The policy in `jsonencode` with its statements joined by `concat`: the first ones in one list, the last in another. */
export function asConcat(policy: unknown, kind: string): string | undefined {
  const p = policy as Record<string, unknown>;
  if (typeof p !== 'object' || !p || !Array.isArray(p.Statement) || p.Statement.length < 2) return undefined;
  const [type, attr] = RESOURCE[kind]!;
  const marker = '__STATEMENTS__';
  // A list of one string: a value on several lines, as the call is (terraform fmt aligns single-line values only).
  const body = hclExpression({ ...p, Statement: [marker] }, '  ');
  const s = p.Statement as unknown[];
  const statements = `concat(\n      ${hclExpression(s.slice(0, -1), '      ')},\n      ${hclExpression(s.slice(-1), '      ')},\n    )`;
  return `resource "${type}" "p" {\n  ${attr} = jsonencode(${body.replace(/\[\n\s*"__STATEMENTS__",\n\s*\]/, () => statements)})\n}\n`;
}
