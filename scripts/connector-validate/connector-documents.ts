import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Finding } from './finding.js';
import { parseJsonc } from './jsonc.js';

/** The three files of a custom connector folder, parsed. */
export interface ConnectorDocuments {
  readonly swagger: unknown;
  /** Size of apiDefinition.swagger.json on disk, in bytes (the 1 MB limit). */
  readonly swaggerByteLength: number;
  readonly apiProperties: unknown;
  readonly readme: string;
}

/** The PowerPlatformConnectors JSON Schemas, parsed. */
export interface ConnectorSchemas {
  readonly swaggerSchema: unknown;
  readonly apiPropertiesSchema: unknown;
}

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly findings: Finding[] };

function fileFinding(file: Finding['file'], message: string): Finding {
  return { rule: 'ConnectorFileUnreadable', file, path: '$', message };
}

/** Reads apiDefinition.swagger.json, apiProperties.json and readme.md from a connector folder. */
export function loadConnector(folder: string): Loaded<ConnectorDocuments> {
  const findings: Finding[] = [];
  const read = (file: Finding['file']): Buffer | undefined => {
    const path = join(folder, file);
    if (!existsSync(path)) {
      findings.push(fileFinding(file, `${path} does not exist`));
      return undefined;
    }
    return readFileSync(path);
  };
  const json = (file: Finding['file'], bytes: Buffer | undefined): unknown => {
    if (bytes === undefined) return undefined;
    try {
      // Strict JSON: the connector files are uploaded as they are, comments would break the import.
      return JSON.parse(bytes.toString('utf8')) as unknown;
    } catch (error) {
      findings.push(fileFinding(file, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`));
      return undefined;
    }
  };
  const swaggerBytes = read('apiDefinition.swagger.json');
  const swagger = json('apiDefinition.swagger.json', swaggerBytes);
  const apiProperties = json('apiProperties.json', read('apiProperties.json'));
  const readme = read('readme.md')?.toString('utf8');
  if (findings.length > 0 || swaggerBytes === undefined || readme === undefined) return { ok: false, findings };
  return { ok: true, value: { swagger, swaggerByteLength: swaggerBytes.length, apiProperties, readme } };
}

/** A JSON Schema folder or file that is not there: a setup problem, reported without a stack trace. */
export class SchemaFolderError extends Error {
  override readonly name = 'SchemaFolderError';
}

/** The workplace's shared folder sits beside the repository in every checkout and in CI. */
export function defaultSchemaFolder(repositoryRoot: string): string {
  return resolve(repositoryRoot, '..', 'shared', 'schemas');
}

/** Reads the two JSON Schemas (JSONC: they carry // comments) from a folder. */
export function loadSchemas(folder: string): ConnectorSchemas {
  if (!existsSync(folder)) {
    throw new SchemaFolderError(`JSON Schema folder ${folder} does not exist: expected the shared schemas beside the repository, or pass --schemas <folder>`);
  }
  const read = (name: string): unknown => {
    const path = join(folder, name);
    if (!existsSync(path)) throw new SchemaFolderError(`JSON Schema ${path} does not exist`);
    return parseJsonc(readFileSync(path, 'utf8'));
  };
  return {
    swaggerSchema: read('apiDefinition.swagger.schema.json'),
    apiPropertiesSchema: read('paconn-apiProperties.schema.json'),
  };
}

/** The nearest folder at or above start that holds package.json: the repository root, from src or dist alike. */
export function findRepositoryRoot(start: string): string {
  let folder = start;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json at or above ${start}`);
    folder = parent;
  }
  return folder;
}
