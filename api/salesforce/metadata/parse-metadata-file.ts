/**
 * One source-format file (`*.field-meta.xml`, `*.object-meta.xml`, `*.permissionset-meta.xml`) →
 * its root type and element tree. Well-formedness is checked first so a broken file is reported with
 * its line; the root must be in the Metadata API namespace. Values stay strings, exactly as written.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MetadataRecord, MetadataValue } from './package-components.js';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

export class PackageFileError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'PackageFileError';
  }
}

/** Elements that are lists even when a file holds one of them. */
const LIST_PATHS = new Set([
  'CustomField.valueSet.valueSetDefinition.value',
  'PermissionSet.fieldPermissions',
  'PermissionSet.objectPermissions',
]);

const ATTRIBUTE = '@_';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  ignoreDeclaration: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  jPath: true,
  isArray: (_name, jPath, _isLeaf, isAttribute) => !isAttribute && LIST_PATHS.has(String(jPath)),
});

export interface ParsedMetadataFile { rootType: string; elements: MetadataRecord }

export function parseMetadataFile(file: string, xml: string): ParsedMetadataFile {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new PackageFileError(file, `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const document = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.keys(document);
  const rootType = roots[0];
  if (roots.length !== 1 || rootType === undefined) throw new PackageFileError(file, 'expected exactly one root element');
  const root = document[rootType];
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw new PackageFileError(file, `<${rootType}> has no elements`);
  const { [`${ATTRIBUTE}xmlns`]: namespace, ...content } = root as Record<string, unknown>;
  if (namespace !== METADATA_NAMESPACE) throw new PackageFileError(file, `<${rootType}> must declare xmlns="${METADATA_NAMESPACE}"`);
  return { rootType, elements: toRecord(file, rootType, content) };
}

function toRecord(file: string, path: string, value: Record<string, unknown>): MetadataRecord {
  const out: MetadataRecord = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith(ATTRIBUTE)) throw new PackageFileError(file, `unexpected attribute ${key.slice(ATTRIBUTE.length)} on <${path}>`);
    if (key === '#text') throw new PackageFileError(file, `<${path}> mixes text and elements`);
    out[key] = toValue(file, `${path}.${key}`, child);
  }
  return out;
}

function toValue(file: string, path: string, value: unknown): MetadataValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => toValue(file, path, v));
  if (value !== null && typeof value === 'object') return toRecord(file, path, value as Record<string, unknown>);
  throw new PackageFileError(file, `unexpected value in <${path}>`);
}
