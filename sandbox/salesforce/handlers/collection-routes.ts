/**
 * sObject Collections, as jsforce calls them (API ≥ 42; upsert ≥ 46):
 *   POST   /composite/sobjects                    create   {allOrNone, records:[{attributes:{type}, …}]}
 *   PATCH  /composite/sobjects                    update   {allOrNone, records:[{id, attributes:{type}, …}]}
 *   DELETE /composite/sobjects?ids=a,b&allOrNone=  delete
 *   POST   /composite/sobjects/{T}                retrieve {ids, fields}
 *   PATCH  /composite/sobjects/{T}/{ExtField}     upsert   {allOrNone, records}
 * Each answers 200 with one result per item in request order; more than 200 items is a 400.
 */
import express, { type Request, type Router } from 'express';
import { SalesforceError } from '../errors.js';
import { keyPrefixOf, normalizeId } from '../ids.js';
import type { ObjectDef } from '../schema/types.js';
import { actingUser, apiVersion, fieldList, jsonObjectBody, objectOr404, queryParam, representation, type ApiContext } from './api-context.js';
import { allOrNoneFlag, checkCollectionSize, runItems, type SaveResult } from './collection-results.js';
import { byExternalId, withoutExternalId } from './sobject-routes.js';

type Item = Record<string, unknown>;

export function collectionRoutes(ctx: ApiContext): Router {
  const r = express.Router();

  r.post('/composite/sobjects', (req, res) => {
    const { records, allOrNone } = collectionBody(req);
    const asUserId = actingUser(res);
    res.status(200).json(runItems(ctx.store, records, allOrNone, (item) => {
      const { attributes: _attributes, ...fields } = item;
      const object = itemObject(ctx, item);
      if (!object.createable) throw new SalesforceError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${object.name} does not support insert`);
      const record = ctx.store.insert(object.name, fields, { asUserId });
      return { id: String(record.Id), success: true, errors: [] };
    }));
  });

  r.patch('/composite/sobjects', (req, res) => {
    const { records, allOrNone } = collectionBody(req);
    const asUserId = actingUser(res);
    res.status(200).json(runItems(ctx.store, records, allOrNone, (item) => {
      const { attributes: _attributes, id: lowerId, Id: upperId, ...fields } = item;
      const rawId = lowerId ?? upperId;
      const id = typeof rawId === 'string' ? normalizeId(rawId) : undefined;
      if (!id) throw new SalesforceError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
      const object = itemObject(ctx, item);
      if (keyPrefixOf(id) !== object.keyPrefix) throw new SalesforceError(400, 'MALFORMED_ID', `${object.name} ID: id value of incorrect type: ${id}`, ['Id']);
      ctx.store.update(object.name, id, fields, { asUserId });
      return { id, success: true, errors: [] };
    }));
  });

  r.delete('/composite/sobjects', (req, res) => {
    const ids = (queryParam(req, 'ids') ?? '').split(',').filter((s) => s !== '');
    if (ids.length === 0) throw new SalesforceError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
    checkCollectionSize(ids.length);
    const asUserId = actingUser(res);
    res.status(200).json(runItems(ctx.store, ids, allOrNoneFlag(queryParam(req, 'allOrNone')), (raw): SaveResult => {
      const id = normalizeId(raw);
      if (!id) throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${raw}`, []);
      const found = ctx.store.getById(id);
      if (!found) throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
      ctx.store.delete(found.type, id, { asUserId });
      return { id, success: true, errors: [] };
    }));
  });

  r.post('/composite/sobjects/:type', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const body = jsonObjectBody(req);
    const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
    const fields = fieldList(ctx, object, body.fields);
    if (ids.length === 0 || !fields) throw new SalesforceError(400, 'MISSING_ARGUMENT', 'ids and fields are required');
    if (ids.length > 2000) throw new SalesforceError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 2000 records into this call');
    res.status(200).json(ids.map((raw) => {
      const id = normalizeId(raw);
      const record = id ? ctx.store.get(object.name, id) : undefined;
      return record && record.IsDeleted !== true ? representation(res, object, record, fields) : null;
    }));
  });

  r.patch('/composite/sobjects/:type/:field', (req, res) => {
    if (Number(apiVersion(res)) < 46) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const object = objectOr404(ctx, req.params.type);
    const extField = ctx.schema.field(object, req.params.field);
    if (!extField || !extField.externalId) {
      throw new SalesforceError(400, 'INVALID_FIELD', `Provided external ID field does not exist or is not accessible: ${req.params.field}`);
    }
    const { records, allOrNone } = collectionBody(req);
    const values = records.map((r) => Object.entries(r).find(([k]) => k.toLowerCase() === extField.name.toLowerCase())?.[1]);
    const seen = new Map<string, number>();
    for (const v of values) if (typeof v === 'string') seen.set(v.toLowerCase(), (seen.get(v.toLowerCase()) ?? 0) + 1);
    const asUserId = actingUser(res);
    res.status(200).json(runItems(ctx.store, records, allOrNone, (item, i): SaveResult => {
      const { attributes: _attributes, ...fields } = item;
      const value = values[i];
      if (typeOf(item).toLowerCase() !== object.name.toLowerCase()) throw new SalesforceError(400, 'INVALID_FIELD', `Record type ${typeOf(item)} does not match ${object.name}`);
      if (typeof value !== 'string' && typeof value !== 'number') throw new SalesforceError(400, 'MISSING_ARGUMENT', `${extField.name} not specified`, [extField.name]);
      const key = String(value);
      if ((seen.get(key.toLowerCase()) ?? 0) > 1) throw new SalesforceError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${key}`, [extField.name]);
      const matches = byExternalId(ctx, object, extField.name, key);
      if (matches.length > 1) {
        throw new SalesforceError(300, 'DUPLICATE_EXTERNAL_ID', `${extField.name}: more than one record found for external id field: [${matches.map((m) => String(m.Id)).join(', ')}]`, [extField.name]);
      }
      const existing = matches[0];
      if (existing) {
        ctx.store.update(object.name, String(existing.Id), withoutExternalId(ctx, object, fields, extField.name, key), { asUserId });
        return { id: String(existing.Id), success: true, errors: [], created: false };
      }
      const record = ctx.store.insert(object.name, fields, { asUserId });
      return { id: String(record.Id), success: true, errors: [], created: true };
    }));
  });

  return r;
}

function collectionBody(req: Request): { records: Item[]; allOrNone: boolean } {
  const body = jsonObjectBody(req);
  if (!Array.isArray(body.records)) throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'records is required and must be an array');
  checkCollectionSize(body.records.length);
  const records = body.records.map((r): Item => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'each record must be a JSON object');
    return r as Item;
  });
  return { records, allOrNone: allOrNoneFlag(body.allOrNone) };
}

function itemObject(ctx: ApiContext, item: Item): ObjectDef {
  const type = typeOf(item);
  const object = ctx.schema.find(type);
  if (!object) throw new SalesforceError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`, []);
  return object;
}

function typeOf(item: Item): string {
  const attributes = item.attributes as { type?: unknown } | undefined;
  if (typeof attributes?.type !== 'string') throw new SalesforceError(400, 'INVALID_TYPE', 'Must send a concrete entity type.', []);
  return attributes.type;
}
