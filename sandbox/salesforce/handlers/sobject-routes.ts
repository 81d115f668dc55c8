/**
 * Single-record REST: create, retrieve, update, delete, and upsert or retrieve by external id.
 *   POST   /sobjects/{T}                  → 201 {id, success, errors}
 *   GET    /sobjects/{T}/{id}[?fields=]   → 200 record
 *   PATCH  /sobjects/{T}/{id}             → 204
 *   DELETE /sobjects/{T}/{id}             → 204
 *   PATCH  /sobjects/{T}/{ExtField}/{v}   → 201 created / 200 updated (204 before v46) / 300 several
 *   GET    /sobjects/{T}/{ExtField}/{v}   → 200 record
 */
import express, { type Response, type Router } from 'express';
import { entityIsDeleted, SalesforceError } from '../errors.js';
import { normalizeId } from '../ids.js';
import type { ObjectDef, SObjectRecord } from '../schema/types.js';
import { actingUser, apiVersion, fieldList, jsonObjectBody, objectOr404, queryParam, recordUrl, representation, type ApiContext } from './api-context.js';

export function sobjectRoutes(ctx: ApiContext): Router {
  const r = express.Router();

  r.post('/sobjects/:type', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    if (!object.createable) throw new SalesforceError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${object.name} does not support insert`);
    const record = ctx.store.insert(object.name, jsonObjectBody(req), { asUserId: actingUser(res) });
    res.status(201).json({ id: record.Id, success: true, errors: [] });
  });

  r.get('/sobjects/:type/:id', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const record = liveRecord(ctx, object, req.params.id);
    res.status(200).json(representation(res, object, record, fieldList(ctx, object, queryParam(req, 'fields'))));
  });

  r.patch('/sobjects/:type/:id', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const id = liveRecord(ctx, object, req.params.id).Id as string;
    const body = jsonObjectBody(req);
    ctx.store.update(object.name, id, body, { asUserId: actingUser(res) });
    res.status(204).end();
  });

  r.delete('/sobjects/:type/:id', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const id = liveRecord(ctx, object, req.params.id).Id as string;
    if (!object.deletable) throw new SalesforceError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${object.name} does not support delete`);
    ctx.store.delete(object.name, id, { asUserId: actingUser(res) });
    res.status(204).end();
  });

  r.get('/sobjects/:type/:field/:value', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const matches = byExternalId(ctx, object, req.params.field, req.params.value);
    if (matches.length > 1) { multipleChoices(res, object, matches); return; }
    const record = matches[0];
    if (!record) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    res.status(200).json(representation(res, object, record, fieldList(ctx, object, queryParam(req, 'fields'))));
  });

  r.patch('/sobjects/:type/:field/:value', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const { field, value } = req.params;
    const matches = byExternalId(ctx, object, field, value);
    if (matches.length > 1) { multipleChoices(res, object, matches); return; }
    const body = withoutExternalId(ctx, object, jsonObjectBody(req), field, value);
    const asUserId = actingUser(res);
    const legacy = Number(apiVersion(res)) < 46;
    const existing = matches[0];
    if (existing) {
      ctx.store.update(object.name, String(existing.Id), body, { asUserId });
      if (legacy) res.status(204).end();
      else res.status(200).json({ id: existing.Id, success: true, errors: [], created: false });
      return;
    }
    const extField = ctx.schema.field(object, field)!;
    if (extField.name === 'Id' || queryParam(req, 'updateOnly') === 'true') throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const record = ctx.store.insert(object.name, { ...body, [extField.name]: value }, { asUserId });
    res.status(201).json({ id: record.Id, success: true, errors: [], ...(legacy ? {} : { created: true }) });
  });

  return r;
}

/** Salesforce answers a malformed Id as if it were an unknown external-id field. */
export function liveRecord(ctx: ApiContext, object: ObjectDef, rawId: string): SObjectRecord {
  const id = normalizeId(rawId);
  const record = id ? ctx.store.get(object.name, id) : undefined;
  if (!id) throw new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${rawId}`);
  if (!record) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
  if (record.IsDeleted === true) throw entityIsDeleted();
  return record;
}

/** Records matching an external-id (or Id) field; 404 when the field is not usable as an external id. */
export function byExternalId(ctx: ApiContext, object: ObjectDef, fieldName: string, value: string): SObjectRecord[] {
  const field = ctx.schema.field(object, fieldName);
  if (!field || (field.name !== 'Id' && !field.externalId)) {
    throw new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName}`);
  }
  return ctx.store.findByField(object.name, field.name, value);
}

/** The external-id field may repeat the URL's value in the body, but not contradict it. */
export function withoutExternalId(ctx: ApiContext, object: ObjectDef, body: Record<string, unknown>, fieldName: string, value: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.toLowerCase() !== fieldName.toLowerCase()) { out[k] = v; continue; }
    if (String(v).toLowerCase() !== value.toLowerCase()) {
      throw new SalesforceError(400, 'INVALID_FIELD', `The value of ${ctx.schema.field(object, fieldName)?.name ?? fieldName} in the body does not match the external ID in the URL: ${value}`, [fieldName]);
    }
  }
  return out;
}

function multipleChoices(res: Response, object: ObjectDef, matches: SObjectRecord[]): void {
  res.status(300).json(matches.map((m) => recordUrl(res)(object.name, String(m.Id))));
}
