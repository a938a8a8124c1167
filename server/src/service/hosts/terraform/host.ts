/**
 * The Terraform host as the engine's registry sees it: claims `.tf` files, loads the parser once, extracts with
 * the open document's tree when the server keeps one (`terraformTrees`), and tells a `.json` / `.tpl` file which
 * kind of policy the module's `file(...)` / `templatefile(...)` makes it.
 */
import { fileName, type HostExtractor } from '../registry';
import { extractTerraform, referencedPolicyKind } from './extract';
import { prepare, TerraformTrees } from './parser';
import { clearBlockCache } from './blocks';

/** The trees of the open `.tf` documents: the server opens, updates (LSP changes) and closes them here (closing forgets its blocks). */
export const terraformTrees = new TerraformTrees((uri) => clearBlockCache(uri));

/** The file name as written (the registry's `fileName` lower-cases it; a module names files case-sensitively). */
const baseName = (uri: string) => decodeURIComponent(uri.replace(/[?#].*$/, '')).split(/[\\/]/).pop() ?? '';

export const terraformHost: HostExtractor = {
  host: 'terraform',
  claims: (input) => fileName(input.uri).endsWith('.tf'),
  prepare,
  extract(input) {
    const open = terraformTrees.get(input.uri);
    const tree = open?.text === input.text ? open.tree : undefined;
    // An open document is read again after each edit: what an edit left unchanged is reused (`document`).
    return extractTerraform(input.text, { fileName: fileName(input.uri), ...(open ? { document: input.uri } : {}), ...(input.folder ? { folder: input.folder } : {}), ...(tree ? { tree } : {}) });
  },
  referencedAs(input) {
    const name = baseName(input.uri);
    if (!input.folder || name.toLowerCase().endsWith('.tf')) return undefined;
    return referencedPolicyKind(name, input.folder);
  },
};
