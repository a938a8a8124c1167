/** The IAM condition operators: families, `...IfExists`, `ForAnyValue:`/`ForAllValues:` (names are case-sensitive). */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

const FAMILIES: Record<OperatorFamily, readonly string[]> = {
  String: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  Numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  Date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  Bool: ['Bool'],
  Binary: ['BinaryEquals'],
  IpAddress: ['IpAddress', 'NotIpAddress'],
  Arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  Null: ['Null'],
};

const familyOf = new Map<string, OperatorFamily>();
for (const [family, names] of Object.entries(FAMILIES)) for (const n of names) familyOf.set(n, family as OperatorFamily);

/** Every base operator name. */
export const BASE_OPERATORS: readonly string[] = [...familyOf.keys()];

/** Every valid spelling a user might mean (for "did you mean"): bases, `...IfExists` and set forms. */
export const ALL_OPERATOR_SPELLINGS: readonly string[] = BASE_OPERATORS.flatMap((b) => (b === 'Null' ? [b] : [
  b, `${b}IfExists`, `ForAnyValue:${b}`, `ForAllValues:${b}`, `ForAnyValue:${b}IfExists`, `ForAllValues:${b}IfExists`,
]));

export type SetPrefix = 'ForAnyValue' | 'ForAllValues';

export interface ParsedOperator {
  text: string;
  set?: SetPrefix;
  /** The operator without set prefix and IfExists suffix, e.g. `StringEquals`. */
  base: string;
  ifExists: boolean;
  /** Undefined when the base is not an operator. */
  family?: OperatorFamily;
  /** Negated operators (`StringNotEquals`, `NotIpAddress`, ...) match when the key is absent. */
  negated: boolean;
}

export function parseOperator(text: string): ParsedOperator {
  let rest = text;
  let set: SetPrefix | undefined;
  const m = /^(ForAnyValue|ForAllValues):/.exec(rest);
  if (m) {
    set = m[1] as SetPrefix;
    rest = rest.slice(m[0].length);
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  return { text, set, base, ifExists, family: familyOf.get(base), negated: /Not/.test(base) };
}

/** The catalog's condition key types (`ArrayOfString`, `Bool`, ...) as operator families. */
export function keyFamily(type: string): { family: OperatorFamily | 'String'; multi: boolean } {
  const multi = type.startsWith('ArrayOf');
  const t = multi ? type.slice('ArrayOf'.length) : type;
  const family: OperatorFamily = t === 'ARN' ? 'Arn' : t === 'IPAddress' ? 'IpAddress' : t === 'Numeric' || t === 'Date' || t === 'Bool' || t === 'Binary' ? t : 'String';
  return { family, multi };
}
