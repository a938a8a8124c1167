/** A rule's fix (edits on the projection) as a fix on the host file, written by the site's writer. */
import { applyEdits } from '../edits';
import type { Fix } from '../types';
import { diffProjection } from './diff';
import type { Projection } from './projection';
import type { PolicySite } from './types';

/** The fix in host edits, or undefined when it cannot be written there (a reference, an expression, a hole). */
export function hostFix(hostText: string, site: PolicySite, variant: Projection, fix: Fix): Fix | undefined {
  const changes = diffProjection(variant, applyEdits(variant.text, fix.edits));
  if (!changes?.length) return undefined;
  const edits = site.writer.write(hostText, changes);
  if (!edits?.length) return undefined;
  return { ...fix, edits };
}
