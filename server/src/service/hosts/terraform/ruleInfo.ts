/** The Terraform host's own findings, for the rule reference, settings and SARIF (hosts/rules/index.ts lists them). */
export const TERRAFORM_RULES = {
  iamVariable: {
    id: 'terraform-iam-variable',
    description: 'An IAM policy variable written `${aws:username}` in a Terraform policy, which Terraform reads as its own interpolation (write `&{...}` in aws_iam_policy_document, `$${...}` elsewhere).',
    defaultSeverity: 'error',
  },
  moduleInput: {
    id: 'terraform-module-input',
    description: 'A registry module input that the pinned version ignores (terraform-aws-modules/kms reads key statement conditions from `conditions` before 4.0 and `condition` from 4.0), so the statement applies without it.',
    defaultSeverity: 'warning',
  },
  syntax: {
    id: 'terraform-syntax',
    description: 'A Terraform policy attribute whose HCL does not parse, so its policy cannot be checked until it does.',
    defaultSeverity: 'info',
  },
} as const;

export const terraformRuleInfo = Object.values(TERRAFORM_RULES).map((r) => ({ ...r, appliesTo: 'Terraform modules' }));
