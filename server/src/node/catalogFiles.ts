/** The catalog read from the generated files next to the bundle (dist/catalog), for Node front ends. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Catalog } from '../service/catalog';

/** dist/server/x.js and server/src/node/x.ts (tests) both find dist/catalog by walking up. */
export function findCatalogDir(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'catalog'), join(dir, 'dist', 'catalog')]) {
      if (existsSync(join(candidate, 'index.json'))) return candidate;
    }
    if (dirname(dir) === dir) throw new Error('The IAM reference data (dist/catalog) is missing: run `npm run build`.');
  }
}

const byDir = new Map<string, Catalog>();
/** One Catalog per folder, so services load once per process. */
export function fileCatalog(dir = findCatalogDir()): Catalog {
  let catalog = byDir.get(dir);
  if (!catalog) {
    const read = (file: string): unknown => {
      const path = join(dir, file);
      return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
    };
    catalog = new Catalog({ index: () => read('index.json'), service: (prefix) => read(join('services', `${prefix}.json`)) });
    byDir.set(dir, catalog);
  }
  return catalog;
}
