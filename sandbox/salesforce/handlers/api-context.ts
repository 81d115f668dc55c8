/** What the REST handlers share, and small helpers for Salesforce's record representation. */
import type { Request, Response } from 'express';
import type { Clock } from '../../../api/domain/clock.js';
import type { ApiUsage } from '../api-usage.js';
import { sessionOf } from '../auth/authenticate.js';
import { SalesforceError } from '../errors.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { ObjectDef, SObjectRecord } from '../schema/types.js';
import type { QueryCursors } from '../soql/query-cursors.js';
import type { OutputRecord, RecordUrl } from '../soql/project.js';
import type { RecordStore } from '../store/record-store.js';

export interface ApiContext {
  schema: OrgSchema;
  store: RecordStore;
  cursors: QueryCursors;
  clock: Clock;
  usage: ApiUsage;
}

/** `62.0` from the `/services/data/v62.0/…` mount (validated by the version gate). */
export function apiVersion(res: Response): string {
  return res.locals.apiVersion as string;
}

export function recordUrl(res: Response): RecordUrl {
  const version = apiVersion(res);
  return (type, id) => `/services/data/v${version}/sobjects/${type}/${id}`;
}

export function actingUser(res: Response): string {
  return sessionOf(res).userId;
}

export function objectOr404(ctx: ApiContext, name: string): ObjectDef {
  const object = ctx.schema.find(name);
  if (!object) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return object;
}

/** A full record as `GET /sobjects/T/{id}` answers it: attributes, then every field in describe order (or only `fields`). */
export function representation(res: Response, object: ObjectDef, record: SObjectRecord, fields?: string[]): OutputRecord {
  const out: OutputRecord = { attributes: { type: object.name, url: recordUrl(res)(object.name, String(record.Id)) } };
  for (const f of object.fields) {
    if (fields && !fields.includes(f.name)) continue;
    out[f.name] = record[f.name] ?? null;
  }
  return out;
}

/** Validates `?fields=a,b` (or a `fields` array) and returns canonical names. */
export function fieldList(ctx: ApiContext, object: ObjectDef, raw: unknown): string[] | undefined {
  const names = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw.map(String) : undefined;
  if (!names) return undefined;
  return names.map((n) => n.trim()).filter((n) => n !== '').map((n) => {
    const f = ctx.schema.field(object, n);
    if (!f) throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${n}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    return f.name;
  });
}

export function jsonObjectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject from the request body: a JSON object is required');
  }
  return body as Record<string, unknown>;
}

export function queryParam(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
