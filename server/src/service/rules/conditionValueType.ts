/** Protects against conditions that can never match: values of the wrong form and operators of the wrong type. */
import type { ScalarValue } from '../model';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';
import { keyFamily, parseOperator, type OperatorFamily } from './operators';
import { conditionKeyInfo, keyNode } from './ruleHelpers';
import { sampleOf } from '../arn';
import { displayValue } from '../symbolic';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
/** The W3C profile of ISO 8601 that IAM reads: YYYY, YYYY-MM, YYYY-MM-DD, then Thh:mm[:ss[.s]] and a zone. */
const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?)?)?$/;

/** Whether an ISO 8601 date names a real moment (no month 13, no 30 February, no 25:00). */
function isDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', zh = '00', zm = '00'] = m;
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate(); // the last day of that month
  return Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= days && Number(h) <= 23 && Number(mi) <= 59 &&
    Number(sec) <= 59 && Number(zh) <= 14 && Number(zm) <= 59;
}

function isIpv6(v: string): boolean {
  const [addr, bits, ...more] = v.split('/');
  if (more.length || (bits !== undefined && !/^(12[0-8]|1[01]\d|[1-9]?\d)$/.test(bits))) return false;
  if (!addr || !/^[0-9a-fA-F:]+$/.test(addr) || addr.split('::').length > 2) return false;
  const groups = addr.split(':').filter((g) => g !== '');
  return groups.every((g) => g.length <= 4) && (addr.includes('::') ? groups.length < 8 : groups.length === 8);
}

/** What a value of this operator family looks like, or undefined when `value` is fine. */
function valueProblem(family: OperatorFamily, value: ScalarValue): string | undefined {
  if (typeof value === 'string' && value.includes('${')) return undefined; // a policy variable
  const sample = sampleOf(String(value));
  if (sample === undefined) return undefined; // a hole stands for the value: unknown here
  const s = sample;
  switch (family) {
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(s) ? undefined : `${family} takes \`true\` or \`false\``;
    case 'Numeric':
      return typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(s) ? undefined : 'a Numeric operator takes a number';
    case 'Date':
      if (typeof value === 'number' || /^\d+$/.test(s) || isDate(s)) return undefined;
      return ISO_DATE.test(s) ? `\`${s}\` is not a date that exists (months run 01-12, days to the month's end, hours 00-23)`
        : 'a Date operator takes an ISO 8601 date such as `2026-01-31T23:59:59Z` or epoch seconds';
    case 'IpAddress':
      return IPV4.test(s) || isIpv6(s) ? undefined : 'an IP address operator takes an address or CIDR range such as `203.0.113.0/24`';
    case 'Binary':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 ? undefined : 'BinaryEquals takes base64-encoded bytes';
    case 'Arn':
      return s === '*' || s.startsWith('arn:') ? undefined : 'an ARN operator takes an ARN (`arn:...`, wildcards allowed)';
    default:
      return undefined;
  }
}

/** Why an operator family does not suit a key type, or undefined. */
function mismatch(op: OperatorFamily, key: OperatorFamily | 'String'): string | undefined {
  if (op === key || op === 'Null') return undefined;
  if (op === 'String' && (key === 'Arn' || key === 'Binary')) return undefined;
  if (op === 'Arn' && key === 'String') return undefined;
  const use = key === 'Arn' ? 'Arn or String' : key === 'IpAddress' ? 'IpAddress / NotIpAddress' : key;
  return `a ${key === 'IpAddress' ? 'IP address' : key} key compared with a ${op} operator does not compare as intended; use a ${use} operator`;
}

export const conditionValueType: Rule = {
  id: 'condition-value-type',
  description: 'Condition values of the wrong form for their operator, and operators that do not suit the key type.',
  category: 'grammar',
  defaultSeverity: 'error',
  kinds: ALL_POLICY_KINDS,
  check(model, { catalog }) {
    const findings: RuleFinding[] = [];
    for (const st of model.statements) {
      for (const op of st.condition?.operators ?? []) {
        const parsed = parseOperator(op.operator);
        const family = parsed.family;
        if (!family) continue;
        for (const k of op.keys) {
          const info = conditionKeyInfo(catalog, k.key);
          const why = info && info.type !== 'Unknown' ? mismatch(family, keyFamily(info.type).family) : undefined;
          if (why) {
            const node = keyNode(k.property);
            findings.push({ offset: node.offset, length: node.length, severity: 'warning', message: `\`${k.key}\` is of type ${info!.type}: ${why}.` });
          }
          for (const v of k.values) {
            const problem = valueProblem(family, v.value);
            if (problem) {
              findings.push({
                offset: v.node.offset, length: v.node.length, severity: family === 'Arn' ? 'warning' : 'error',
                message: `${displayValue(JSON.stringify(v.value))} can never match: ${problem}. As written, this condition is never true${parsed.negated ? ' (or, negated, always true)' : ''}.`,
              });
            }
          }
        }
      }
    }
    return findings;
  },
};
