/** Hover text for principals and ARNs: parsed into partition, account, Region and resource. */
import { parseArn, parsePrincipal } from './arn';

const FORMS: Record<string, string> = {
  wildcard: 'Everyone: in an Allow this is public unless conditions scope it (`kms:CallerAccount`, `kms:ViaService`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`).',
  account: 'The account: grants nothing by itself but lets the account\'s IAM policies allow use of the key.',
  role: 'An IAM role.', user: 'An IAM user.', group: 'An IAM group: key policies cannot name groups.',
  'assumed-role': 'A role session.', 'federated-user': 'A federated user session.',
  service: 'A service principal.', federated: 'A web identity or SAML provider.', 'canonical-user': 'An S3 canonical user.',
};

export function arnMarkdown(text: string): string | undefined {
  const arn = parseArn(text);
  if (!arn) return undefined;
  const rows = [
    ['Partition', arn.partition], ['Service', arn.service], ['Region', arn.region || '(none)'],
    ['Account', arn.account || '(none)'], ['Resource', arn.resource],
  ];
  return `**ARN**\n\n| Part | Value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | \`${v}\` |`).join('\n')}`;
}

export function principalMarkdown(type: string, value: string): string | undefined {
  const p = parsePrincipal(type, value);
  if (p.form === 'invalid') {
    const fix = p.suggestion ? `\n\nDid you mean \`${p.suggestion}\`?` : '';
    return `**Invalid ${type} principal**\n\n${p.reason}.${fix}`;
  }
  const lines = [`**${type} principal:** ${FORMS[p.form] ?? p.form}`];
  if (p.form === 'account') lines.push(`Account \`${p.account}\`${p.bare ? ' (a bare account id: KMS stores it as `arn:aws:iam::' + p.account + ':root`)' : ''}.`);
  if (p.form === 'service' && p.service === 'healthlake.amazonaws.com') lines.push('HealthLake\'s global service name: right in a role\'s trust policy; in `kms:ViaService` use `healthlake.<region>.amazonaws.com`.');
  const arn = arnMarkdown(value);
  if (arn) lines.push(arn);
  return lines.join('\n\n');
}
