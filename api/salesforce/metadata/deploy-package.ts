/**
 * Deploys the package through the Metadata API CRUD calls (`conn.metadata.upsert`): idempotent, no
 * zip, at most 10 components a call (the API's limit). Objects go before their fields and the
 * permission set last, because it names the fields. Each result is checked; the first failing call
 * stops the deploy with an error that names every failed component and Salesforce's message.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { DEPLOY_ORDER, sortForDeploy, type ComponentType, type PackageComponent } from './package-components.js';
import { readSourcePackage } from './read-source-package.js';

export const MAX_COMPONENTS_PER_CALL = 10;

export type ComponentOutcome = 'created' | 'updated' | 'failed';

export interface ComponentReport {
  type: ComponentType;
  fullName: string;
  outcome: ComponentOutcome;
  /** Salesforce's status code and message when the component failed. */
  error?: string;
}

export interface DeployOptions {
  /** Defaults to the repository's `crm-packages/salesforce`. */
  packageDir?: string;
  /** Already-read components (tests, or a caller that read the package once). */
  components?: readonly PackageComponent[];
  /** At most 10. */
  componentsPerCall?: number;
  /** Called once per component as its result arrives (the command prints a line). */
  onComponent?: (report: ComponentReport) => void;
}

export class SalesforceDeployError extends Error {
  constructor(message: string, readonly report: ComponentReport[]) {
    super(message);
    this.name = 'SalesforceDeployError';
  }
}

/** The part of jsforce's Connection the deploy uses. */
export type MetadataConnection = Pick<Connection, 'metadata'>;

interface UpsertResultLike { fullName?: unknown; success?: unknown; created?: unknown; errors?: unknown }

export async function deploySalesforcePackage(conn: MetadataConnection, options: DeployOptions = {}): Promise<ComponentReport[]> {
  const components = sortForDeploy(options.components ?? await readSourcePackage(options.packageDir));
  const perCall = Math.min(Math.max(1, options.componentsPerCall ?? MAX_COMPONENTS_PER_CALL), MAX_COMPONENTS_PER_CALL);
  const report: ComponentReport[] = [];
  for (const type of DEPLOY_ORDER) {
    const ofType = components.filter((c) => c.type === type);
    for (let at = 0; at < ofType.length; at += perCall) {
      const chunk = ofType.slice(at, at + perCall);
      const results = await upsertChunk(conn, type, chunk, report);
      const failed: ComponentReport[] = [];
      chunk.forEach((component, i) => {
        const item = toReport(component, results[i]);
        report.push(item);
        options.onComponent?.(item);
        if (item.outcome === 'failed') failed.push(item);
      });
      if (failed.length > 0) {
        throw new SalesforceDeployError(`Salesforce refused ${failed.map((f) => `${f.type} ${f.fullName} (${f.error ?? 'no reason given'})`).join('; ')}`, report);
      }
    }
  }
  return report;
}

async function upsertChunk(conn: MetadataConnection, type: ComponentType, chunk: PackageComponent[], report: ComponentReport[]): Promise<UpsertResultLike[]> {
  try {
    const results: unknown = await conn.metadata.upsert(type, chunk.map((c) => c.metadata));
    return Array.isArray(results) ? results as UpsertResultLike[] : [results as UpsertResultLike];
  } catch (error) {
    const names = chunk.map((c) => `${type} ${c.fullName}`).join(', ');
    throw new SalesforceDeployError(`Deploying ${names} failed: ${redactSessionIds(messageOf(error))}`, report);
  }
}

function toReport(component: PackageComponent, result: UpsertResultLike | undefined): ComponentReport {
  const base = { type: component.type, fullName: component.fullName };
  if (!result) return { ...base, outcome: 'failed', error: 'Salesforce returned no result for this component' };
  if (String(result.success) === 'true') return { ...base, outcome: String(result.created) === 'true' ? 'created' : 'updated' };
  return { ...base, outcome: 'failed', error: errorsOf(result.errors) };
}

/** jsforce gives `errors` as a list, or a single object when the XML held one. */
function errorsOf(errors: unknown): string {
  const list = Array.isArray(errors) ? errors : errors === undefined || errors === null ? [] : [errors];
  const parts = list.map((e) => {
    const { statusCode, message } = (e ?? {}) as { statusCode?: unknown; message?: unknown };
    return [statusCode, message].filter((p) => typeof p === 'string' && p !== '').join(': ');
  }).filter((p) => p !== '');
  return parts.length > 0 ? parts.join('; ') : 'no reason given';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** Salesforce session ids (`00D…!…`) can appear in echoed requests; never let one reach a log. */
export function redactSessionIds(text: string): string {
  return text.replace(/00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, '[redacted session]');
}
