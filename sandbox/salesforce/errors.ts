/**
 * Salesforce's error shapes. REST answers an array `[{message, errorCode, fields?}]`; a collection
 * item carries `{statusCode, message, fields}` inside its SaveResult; SOAP answers a fault.
 */
export interface RestErrorBody { message: string; errorCode: string; fields?: string[] }
export interface ItemError { statusCode: string; message: string; fields: string[] }

export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = errorCode;
  }

  toBody(): RestErrorBody[] {
    const body: RestErrorBody = { message: this.message, errorCode: this.errorCode };
    if (this.fields !== undefined) body.fields = this.fields;
    return [body];
  }

  toItemError(): ItemError {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields ?? [] };
  }
}

export const notFound = (message = 'The requested resource does not exist'): SalesforceError =>
  new SalesforceError(404, 'NOT_FOUND', message);

export const invalidSession = (): SalesforceError =>
  new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export const entityIsDeleted = (): SalesforceError =>
  new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);

export const invalidType = (type: string): SalesforceError =>
  new SalesforceError(404, 'NOT_FOUND', `The requested resource does not exist`, [type]);

export const jsonParserError = (message: string): SalesforceError =>
  new SalesforceError(400, 'JSON_PARSER_ERROR', message);

export const unknownException = (): SalesforceError =>
  new SalesforceError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 0000000000-00000 (0000000000)');
