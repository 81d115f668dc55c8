/** Valid statecode/statuscode pairs, from each table's status column (crm-apis.md §4.6). */
import { CODES, DataverseError } from '../errors.js';
import type { EntityDefinition } from '../schema/types.js';

function statusColumn(entity: EntityDefinition) {
  const status = entity.attributes.find((a) => a.logicalName === 'statuscode');
  return status?.type === 'status' ? status : undefined;
}

function stateLabel(entity: EntityDefinition, state: number): string {
  const column = entity.attributes.find((a) => a.logicalName === 'statecode');
  const label = column?.type === 'state' ? column.options.find((o) => o.value === state)?.label : undefined;
  return label ?? String(state);
}

export function hasState(entity: EntityDefinition): boolean {
  return statusColumn(entity) !== undefined;
}

/** The first status reason listed for the state is its default. */
export function defaultStatus(entity: EntityDefinition, state: number): number | undefined {
  return statusColumn(entity)?.options.find((o) => o.state === state)?.value;
}

export function isValidState(entity: EntityDefinition, state: number): boolean {
  return statusColumn(entity)?.options.some((o) => o.state === state) ?? false;
}

/** The message Dataverse gives, e.g. "2 is not a valid status code for state code AccountState.Active on account with Id …". */
export function checkStatePair(entity: EntityDefinition, id: string, state: number, status: number): void {
  const option = statusColumn(entity)?.options.find((o) => o.value === status);
  if (option?.state === state) return;
  const stateName = `${entity.displayName.replace(/\s+/g, '')}State.${stateLabel(entity, state).replace(/\s+/g, '')}`;
  throw new DataverseError(400, CODES.invalidStateStatus, `${status} is not a valid status code for state code ${stateName} on ${entity.logicalName} with Id ${id}.`);
}
