/**
 * Dataverse's answers in domain terms. Errors arrive as `{"error":{"code","message"}}` where `code` is
 * "not related to the http status code and frequently empty" (crm-apis.md §4.5), so the status decides
 * first and the message adds the attribute name or the duplicate. Messages built here carry Dataverse's
 * own text and codes, never tokens, URLs or query text.
 */
import { CrmConfigurationError, CrmRecordError, type CrmErrorCode } from '../domain/crm.js';

export interface DataverseError { code: string; message: string }

/** The error member of a Web API error body; a body that is not one gives an empty code and a generic message. */
export function errorOf(status: number, text: string): DataverseError {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : '';
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : `HTTP ${status}`;
    return { code, message };
  } catch {
    return { code: '', message: `HTTP ${status}` };
  }
}

/** Duplicate key (412 DuplicateRecord on an upsert with If-None-Match, or a unique index on create). */
const DUPLICATE = /matching key values already exists|duplicate|0x80040237|0x80060892/i;

/** The CRM's refusal of one record (one request or one `$batch` part). */
export function recordError(status: number, error: DataverseError): CrmRecordError {
  return new CrmRecordError(recordCode(status, error), describe(status, error), attributesNamed(error.message), error.code || `HTTP_${status}`);
}

function recordCode(status: number, error: DataverseError): CrmErrorCode {
  if (DUPLICATE.test(error.message) || DUPLICATE.test(error.code)) return 'duplicate';
  if (status === 404 || /does not exist/i.test(error.message)) return 'not-found';
  if (status === 403) return 'forbidden';
  return 'invalid';
}

/** A read or a call that names something the environment lacks (a table, a column), or refuses the query. */
export function callError(status: number, error: DataverseError, what: string): Error {
  if (status === 403) return new CrmConfigurationError(`Dataverse refused the integration user while ${what}: ${describe(status, error)}`);
  const missing = attributesNamed(error.message);
  const segment = /segment '([^']+)'/.exec(error.message)?.[1];
  if (status === 404 && segment !== undefined) return new CrmConfigurationError(`Dataverse has no resource ${segment} (while ${what}).`, [segment]);
  if (status === 400 && missing.length > 0 && /property|attribute|column/i.test(error.message)) {
    return new CrmConfigurationError(`Dataverse does not know a column used while ${what}: ${describe(status, error)}`, missing);
  }
  return recordError(status, error);
}

function describe(status: number, error: DataverseError): string {
  return `${error.code ? `${error.code} ` : ''}(HTTP ${status}) ${error.message}`;
}

/**
 * Attribute names quoted in Dataverse's messages, as the engine spells them: `The length of the
 * 'subject' attribute…`, `Could not find a property named 'foo'…`, `Invalid property 'x'…`; lookup
 * spellings (`_parentaccountid_value`, `parentaccountid@odata.bind`) become the plain column.
 */
export function attributesNamed(message: string): string[] {
  const patterns = [
    /'([A-Za-z0-9_@.]+)' attribute/g,
    /attribute '([A-Za-z0-9_@.]+)'/g,
    /property (?:named )?'([A-Za-z0-9_@.]+)'/gi,
  ];
  const names = new Set<string>();
  for (const pattern of patterns) for (const m of message.matchAll(pattern)) names.add(plainColumn(m[1]!));
  return [...names];
}

export function plainColumn(name: string): string {
  return name.replace(/@odata\.bind$/, '').replace(/^_(.+)_value$/, '$1');
}
