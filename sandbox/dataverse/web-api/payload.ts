/**
 * Reads a create or update body into column values: plain properties by logical name, lookups only
 * through `<navigation>@odata.bind` (`"/accounts(<guid>)"`, an absolute URL, a `$n` Content-ID in a
 * change set, or null to clear). Values are checked against the column's type, length and range.
 */
import { badRequest, CODES, DataverseError, literalMismatch, recordNotFound, undeclaredProperty } from '../errors.js';
import { edmType } from '../odata/columns.js';
import type { EntityCatalog } from '../schema/catalog.js';
import type { AttributeDefinition, EntityDefinition } from '../schema/types.js';
import type { RecordStore } from '../store/record-store.js';
import type { StoredRecord, StoredValue } from '../store/types.js';
import { parseResourcePath, resolveRecordId } from './resource-path.js';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface PayloadContext { catalog: EntityCatalog; store: RecordStore; contentIds: ReadonlyMap<string, string> }
export interface ParsedPayload { values: StoredRecord; id?: string }

export function parseJsonBody(body: string | undefined): Record<string, unknown> {
  if (body === undefined || body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

export function readPayload(entity: EntityDefinition, body: Record<string, unknown>, ctx: PayloadContext): ParsedPayload {
  const values: StoredRecord = {};
  let id: string | undefined;
  for (const [key, raw] of Object.entries(body)) {
    if (key.endsWith('@odata.bind')) {
      const navigation = key.slice(0, -'@odata.bind'.length);
      const found = ctx.catalog.navigation(entity.logicalName, navigation);
      if (!found) throw undeclaredProperty(entity.logicalName, navigation);
      if (found.lookup.readOnly) throw readOnly(entity, found.lookup.logicalName);
      values[found.lookup.logicalName] = raw === null ? null : { id: bindTarget(raw, found.target, ctx), logicalName: found.target };
      continue;
    }
    if (key.startsWith('@') || key.includes('@')) continue; // instance annotations (@odata.etag, @odata.type…) carry no data
    const attribute = entity.attributes.find((a) => a.logicalName === key);
    if (!attribute) throw undeclaredProperty(entity.logicalName, key);
    if (attribute.type === 'lookup') {
      throw badRequest(`A 'PrimitiveValue' node with non-null value was found when trying to read the value of the navigation property '${key}'; set a lookup with '${key}@odata.bind'.`);
    }
    if (attribute.logicalName === entity.primaryIdAttribute) {
      id = coerce(entity, attribute, raw) as string;
      continue;
    }
    if (attribute.readOnly) throw readOnly(entity, key);
    values[key] = coerce(entity, attribute, raw);
  }
  return id === undefined ? { values } : { values, id };
}

function readOnly(entity: EntityDefinition, attribute: string): DataverseError {
  return new DataverseError(400, CODES.invalidArgument, `The '${attribute}' attribute of the '${entity.logicalName}' entity cannot be set: it is read-only.`);
}

/** The GUID an `@odata.bind` value points at, which must be an existing row of the lookup's target. */
function bindTarget(raw: unknown, target: string, ctx: PayloadContext): string {
  if (typeof raw !== 'string') throw badRequest('An @odata.bind value must be a URI string or null.');
  let text = raw;
  const contentId = /^\$(\w+)$/.exec(text);
  if (contentId) {
    const resolved = ctx.contentIds.get(contentId[1]!);
    if (!resolved) throw badRequest(`Content-ID reference '${text}' does not match any earlier request in the change set.`);
    text = resolved;
  }
  text = text.replace(/^https?:\/\/[^/]+/, '').replace(/^.*?\/api\/data\/v9\.[0-2]\//, '').replace(/^\//, '');
  const resource = parseResourcePath(text, ctx.catalog);
  if (resource.kind !== 'record' || resource.entity.logicalName !== target) {
    throw badRequest(`The URI '${raw}' is not a valid reference to a ${target} record.`);
  }
  const id = resolveRecordId(resource, ctx.store);
  if (id === undefined) throw recordNotFound(target, resource.id ?? JSON.stringify(resource.key));
  return id;
}

function coerce(entity: EntityDefinition, attribute: AttributeDefinition, raw: unknown): StoredValue {
  if (raw === null) return null;
  const mismatch = () => literalMismatch(typeof raw === 'string' ? raw : JSON.stringify(raw), edmType(attribute));
  const outOfRange = (accepted: string) => new DataverseError(400, CODES.optionOutOfRange,
    `A validation error occurred. The value ${JSON.stringify(raw)} of '${attribute.logicalName}' on record of type '${entity.logicalName}' is outside the valid range. Accepted Values: ${accepted}`);
  switch (attribute.type) {
    case 'string': case 'memo': {
      if (typeof raw !== 'string') throw mismatch();
      if (raw.length > attribute.maxLength) {
        throw new DataverseError(400, CODES.validation, `A validation error occurred.  The length of the '${attribute.logicalName}' attribute of the '${entity.logicalName}' entity exceeded the maximum allowed length of '${attribute.maxLength}'.`);
      }
      return raw;
    }
    case 'integer': case 'bigint': {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw mismatch();
      if (attribute.type === 'integer' && (raw < attribute.min || raw > attribute.max)) throw outOfRange(`${attribute.min} to ${attribute.max}`);
      return raw;
    }
    case 'decimal': case 'money': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw mismatch();
      if (raw < attribute.min || raw > attribute.max) throw outOfRange(`${attribute.min} to ${attribute.max}`);
      return Math.round(raw * 10 ** attribute.precision) / 10 ** attribute.precision;
    }
    case 'boolean': if (typeof raw !== 'boolean') throw mismatch(); return raw;
    case 'uniqueidentifier': if (typeof raw !== 'string' || !GUID.test(raw)) throw mismatch(); return raw.toLowerCase();
    case 'datetime': {
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw) || Number.isNaN(Date.parse(raw))) throw mismatch();
      return new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'dateonly': {
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) throw mismatch();
      return raw;
    }
    case 'picklist': case 'state': case 'status': {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw mismatch();
      if (!attribute.options.some((o) => o.value === raw)) {
        if (attribute.type === 'picklist') throw outOfRange(attribute.options.map((o) => o.value).join(','));
        throw new DataverseError(400, CODES.invalidStateStatus, `${raw} is not a valid ${attribute.logicalName} for ${entity.logicalName}.`);
      }
      return raw;
    }
    case 'lookup': throw mismatch();
  }
}
