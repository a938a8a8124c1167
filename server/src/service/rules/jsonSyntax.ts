/** Protects against policy text that IAM and KMS cannot parse: JSON errors, comments, trailing commas. */
import { printParseErrorCode } from 'jsonc-parser';
import { ALL_POLICY_KINDS, type Rule, type RuleFinding } from './rule';

const messages: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol: this is not JSON.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'A property name in double quotes is expected here.',
  ValueExpected: 'A value is expected here.',
  ColonExpected: 'A colon is expected after the property name.',
  CommaExpected: 'A comma is expected here.',
  CloseBraceExpected: 'A closing brace `}` is expected: the object is not closed.',
  CloseBracketExpected: 'A closing bracket `]` is expected: the array is not closed.',
  EndOfFileExpected: 'Only one JSON value is allowed; text follows the end of the policy.',
  InvalidCommentToken: 'Invalid comment.',
  UnexpectedEndOfComment: 'The comment is not closed.',
  UnexpectedEndOfString: 'The string is not closed.',
  UnexpectedEndOfNumber: 'The number is not complete.',
  InvalidUnicode: 'Invalid unicode escape sequence.',
  InvalidEscapeCharacter: 'Invalid escape character in a string.',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped).',
};

export const jsonSyntax: Rule = {
  id: 'json-syntax',
  description: 'Policy text that AWS cannot parse: JSON syntax errors, comments and trailing commas.',
  category: 'syntax',
  defaultSeverity: 'error',
  kinds: [...ALL_POLICY_KINDS, 'not-a-policy'],
  check(model, { settings }) {
    // Text that does not look like a policy stays silent in the editor; a file named on the command line does not.
    if (model.kind === 'not-a-policy' && !settings.syntaxOfAnyJson) return [];
    const findings: RuleFinding[] = model.parseErrors.map((e) => {
      const code = printParseErrorCode(e.error);
      // At least one character where there is one (an empty text or its end gets an empty range).
      return { offset: e.offset, length: Math.min(Math.max(e.length, 1), model.text.length - e.offset), message: `${messages[code] ?? code} AWS rejects a policy that is not valid JSON.` };
    });
    for (const comment of model.tokens?.comments ?? []) {
      // The scanner counts an unclosed `/*` at the very end as one character longer than the text.
      const c = { offset: comment.offset, length: Math.min(comment.length, model.text.length - comment.offset) };
      findings.push({
        offset: c.offset, length: c.length,
        message: 'Comments are not allowed: AWS rejects the policy as malformed JSON. Put notes in a Sid instead.',
        data: { fixes: [{ title: 'Remove the comment', edits: [{ offset: c.offset, length: c.length, content: '' }], preferred: true, safe: true }] },
      });
    }
    for (const offset of model.tokens?.trailingCommas ?? []) {
      findings.push({
        offset, length: 1,
        message: 'Trailing comma: AWS rejects the policy as malformed JSON.',
        data: { fixes: [{ title: 'Remove the trailing comma', edits: [{ offset, length: 1, content: '' }], preferred: true, safe: true }] },
      });
    }
    return findings;
  },
};
