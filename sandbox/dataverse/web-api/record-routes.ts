/**
 * Create, retrieve, update, upsert and delete of one row (crm-apis.md §4.1–4.2):
 * - POST: 204 + `OData-EntityId`, or 201 + the row with `Prefer: return=representation`;
 * - PATCH: upsert unless `If-Match: *` (update only: 404 when missing) or `If-None-Match: *`
 *   (create only: 412 when present); `If-Match: W/"n"` must equal the row version (412);
 * - GET: `$select`/`$expand`, `ETag`, 304 on `If-None-Match: W/"n"` when unchanged;
 * - DELETE: honours `If-Match` too.
 */
import { conditionalNotFound, recordExists, recordNotFound, keyNotFound, versionMismatch } from '../errors.js';
import { parseQueryOptions } from '../odata/query-options.js';
import type { EntityDefinition } from '../schema/types.js';
import type { StoredRecord } from '../store/types.js';
import { checkUpdateRules, checkWriteRules } from './business-rules.js';
import { parseJsonBody, readPayload } from './payload.js';
import { parsePrefer } from './prefer.js';
import { contextUrl, etagOf, represent } from './representation.js';
import { resolveRecordId, type RecordPath } from './resource-path.js';
import type { ApiRequest, ApiResponse, CallContext, Environment } from './types.js';

export function entityUrl(env: Environment, entity: EntityDefinition, id: string): string {
  return `${env.apiBase}/${entity.entitySetName}(${id})`;
}

export function createRecord(env: Environment, entity: EntityDefinition, req: ApiRequest, ctx: CallContext): { response: ApiResponse; id: string } {
  const payload = readPayload(entity, parseJsonBody(req.body), { catalog: env.catalog, store: env.store, contentIds: ctx.contentIds });
  if (payload.id !== undefined && env.store.get(entity.logicalName, payload.id)) throw recordExists();
  checkWriteRules(entity, payload.values);
  const row = env.store.create(entity.logicalName, payload.values, ctx, payload.id === undefined ? {} : { id: payload.id });
  const id = row[entity.primaryIdAttribute] as string;
  return { response: written(env, entity, row, req, 201, true), id };
}

export function retrieveRecord(env: Environment, path: RecordPath, req: ApiRequest): ApiResponse {
  const row = requireRow(env, path);
  const options = parseQueryOptions(req.query, path.entity, env.catalog, false);
  const etag = etagOf(row);
  if (req.headers['if-none-match'] === etag) return { status: 304, headers: { ETag: etag } };
  const prefs = parsePrefer(req.headers.prefer);
  const body = {
    '@odata.context': contextUrl(env.apiBase, path.entity, options.select, true),
    ...represent(path.entity, row, { store: env.store, catalog: env.catalog, includeAnnotations: prefs.includeAnnotations }, options.select, options.expand),
  };
  return { status: 200, headers: { ETag: etag, ...annotationsApplied(prefs.includeAnnotations) }, body };
}

export function upsertRecord(env: Environment, path: RecordPath, req: ApiRequest, ctx: CallContext): { response: ApiResponse; id: string } {
  const { entity } = path;
  const payload = readPayload(entity, parseJsonBody(req.body), { catalog: env.catalog, store: env.store, contentIds: ctx.contentIds });
  const existingId = resolveRecordId(path, env.store);
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (existingId === undefined) {
    if (ifMatch !== undefined) throw path.id !== undefined ? conditionalNotFound(entity.logicalName, path.id) : keyNotFound(entity.logicalName);
    // Creating through the URL: the key (or id) comes from the URL.
    const values: StoredRecord = { ...payload.values, ...(path.key ?? {}) };
    checkWriteRules(entity, values);
    const row = env.store.create(entity.logicalName, values, ctx, path.id === undefined ? {} : { id: path.id });
    return { response: written(env, entity, row, req, 201, true), id: row[entity.primaryIdAttribute] as string };
  }
  if (ifNoneMatch === '*') throw recordExists();
  const current = env.store.require(entity.logicalName, existingId);
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(current)) throw versionMismatch();
  checkUpdateRules(entity, current, payload.values, env.store);
  const row = env.store.update(entity.logicalName, existingId, payload.values, ctx);
  return { response: written(env, entity, row, req, 200, false), id: existingId };
}

export function deleteRecord(env: Environment, path: RecordPath, req: ApiRequest): ApiResponse {
  const row = requireRow(env, path);
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(row)) throw versionMismatch();
  env.store.delete(path.entity.logicalName, row[path.entity.primaryIdAttribute] as string);
  return { status: 204, headers: {} };
}

/** `DELETE …/<navigation>/$ref`: clears a single-valued lookup. */
export function clearReference(env: Environment, path: RecordPath, navigation: string, ctx: CallContext): ApiResponse {
  const row = requireRow(env, path);
  const found = env.catalog.navigation(path.entity.logicalName, navigation)!;
  env.store.update(path.entity.logicalName, row[path.entity.primaryIdAttribute] as string, { [found.lookup.logicalName]: null }, ctx);
  return { status: 204, headers: {} };
}

function requireRow(env: Environment, path: RecordPath): StoredRecord {
  const id = resolveRecordId(path, env.store);
  if (id === undefined) throw path.id !== undefined ? recordNotFound(path.entity.logicalName, path.id) : keyNotFound(path.entity.logicalName);
  return env.store.require(path.entity.logicalName, id);
}

/** 204 with `OData-EntityId`, or the row with `Prefer: return=representation` (201 created, 200 updated). */
function written(env: Environment, entity: EntityDefinition, row: StoredRecord, req: ApiRequest, representationStatus: number, created: boolean): ApiResponse {
  const prefs = parsePrefer(req.headers.prefer);
  const url = entityUrl(env, entity, row[entity.primaryIdAttribute] as string);
  if (!prefs.returnRepresentation) return { status: 204, headers: { 'OData-EntityId': url } };
  const options = parseQueryOptions(new URLSearchParams(req.query.has('$select') ? { $select: req.query.get('$select')! } : {}), entity, env.catalog, false);
  const body = {
    '@odata.context': contextUrl(env.apiBase, entity, options.select, true),
    ...represent(entity, row, { store: env.store, catalog: env.catalog, includeAnnotations: prefs.includeAnnotations }, options.select),
  };
  return {
    status: created ? 201 : representationStatus,
    headers: { 'Preference-Applied': 'return=representation', ETag: etagOf(row) },
    body,
  };
}

export function annotationsApplied(include: string | undefined): Record<string, string> {
  return include ? { 'Preference-Applied': `odata.include-annotations="${include}"` } : {};
}
