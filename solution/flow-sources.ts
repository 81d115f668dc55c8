import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../scripts/connector-validate/json-values.js';
import type { Crm } from './documented-flows.js';

// Reads flows/<crm>/: the manifest and every flow file it names. Shapes are checked by the flow
// checks, so this only parses and keeps what the packer needs.

export interface ManifestFlow {
  readonly order: number;
  readonly name: string;
  readonly file: string;
  readonly description: string;
}

export interface FlowManifest {
  readonly crm: Crm;
  readonly solution: { readonly uniqueName: string; readonly displayName: string; readonly description: string };
  readonly flows: readonly ManifestFlow[];
}

export interface FlowSource {
  readonly entry: ManifestFlow;
  /** The flow file's parsed JSON: { properties: { connectionReferences, definition, ... }, schemaVersion }. */
  readonly document: unknown;
}

export interface SolutionFlows {
  readonly folder: string;
  readonly manifest: FlowManifest;
  readonly flows: readonly FlowSource[];
  /** Every *.json in the folder except manifest.json, sorted. */
  readonly filesInFolder: readonly string[];
}

export class FlowSourceError extends Error {
  override readonly name = 'FlowSourceError';
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new FlowSourceError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new FlowSourceError(`${where} must be a non-empty string`);
  return value;
}

export function parseManifest(value: unknown, where: string): FlowManifest {
  if (!isRecord(value)) throw new FlowSourceError(`${where} must be an object`);
  const crm = value['crm'];
  if (crm !== 'salesforce' && crm !== 'dynamics365') throw new FlowSourceError(`${where}.crm must be salesforce or dynamics365`);
  const solution = value['solution'];
  if (!isRecord(solution)) throw new FlowSourceError(`${where}.solution must be an object`);
  const flows = value['flows'];
  if (!Array.isArray(flows)) throw new FlowSourceError(`${where}.flows must be an array`);
  return {
    crm,
    solution: {
      uniqueName: text(solution['uniqueName'], `${where}.solution.uniqueName`),
      displayName: text(solution['displayName'], `${where}.solution.displayName`),
      description: text(solution['description'], `${where}.solution.description`),
    },
    flows: flows.map((f: unknown, i) => {
      const at = `${where}.flows[${i}]`;
      if (!isRecord(f)) throw new FlowSourceError(`${at} must be an object`);
      const order = f['order'];
      if (typeof order !== 'number' || !Number.isInteger(order)) throw new FlowSourceError(`${at}.order must be an integer`);
      return { order, name: text(f['name'], `${at}.name`), file: text(f['file'], `${at}.file`), description: text(f['description'], `${at}.description`) };
    }),
  };
}

export function loadSolutionFlows(flowsRoot: string, crm: Crm): SolutionFlows {
  const folder = join(flowsRoot, crm);
  const manifestPath = join(folder, 'manifest.json');
  const manifest = parseManifest(readJson(manifestPath), manifestPath);
  const flows = manifest.flows.map((entry) => {
    const path = join(folder, entry.file);
    if (!existsSync(path)) throw new FlowSourceError(`${manifestPath}: flow file ${entry.file} does not exist`);
    return { entry, document: readJson(path) };
  });
  const filesInFolder = readdirSync(folder).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort();
  return { folder, manifest, flows, filesInFolder };
}
