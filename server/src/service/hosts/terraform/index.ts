/**
 * The Terraform host. Front ends `registerHost(terraformHost)` and `await prepareHosts()` once; the server keeps
 * one tree per open `.tf` document in `terraformTrees` (open / update with LSP changes / close).
 */
export { terraformHost, terraformTrees } from './host';
export { prepare, isPrepared, TerraformTrees, applyChanges, type TextChange } from './parser';
export { extractTerraform, referencedPolicyKind, type TerraformOptions } from './extract';
export { terraformWriter } from './writer';
