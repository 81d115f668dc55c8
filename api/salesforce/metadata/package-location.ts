/**
 * Where the source-format package lives. The code runs from `dist/api/...` or `api/...`, so the
 * folder is found by walking up to the repository root rather than by a fixed relative path.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_RELATIVE_DIR = join('crm-packages', 'salesforce');

export function defaultPackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, PACKAGE_RELATIVE_DIR);
    if (existsSync(join(candidate, 'sfdx-project.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${PACKAGE_RELATIVE_DIR}/sfdx-project.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
