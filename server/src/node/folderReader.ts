/**
 * The files beside a host document, for extractors that need them (a Terraform module split over several
 * `.tf` files, `file()` and `templatefile()` sources). Reads from disk, or from `overlay` first (the editor's
 * unsaved text of open documents). Never follows more than the names asked for; large files are skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FolderReader } from '../service/hosts/api';

/** A sibling larger than this is not read (a policy source is a few KB; a state file or a bundle is not one). */
const MAX_SIBLING = 1_000_000;

/** The local path of a `file:` URI or a plain path; undefined for other schemes (untitled, remote). */
export function localPath(uriOrPath: string): string | undefined {
  if (uriOrPath.startsWith('file:')) {
    try {
      return fileURLToPath(uriOrPath);
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(uriOrPath) && !/^[a-z]:[\\/]/i.test(uriOrPath) ? undefined : uriOrPath;
}

/** The folder of a document (by URI or path) as a FolderReader, or undefined when it has no local folder. */
export function folderReader(uriOrPath: string, overlay?: (absolutePath: string) => string | undefined): FolderReader | undefined {
  const path = localPath(uriOrPath);
  if (!path) return undefined;
  const dir = dirname(resolve(path));
  let names: readonly string[] | undefined;
  return {
    list: () => {
      if (!names) {
        try {
          names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
        } catch {
          names = [];
        }
      }
      return names;
    },
    read: (name) => {
      const absolute = resolve(join(dir, name));
      const open = overlay?.(absolute);
      if (open !== undefined) return open;
      try {
        if (statSync(absolute).size > MAX_SIBLING) return undefined;
        return readFileSync(absolute, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
