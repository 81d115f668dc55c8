/**
 * Turning a cloud flow on (a `workflow` row of category 5 set to statecode 1, power-platform-formats.md
 * §3.5 and Microsoft's "Work with cloud flows using code"). Dataverse hands the definition to the flow
 * service, which resolves every connection reference in `clientdata` to its connection. A reference
 * without one refuses the activation; the text is the one Dataverse relays from the flow service
 * (seen in microsoft/coe-starter-kit#3535 and microsoft/powerapps-tools#570):
 *
 *   Flow client error returned with status code "BadRequest" and details "{"error":{"code":
 *   "XrmConnectionReferenceMissingConnection","message":"Connection Id missing for connection
 *   reference logical name 'admin_CDSCoEConnection'."}}".
 *
 * The HTTP status is 400; the Web API's hex code for it is unconfirmed (0x80040203, as for the
 * emulator's other refused writes).
 */
import { CODES, DataverseError } from '../errors.js';
import type { RecordStore } from '../store/record-store.js';
import { checkStatePair } from '../store/state-rules.js';
import type { StoredRecord } from '../store/types.js';

const MODERN_FLOW = 5;
const ACTIVATED = 1;

/** Refuses an update that turns a cloud flow on while one of its connection references has no connection. */
export function checkWorkflowActivation(store: RecordStore, current: StoredRecord, values: StoredRecord): void {
  const category = 'category' in values ? values.category : current.category;
  if (category !== MODERN_FLOW || values.statecode !== ACTIVATED) return;
  // An impossible state pair is refused before the flow service is asked.
  const workflow = store.catalog.entity('workflow');
  if (workflow && typeof values.statuscode === 'number') checkStatePair(workflow, current.workflowid as string, ACTIVATED, values.statuscode);
  const clientdata = 'clientdata' in values ? values.clientdata : current.clientdata;
  for (const logicalName of referencedLogicalNames(clientdata)) {
    if (!isBound(store, logicalName)) throw missingConnection(logicalName);
  }
}

/** `connectionReferenceLogicalName` of every entry in `properties.connectionReferences`, in order. */
export function referencedLogicalNames(clientdata: unknown): string[] {
  if (typeof clientdata !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(clientdata);
  } catch {
    return [];
  }
  const references = (parsed as { properties?: { connectionReferences?: unknown } } | null)?.properties?.connectionReferences;
  if (references === null || typeof references !== 'object') return [];
  const names: string[] = [];
  for (const entry of Object.values(references as Record<string, unknown>)) {
    const name = (entry as { connection?: { connectionReferenceLogicalName?: unknown } } | null)?.connection?.connectionReferenceLogicalName;
    // An entry with only `connection.name` is bound to a connection directly (flows outside solutions).
    if (typeof name === 'string' && name !== '') names.push(name);
  }
  return names;
}

function isBound(store: RecordStore, logicalName: string): boolean {
  const wanted = logicalName.toLowerCase();
  for (const row of store.rows('connectionreference')) {
    const name = row.connectionreferencelogicalname;
    if (typeof name === 'string' && name.toLowerCase() === wanted && typeof row.connectionid === 'string' && row.connectionid.trim() !== '') return true;
  }
  return false;
}

function missingConnection(logicalName: string): DataverseError {
  const details = JSON.stringify({ error: { code: 'XrmConnectionReferenceMissingConnection', message: `Connection Id missing for connection reference logical name '${logicalName}'.` } });
  return new DataverseError(400, CODES.invalidArgument, `Flow client error returned with status code "BadRequest" and details "${details}".`);
}
