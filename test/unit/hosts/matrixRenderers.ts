/**
 * Renderers for the host matrix: each writes a policy into one host the way people write it there and names the
 * site the engine should find. The Terraform renderers join this list (test/unit/hosts/terraform/).
 */
import { stringify } from 'yaml';
import type { MatrixCase } from './matrixCases';

export interface Rendered {
  text: string;
  /** The host file's name (decides the host). */
  fileName: string;
  /** The policy site's name in the analysis. */
  site: string;
}

export interface Renderer {
  name: string;
  render(c: MatrixCase): Rendered;
}

const resource = (c: MatrixCase) => (c.kind === 'key-policy'
  ? { Subject: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: c.policy } } }
  : { Subject: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: c.policy } } });
const siteName = (c: MatrixCase) => (c.kind === 'key-policy' ? 'Subject.KeyPolicy' : 'Subject.PolicyDocument');
const template = (c: MatrixCase) => ({ AWSTemplateFormatVersion: '2010-09-09', Resources: resource(c) });

export const cloudFormationYaml: Renderer = {
  name: 'CloudFormation YAML',
  render: (c) => ({ text: stringify(template(c), { lineWidth: 0 }), fileName: 'template.yaml', site: siteName(c) }),
};

export const cloudFormationJson: Renderer = {
  name: 'CloudFormation JSON',
  render: (c) => ({ text: JSON.stringify(template(c), null, 2), fileName: 'template.json', site: siteName(c) }),
};

export const cloudFormationJsonString: Renderer = {
  name: 'CloudFormation YAML, policy as a JSON block scalar',
  render: (c) => {
    const body = JSON.stringify(c.policy, null, 2).split('\n').map((l) => `        ${l}`).join('\n');
    const [type, prop] = c.kind === 'key-policy' ? ['AWS::KMS::Key', 'KeyPolicy'] : ['AWS::IAM::ManagedPolicy', 'PolicyDocument'];
    return { text: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Subject:\n    Type: ${type}\n    Properties:\n      ${prop}: |\n${body}\n`, fileName: 'template.yaml', site: siteName(c) };
  },
};

/** An identity policy Serverless can write as the role's statements: it writes the `Version` itself. */
const statementsOnly = (c: MatrixCase): c is MatrixCase & { policy: { Statement: unknown[] } } => c.kind === 'identity-policy' && c.policy.Version === '2012-10-17'
  && Array.isArray(c.policy.Statement) && c.policy.Statement.length > 0 && Object.keys(c.policy).every((k) => k === 'Version' || k === 'Statement');

export const serverlessYaml: Renderer = {
  name: 'Serverless Framework service file',
  render: (c) => (statementsOnly(c)
    ? { text: stringify({ service: 'matrix', provider: { name: 'aws', iam: { role: { statements: c.policy.Statement } } } }, { lineWidth: 0 }),
      fileName: 'serverless.yml', site: 'provider.iam.role.statements' }
    : { text: stringify({ service: 'matrix', provider: { name: 'aws' }, resources: { Resources: resource(c) } }, { lineWidth: 0 }), fileName: 'serverless.yml', site: siteName(c) }),
};

/** Every host the matrix checks; other hosts add their renderers here. */
export const renderers: Renderer[] = [cloudFormationYaml, cloudFormationJson, cloudFormationJsonString, serverlessYaml];
