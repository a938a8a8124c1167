/** The `policy-shape` finding of every host: a policy property that is not a policy object (cloudformation/shape.ts, terraform/extract.ts). */
export const POLICY_SHAPE_RULE = {
  id: 'policy-shape',
  description: 'A policy property (KeyPolicy, PolicyDocument, policy) that is not a policy object: a list of statements, a plain value or an empty property, which CloudFormation or Terraform rejects.',
  defaultSeverity: 'error',
} as const;
