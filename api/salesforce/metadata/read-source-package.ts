/**
 * Reads a Salesforce DX source-format project (`sfdx-project.json` + its package directories) into
 * Metadata API components. Full names come from the paths, as the Salesforce CLI derives them:
 * `objects/Opportunity/fields/Audit__c.field-meta.xml` → CustomField `Opportunity.Audit__c`.
 * Any other `-meta.xml` file is refused, so nothing in the package is silently left undeployed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { sortForDeploy, type ComponentType, type PackageComponent } from './package-components.js';
import { PackageFileError, parseMetadataFile } from './parse-metadata-file.js';
import { defaultPackageDir } from './package-location.js';

const SUFFIXES: ReadonlyArray<{ suffix: string; type: ComponentType }> = [
  { suffix: '.object-meta.xml', type: 'CustomObject' },
  { suffix: '.field-meta.xml', type: 'CustomField' },
  { suffix: '.permissionset-meta.xml', type: 'PermissionSet' },
];

interface SfdxProject { packageDirectories?: Array<{ path?: unknown }> }

/** The package's components in deploy order (objects, fields, permission sets). */
export async function readSourcePackage(packageDir: string = defaultPackageDir()): Promise<PackageComponent[]> {
  const components: PackageComponent[] = [];
  for (const dir of await packageDirectories(packageDir)) {
    for (const path of await metadataFiles(join(packageDir, dir))) {
      components.push(await readComponent(packageDir, path));
    }
  }
  const seen = new Set<string>();
  for (const c of components) {
    const key = `${c.type}:${c.fullName.toLowerCase()}`;
    if (seen.has(key)) throw new PackageFileError(c.file, `${c.type} ${c.fullName} is defined twice`);
    seen.add(key);
  }
  return sortForDeploy(components);
}

async function packageDirectories(packageDir: string): Promise<string[]> {
  const file = 'sfdx-project.json';
  let project: SfdxProject;
  try {
    project = JSON.parse(await readFile(join(packageDir, file), 'utf8')) as SfdxProject;
  } catch (error) {
    throw new PackageFileError(file, `cannot read the project file (${(error as Error).message})`);
  }
  const dirs = (project.packageDirectories ?? []).map((d) => d.path).filter((p): p is string => typeof p === 'string' && p !== '');
  if (dirs.length === 0) throw new PackageFileError(file, 'packageDirectories lists no path');
  return dirs;
}

async function metadataFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('-meta.xml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function readComponent(packageDir: string, path: string): Promise<PackageComponent> {
  const file = relative(packageDir, path).split(sep).join('/');
  const kind = SUFFIXES.find((s) => path.endsWith(s.suffix));
  if (!kind) throw new PackageFileError(file, 'unsupported metadata file (only custom objects, custom fields and permission sets are deployed)');
  const { rootType, elements } = parseMetadataFile(file, await readFile(path, 'utf8'));
  if (rootType !== kind.type) throw new PackageFileError(file, `the root element is <${rootType}>, expected <${kind.type}>`);
  const name = basename(path, kind.suffix);
  const fullName = kind.type === 'CustomField' ? `${fieldObject(file, path)}.${name}` : name;
  const { fullName: declared, ...rest } = elements;
  if (declared !== undefined && declared !== name && declared !== fullName) {
    const shown = typeof declared === 'string' ? declared : '(not text)';
    throw new PackageFileError(file, `<fullName>${shown}</fullName> does not match the file name ${name}`);
  }
  return { type: kind.type, fullName, metadata: { fullName, ...rest }, file };
}

/** `…/objects/<Object>/fields/<Field>.field-meta.xml` → `<Object>`. */
function fieldObject(file: string, path: string): string {
  const fieldsDir = dirname(path);
  if (basename(fieldsDir) !== 'fields') throw new PackageFileError(file, 'a field file must sit in objects/<Object>/fields/');
  return basename(dirname(fieldsDir));
}
