/**
 * Rules the platform applies to particular tables on Create and Update:
 * - an opportunity is closed only by WinOpportunity/LoseOpportunity, never by setting statecode
 *   Won or Lost in an update (crm-apis.md §4.6; the message is the one Dataverse gives for SetState);
 * - "Qualified and disqualified leads are read-only": a closed lead takes no change except being
 *   reopened (statecode 0);
 * - a cloud flow's `clientdata` is its JSON definition (power-platform-formats.md §3.5), and it is
 *   turned on only when its connection references have connections (workflow-activation.ts).
 */
import { badRequest, CODES, DataverseError } from '../errors.js';
import type { EntityDefinition } from '../schema/types.js';
import type { RecordStore } from '../store/record-store.js';
import type { StoredRecord } from '../store/types.js';
import { checkWorkflowActivation } from './workflow-activation.js';

const CLOSING_STATES: Record<number, { name: string; message: string }> = {
  1: { name: 'Won', message: 'WinOpportunityRequest' },
  2: { name: 'Lost', message: 'LoseOpportunityRequest' },
};

export function checkWriteRules(entity: EntityDefinition, values: StoredRecord): void {
  if (entity.logicalName === 'workflow') checkClientData(values);
}

export function checkUpdateRules(entity: EntityDefinition, current: StoredRecord, values: StoredRecord, store: RecordStore): void {
  checkWriteRules(entity, values);
  if (entity.logicalName === 'workflow') checkWorkflowActivation(store, current, values);
  if (entity.logicalName === 'opportunity' && typeof values.statecode === 'number') {
    const closing = CLOSING_STATES[values.statecode];
    if (closing) {
      throw new DataverseError(400, CODES.invalidArgument,
        `This message can not be used to set the state of opportunity to ${closing.name}. In order to set the state of opportunity to ${closing.name}, use the ${closing.message} message instead.`);
    }
  }
  if (entity.logicalName === 'lead' && current.statecode !== 0 && values.statecode !== 0) {
    const state = current.statecode === 1 ? 'qualified' : 'disqualified';
    const changes = Object.keys(values).filter((k) => k !== 'statecode' && k !== 'statuscode');
    if (changes.length > 0 || 'statecode' in values || 'statuscode' in values) {
      throw new DataverseError(400, CODES.invalidArgument, `The lead is ${state} and therefore read-only; reactivate it (statecode 0) before changing it.`);
    }
  }
}

function checkClientData(values: StoredRecord): void {
  const clientdata = values.clientdata;
  if (typeof clientdata !== 'string') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(clientdata);
  } catch {
    throw badRequest('clientdata is not valid JSON.', CODES.invalidArgument);
  }
  const properties = (parsed as { properties?: { definition?: unknown } } | null)?.properties;
  if (typeof properties?.definition !== 'object' || properties.definition === null) {
    throw badRequest("clientdata must hold the flow as {\"properties\":{\"definition\":{…},\"connectionReferences\":{…}},\"schemaVersion\":\"1.0.0.0\"}.", CODES.invalidArgument);
  }
}
