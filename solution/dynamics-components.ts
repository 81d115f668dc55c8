import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';

// The Dynamics 365 solution also carries the co-sell columns and the Microsoft Partner Center
// Solutions table, kept in crm-packages/dynamics365/. Read from a packed-form Customizations.xml
// (its <Entities>, <optionsets> and <EntityRelationships> sections, copied verbatim) and, when
// present, a Solution.xml whose RootComponents other than flows and connectors are kept. Without
// a Customizations.xml the solution is built without them and the packer says so.

export interface RootComponentSpec {
  readonly type: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface CrmComponents {
  readonly source: string;
  readonly entities: string | undefined;
  readonly optionSets: string | undefined;
  readonly relationships: string | undefined;
  readonly rootComponents: readonly RootComponentSpec[];
}

export class CrmComponentsError extends Error {
  override readonly name = 'CrmComponentsError';
}

function findFile(folder: string, pattern: RegExp): string | undefined {
  if (!existsSync(folder)) return undefined;
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      const found = findFile(path, pattern);
      if (found) return found;
    } else if (pattern.test(name)) return path;
  }
  return undefined;
}

function section(xml: string, element: string): string | undefined {
  const m = new RegExp(`<${element}(?:\\s[^>]*)?>([\\s\\S]*?)</${element}>`).exec(xml);
  const inner = m?.[1]?.trim();
  return inner ? inner : undefined;
}

function readXml(path: string, root: string): string {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new CrmComponentsError(`${relative(root, path)} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  return text;
}

function rootComponents(solutionXml: string): RootComponentSpec[] {
  const out: RootComponentSpec[] = [];
  for (const m of solutionXml.matchAll(/<RootComponent\s([^>]*?)\/?>/g)) {
    const attributes: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([A-Za-z.]+)="([^"]*)"/g)) attributes[a[1] as string] = a[2] as string;
    const type = attributes['type'];
    if (type === undefined || type === '29' || type === '372') continue;
    out.push({ type, attributes });
  }
  return out;
}

export function loadCrmComponents(folder: string): CrmComponents | undefined {
  const customizationsPath = findFile(folder, /^customizations\.xml$/i);
  if (!customizationsPath) return undefined;
  const customizations = readXml(customizationsPath, folder);
  const solutionPath = findFile(folder, /^solution\.xml$/i);
  const roots = solutionPath ? rootComponents(readXml(solutionPath, folder)) : [];
  const entities = section(customizations, 'Entities');
  // Without a Solution.xml, each custom table is a root component by its logical name.
  const derived = roots.length > 0 ? roots : [...(entities ?? '').matchAll(/<Entity>\s*<Name[^>]*>([^<]+)<\/Name>/g)]
    .map((m) => ({ type: '1', attributes: { type: '1', schemaName: (m[1] as string).trim(), behavior: '0' } }));
  return {
    source: relative(folder, customizationsPath),
    entities,
    optionSets: section(customizations, 'optionsets'),
    relationships: section(customizations, 'EntityRelationships'),
    rootComponents: derived,
  };
}
