/**
 * Finding data whose fixes are built when first read. A fix's edits can cost a parse of its statement or a copy of
 * the whole policy, and most findings are only shown: the editor asks for fixes on a code action, the CLI and the CDK
 * plugin when they print or apply them. Whoever reads `fixes` gets the same list either way.
 */
import type { Fix, FindingData } from './types';

/** `build()`'s fixes, those without edits dropped (a path through a value of the wrong type); none left: undefined. */
export function fixesLater(build: () => Fix[]): FindingData {
  let fixes: Fix[] | undefined;
  let built = false;
  return {
    get fixes() {
      if (!built) {
        const kept = build().filter((f) => f.edits.length > 0);
        fixes = kept.length > 0 ? kept : undefined;
        built = true;
      }
      return fixes;
    },
  };
}
