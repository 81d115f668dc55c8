/**
 * Converts a JSON value from a request body into the stored value of one field, with Salesforce's
 * error codes: JSON_PARSER_ERROR for the wrong JSON type, STRING_TOO_LONG, INVALID_EMAIL_ADDRESS,
 * INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST and MALFORMED_ID. References are checked by the store.
 */
import { formatDateTime, isValidDate, parseDateTime } from '../datetime.js';
import { SalesforceError } from '../errors.js';
import { normalizeId } from '../ids.js';
import type { FieldDef, FieldValue } from '../schema/types.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function coerceFieldValue(field: FieldDef, raw: unknown): FieldValue {
  if (raw === null || raw === '') return field.type === 'boolean' ? false : null;
  switch (field.type) {
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw parserError('boolean', raw);
    case 'currency': case 'double': case 'percent': case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n)) throw parserError(field.type === 'int' ? 'int' : 'double', raw);
      if (field.type === 'int' && !Number.isInteger(n)) throw parserError('int', raw);
      if (Math.abs(n) >= 10 ** (field.precision - field.scale)) {
        throw new SalesforceError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${String(n)}`, [field.name]);
      }
      return n;
    }
    case 'date':
      if (typeof raw !== 'string' || !isValidDate(raw)) throw parserError('date', raw);
      return raw;
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : undefined;
      if (ms === undefined) throw parserError('datetime', raw);
      return formatDateTime(ms);
    }
    case 'reference': case 'id': {
      if (typeof raw !== 'string') throw parserError('id', raw);
      const id = normalizeId(raw);
      if (id === undefined) throw new SalesforceError(400, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${raw}`, [field.name]);
      return id;
    }
    default:
      return coerceText(field, raw);
  }
}

function coerceText(field: FieldDef, raw: unknown): string {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') throw parserError('String', raw);
  const value = String(raw);
  if (field.length > 0 && value.length > field.length) {
    throw new SalesforceError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 40)} (max length=${field.length})`, [field.name]);
  }
  if (field.type === 'email' && !EMAIL.test(value)) {
    throw new SalesforceError(400, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`, [field.name]);
  }
  if (field.type === 'picklist' && field.restrictedPicklist && !field.picklistValues.some((p) => p.active && p.value === value)) {
    throw new SalesforceError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${value}`, [field.name]);
  }
  return value;
}

/** The deserializer's complaint when the JSON type does not fit the field (Salesforce answers this for the whole request). */
function parserError(javaType: string, raw: unknown): SalesforceError {
  const token = typeof raw === 'string' ? 'VALUE_STRING' : typeof raw === 'number' ? 'VALUE_NUMBER' : typeof raw === 'boolean' ? `VALUE_${String(raw).toUpperCase()}` : 'START_OBJECT';
  return new SalesforceError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${javaType} from ${token} value ${JSON.stringify(raw)} or request may be missing a required field`);
}
