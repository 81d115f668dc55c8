/**
 * Salesforce's answers in domain terms. jsforce throws REST errors with `errorCode` (= `name`) and
 * `data`, OAuth errors with `name` = the OAuth error, and node-fetch errors with a system `code`;
 * collection items carry `{statusCode, message, fields}` instead. Messages built here carry codes and
 * Salesforce's own record messages, never tokens, secrets, URLs or SOQL text.
 */
import { CrmConfigurationError, CrmRecordError, CrmUnavailableError, type CrmErrorCode } from '../domain/crm.js';

/** What the last HTTP response of a failed attempt said, seen by the transport hook. */
export interface ResponseSeen { status?: number; retryAfterMs?: number }

export type Failure =
  /** Try again later. `safeToRepeat`: the request was certainly not applied (refused before processing). */
  | { kind: 'transient'; code: string; safeToRepeat: boolean; retryAfterMs?: number }
  | { kind: 'auth'; code: string }
  /** The org lacks an object or field the call names. */
  | { kind: 'configuration'; code: string; missing: string[] }
  | { kind: 'record'; code: string; crmCode: CrmErrorCode; fields: string[] }
  | { kind: 'unknown' };

const RECORD_CODES: Readonly<Record<string, CrmErrorCode>> = {
  DUPLICATE_VALUE: 'duplicate',
  DUPLICATE_EXTERNAL_ID: 'duplicate',
  DUPLICATES_DETECTED: 'duplicate',
  ENTITY_IS_DELETED: 'not-found',
  NOT_FOUND: 'not-found',
  INVALID_ID_FIELD: 'not-found',
  MALFORMED_ID: 'not-found',
  ALL_OR_NONE_OPERATION_ROLLED_BACK: 'rolled-back',
  INSUFFICIENT_ACCESS: 'forbidden',
  INSUFFICIENT_ACCESS_OR_READONLY: 'forbidden',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'forbidden',
  CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY: 'forbidden',
  INSUFFICIENT_PRIVILEGES: 'forbidden',
};

const AUTH_CODES = new Set(['INVALID_SESSION_ID', 'INVALID_AUTH_HEADER', 'invalid_client', 'invalid_client_id', 'invalid_grant', 'unsupported_grant_type', 'invalid_request', 'inactive_user', 'inactive_org']);
/** Codes that mean "not processed, come back later". */
const REFUSED_CODES = new Set(['REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'EHOSTUNREACH']);
/** Codes after which a write may or may not have been applied. */
const UNCERTAIN_CODES = new Set(['UNKNOWN_EXCEPTION', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'request-timeout', 'AbortError']);
/** Whole-call errors that name an object or field the org does not have. */
const SCHEMA_CODES = new Set(['INVALID_FIELD', 'INVALID_TYPE', 'NOT_FOUND']);

export interface CollectionError { statusCode?: string; message?: string; fields?: string[] }

/** One failed item of an sObject Collections call. */
export function recordErrorOf(errors: CollectionError[] | undefined): CrmRecordError {
  const first = errors?.[0] ?? {};
  const code = first.statusCode ?? 'UNKNOWN_ERROR';
  return new CrmRecordError(RECORD_CODES[code] ?? 'invalid', `${code}: ${first.message ?? 'refused by Salesforce'}`, first.fields ?? [], code);
}

export function errorCodeOf(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as { errorCode?: unknown; name?: unknown; code?: unknown; type?: unknown };
  if (typeof e.errorCode === 'string') return e.errorCode;
  if (typeof e.code === 'string') return e.code;
  if (e.name === 'FetchError' && typeof e.type === 'string') return e.type;
  if (typeof e.name === 'string' && e.name !== 'Error' && e.name !== 'TypeError') return e.name;
  return undefined;
}

export function classify(err: unknown, seen: ResponseSeen = {}): Failure {
  const code = errorCodeOf(err) ?? (seen.status !== undefined ? `ERROR_HTTP_${seen.status}` : 'UNKNOWN_ERROR');
  const status = seen.status;
  const retryAfter = seen.retryAfterMs !== undefined ? { retryAfterMs: seen.retryAfterMs } : {};
  if (AUTH_CODES.has(code)) return { kind: 'auth', code };
  if (REFUSED_CODES.has(code) || status === 429 || status === 503) return { kind: 'transient', code, safeToRepeat: true, ...retryAfter };
  if (UNCERTAIN_CODES.has(code) || (status !== undefined && status >= 500) || /^ERROR_HTTP_5\d\d$/.test(code)) {
    return { kind: 'transient', code, safeToRepeat: false, ...retryAfter };
  }
  if (SCHEMA_CODES.has(code)) return { kind: 'configuration', code, missing: missingNames(err) };
  if (/^[A-Z][A-Z_]+$/.test(code)) return { kind: 'record', code, crmCode: RECORD_CODES[code] ?? 'invalid', fields: fieldsOf(err) };
  return { kind: 'unknown' };
}

/** The domain error for a failure the adapter will not (or no longer) retry. */
export function domainError(err: unknown, what: string, seen: ResponseSeen = {}): Error {
  const failure = classify(err, seen);
  switch (failure.kind) {
    case 'auth':
      return new CrmConfigurationError(`Salesforce refused the connector's credentials or session while ${what} (${failure.code}).`);
    case 'transient':
      return new CrmUnavailableError(`Salesforce was unavailable while ${what} (${failure.code}).`, failure.retryAfterMs);
    case 'configuration':
      return new CrmConfigurationError(`Salesforce does not know an object or field used while ${what} (${failure.code}): ${failure.missing.join(', ') || 'see the mapping'}.`, failure.missing);
    case 'record':
      return new CrmRecordError(failure.crmCode, `${failure.code}: ${salesforceMessage(err)}`, failure.fields, failure.code);
    case 'unknown':
      return err instanceof Error ? err : new Error(`Salesforce call failed while ${what}.`);
  }
}

function salesforceMessage(err: unknown): string {
  const data = (err as { data?: { message?: unknown } } | null)?.data;
  if (typeof data?.message === 'string') return data.message;
  return err instanceof Error ? err.message : 'refused by Salesforce';
}

function fieldsOf(err: unknown): string[] {
  const fields = (err as { data?: { fields?: unknown } } | null)?.data?.fields;
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
}

/** `No such column 'Nme' on entity 'Account'` → Account.Nme; `sObject type 'Foo__c' is not supported` → Foo__c. */
function missingNames(err: unknown): string[] {
  const message = err instanceof Error ? err.message : '';
  const column = /No such column '([\w.]+)' on entity '(\w+)'/.exec(message);
  if (column) return [`${column[2]}.${column[1]}`];
  const type = /sObject type '(\w+)' is not supported/.exec(message);
  if (type?.[1] !== undefined) return [type[1]];
  return fieldsOf(err);
}
