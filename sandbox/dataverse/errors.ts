/**
 * Dataverse's error body, `{"error":{"code","message"}}` (crm-apis.md §4.5). The code is a hex
 * HRESULT and, as the docs warn, unrelated to the HTTP status. Codes the reference shows empty are
 * left empty.
 */
export interface DataverseErrorBody { error: { code: string; message: string } }

export class DataverseError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'DataverseError';
  }

  toBody(): DataverseErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const CODES = {
  objectDoesNotExist: '0x80040217',
  invalidArgument: '0x80040203',
  validation: '0x80044331',
  optionOutOfRange: '0x8004431a',
  invalidStateStatus: '0x80048408',
  odataBadRequest: '0x80060888',
  resourceNotFound: '0x8006088a',
  concurrencyVersionMismatch: '0x80060882',
  duplicateKey: '0x80060892',
  notMemberOfOrganization: '0x80072560',
  requestsExceeded: '0x80072322',
  unexpected: '0x80040216',
} as const;

const typeName = (entity: string) => `Microsoft.Dynamics.CRM.${entity}`;

export const badRequest = (message: string, code: string = CODES.odataBadRequest): DataverseError => new DataverseError(400, code, message);

export const recordNotFound = (entity: string, id: string): DataverseError =>
  new DataverseError(404, CODES.objectDoesNotExist, `${entity} With Id = ${id} Does Not Exist`);

export const keyNotFound = (entity: string): DataverseError =>
  new DataverseError(404, CODES.objectDoesNotExist, `A record with the specified key values does not exist in ${entity} entity`);

/** Upsert with `If-Match: *` on a missing record: the reference shows an empty code. */
export const conditionalNotFound = (entity: string, id: string): DataverseError =>
  new DataverseError(404, '', `${entity} With Id = ${id} Does Not Exist`);

/** Upsert with `If-None-Match: *` on an existing record. */
export const recordExists = (): DataverseError => new DataverseError(412, '', 'A record with matching key values already exists.');

export const versionMismatch = (): DataverseError =>
  new DataverseError(412, CODES.concurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");

export const duplicateAlternateKey = (displayNames: string[], keyName: string): DataverseError =>
  new DataverseError(412, CODES.duplicateKey,
    `A record that has the attribute values ${displayNames.join(', ')} already exists. The entity key ${keyName} requires that this set of attributes contains unique values. Select unique values and try again.`);

export const resourceNotFound = (segment: string): DataverseError =>
  new DataverseError(404, CODES.resourceNotFound, `Resource not found for the segment '${segment}'.`);

export const unknownProperty = (entity: string, property: string): DataverseError =>
  badRequest(`Could not find a property named '${property}' on type '${typeName(entity)}'.`);

export const undeclaredProperty = (entity: string, property: string): DataverseError =>
  badRequest(`The property '${property}' does not exist on type '${typeName(entity)}'. Make sure to only use property names that are defined by the type.`);

export const invalidKey = (entity: string): DataverseError =>
  badRequest(`The key in the request URI is not valid for resource '${typeName(entity)}'. Make sure both the key name and value are valid.`);

export const literalMismatch = (literal: string, edmType: string): DataverseError =>
  badRequest(`Cannot convert the literal '${literal}' to the expected type '${edmType}'.`);

export const unexpectedError = (): DataverseError => new DataverseError(500, CODES.unexpected, 'An unexpected error occurred.');
