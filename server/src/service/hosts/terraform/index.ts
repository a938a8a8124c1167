/** The Terraform host: load the parser once (`prepare`), keep one tree per open document, extract and write. */
export { prepare, isPrepared, TerraformTrees, type TextChange } from './parser';
export { extractTerraform, referencedPolicyKind, type TerraformOptions } from './extract';
export type { FolderReader } from './folder';
export { terraformWriter } from './writer';
