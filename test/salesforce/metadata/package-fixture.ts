/** The package under test, and disposable copies of it for tests that break a file. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/test/salesforce/metadata → the repository root. */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const packageDir = join(repositoryRoot, 'crm-packages', 'salesforce');
export const sourceDir = join(packageDir, 'force-app', 'main', 'default');
export const deployCommand = join(repositoryRoot, 'dist', 'api', 'salesforce', 'metadata', 'deploy-command.js');

export const FIELD_FILE = 'force-app/main/default/objects/Opportunity/fields';

export interface PackageCopy {
  dir: string;
  read(relative: string): string;
  write(relative: string, content: string): void;
  remove(): void;
}

export function copyPackage(): PackageCopy {
  const dir = join(mkdtempSync(join(tmpdir(), 'sf-package-')), 'salesforce');
  cpSync(packageDir, dir, { recursive: true });
  return {
    dir,
    read: (relative) => readFileSync(join(dir, relative), 'utf8'),
    write: (relative, content) => { writeFileSync(join(dir, relative), content); },
    remove: () => { rmSync(dirname(dir), { recursive: true, force: true }); },
  };
}
